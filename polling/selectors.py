"""Reads of election day: who may vote and how many (by method), the live quorum (VOTE-3, VOTE-4), the
issuance search, what a proxy holder holds.

`quorum_status(election)` is the live quorum of the current round; `quorum_statuses(elections, rounds)` gives
the same for many elections in a constant number of queries, for the rounds asked (the supervisors' dashboard
asks for each election's decisive round, counting.selectors.decisive_rounds).
"""
from dataclasses import dataclass

from django.db.models import Count, Exists, F, FilteredRelation, OuterRef, Q, Subquery
from django.utils.translation import gettext_lazy as _

from elections.models import Election, Method, Sex
from elections.prepared import prepared
from elections.rules.quorum import quorum
from voters.idcard import mask
from voters.models import Absence, Registration
from voters.selectors import query_words, terms_q, word_terms
from voters.services.absences import absences_standing, excludes_absences

from .models import BallotIssue, PollingStation, Proxy, Round

CONFIRMED = Registration.Status.CONFIRMED

# Who counts towards the quorum, by method (MTH-1, VOTE-3, VOTE-4).
ELIGIBLE_LABELS = {
    Method.DIRECT: _("registered voters"),
    Method.HOUSEHOLD: _("registered households"),
    Method.REPRESENTATIVE: _("residents' representatives"),
}


def voters_of(election):
    """Confirmed registrations that may receive a ballot: every voter, or only the representatives under the
    residents' representatives method (MTH-1)."""
    qs = Registration.objects.filter(election=election, status=CONFIRMED)
    if election.method == Method.REPRESENTATIVE:
        qs = qs.filter(resident__is_representative=True)
    return qs


def registration_counts(elections):
    """{election id: {"voters", "representatives", "households", "no_household"}} of the confirmed voters of the
    elections (a list or a queryset of them), in one query."""
    ids = elections.values("pk") if hasattr(elections, "values") else [e.pk for e in elections]
    rows = (Registration.objects.filter(election_id__in=ids, status=CONFIRMED).order_by().values("election_id")
            .annotate(voters=Count("pk"),
                      representatives=Count("pk", filter=Q(resident__is_representative=True)),
                      households=Count("resident__household", distinct=True),
                      no_household=Count("pk", filter=Q(resident__household__isnull=True))))
    return {r["election_id"]: r for r in rows}


NO_VOTERS = {"voters": 0, "representatives": 0, "households": 0, "no_household": 0}


def eligible_by_method(method, row):
    """Who may vote under the method (MTH-1, VOTE-3, VOTE-4): voters, households or representatives."""
    if method == Method.REPRESENTATIVE:
        return row["representatives"]
    if method == Method.HOUSEHOLD:
        # A voter filed without a household stands for a household of their own.
        return row["households"] + row["no_household"]
    return row["voters"]


@prepared(Registration)
def _confirmed_count(shape, election):
    return (Registration.objects.filter(election_id=election, status=CONFIRMED).order_by()
            .values("election_id").annotate(n=Count("*")).values_list("n", flat=True))


def _eligible_counts(elections):
    """{election id: voters, households or representatives, by its method} in one or two queries."""
    counts = {}
    # Under the direct method (most elections, and the live quorum's every refresh) the count is of the
    # registrations alone: no join to the residents, no distinct households (issue 13: the quorum bar).
    # COUNT(*), not COUNT(id): read from the (election, status) index alone, without the table's rows.
    direct = [e.pk for e in elections if e.method not in (Method.REPRESENTATIVE, Method.HOUSEHOLD)]
    if len(direct) == 1:  # the live quorum, after every issuance: its SQL compiled once (issue 13)
        counts = {direct[0]: next(iter(_confirmed_count((), election=direct[0])), 0)}
    elif direct:
        counts = {e: 0 for e in direct}
        counts.update(Registration.objects.filter(election_id__in=direct, status=CONFIRMED).order_by()
                      .values("election_id").annotate(n=Count("*")).values_list("election_id", "n"))
    others = [e for e in elections if e.pk not in counts]
    if others:
        by_id = registration_counts(others)
        counts.update({e.pk: eligible_by_method(e.method, by_id.get(e.pk, NO_VOTERS)) for e in others})
    return counts


def eligible_count(election):
    """Ballots needed for everyone who may vote: voters, households or representatives, by method."""
    return _eligible_counts([election])[election.pk]


def absent_count(election, polling_round):
    """VOT-8: how many of the eligible (voters, or households under the household method) the round's quorum
    base leaves out — declared absent at least 2 days before its voting day, and not come after all."""
    standing = absences_standing(election, polling_round.day)
    if not standing.exists():
        return 0
    came = (BallotIssue.objects.filter(round=polling_round, cancelled_at__isnull=True) if polling_round.pk
            else BallotIssue.objects.none())
    if election.method != Method.HOUSEHOLD:
        return standing.exclude(registration__in=came.values("registration")).count()
    # A household is left out only when every voter of it declared; a voter without a household stands for a
    # household of their own.
    absent = set(standing.values_list("registration_id", flat=True))
    rows = (Registration.objects.filter(election=election, status=CONFIRMED)
            .filter(Q(resident__household__in=Registration.objects.filter(pk__in=absent)
                      .values("resident__household")) | Q(pk__in=absent))
            .values_list("pk", "resident__household_id"))
    members = {}
    for pk, household in rows:
        members.setdefault(household or f"r{pk}", set()).add(pk)
    came_households = set(came.exclude(household__isnull=True).values_list("household_id", flat=True))
    came_voters = set(came.values_list("registration_id", flat=True))
    return sum(1 for household, voters in members.items()
               if voters <= absent and household not in came_households and not voters & came_voters)


def quorum_base(election, polling_round):
    """(eligible, absent): those the quorum of the round counts from (VOTE-3/4), after VOT-8."""
    eligible = eligible_count(election)
    return eligible, absent_count(election, polling_round) if polling_round is not None else 0


def _current_rounds(elections):
    """{election id: its current Round} (the latest one), in one query."""
    rounds = {}
    for round_obj in Round.objects.filter(election__in=[e.pk for e in elections]).order_by("election_id", "number"):
        rounds[round_obj.election_id] = round_obj
    return rounds


def _issued_counts(rounds):
    """{election id: ballots issued and not cancelled in its round} for {election id: Round}, in one query (a
    round not saved yet has issued none)."""
    election_of = {r.pk: election_id for election_id, r in rounds.items() if r.pk}
    rows = (BallotIssue.objects.filter(round_id__in=list(election_of), cancelled_at__isnull=True)
            .order_by().values("round_id").annotate(n=Count("pk")))
    return {election_of[r["round_id"]]: r["n"] for r in rows}


@dataclass(frozen=True)
class QuorumStatus:
    """VOTE-3 / VOTE-4 for the current round: `eligible` by method — the registered less those VOT-8 leaves out
    (`absent`) —, `attended` = ballots issued (one per voter or household: collecting the ballot is taking
    part), `threshold` from the profile."""

    method: str
    eligible_label: str
    eligible: int
    attended: int
    threshold: int
    reached: bool
    rule: str
    description: str
    round_number: int
    share: str
    absent: int = 0

    @property
    def registered(self):
        return self.eligible + self.absent

    @property
    def missing(self):
        return max(0, self.threshold - self.attended)

    @property
    def percent(self):
        return round(100 * self.attended / self.eligible, 1) if self.eligible else 0.0

    @property
    def threshold_percent(self):
        return round(100 * self.threshold / self.eligible, 1) if self.eligible else 0.0


def _status(election, registered, attended, round_number, absent=0):
    if not election.method:
        return None
    eligible = registered - absent
    result = quorum(election.method, eligible, attended, election.rules)
    rules = election.rules
    if election.method == Method.REPRESENTATIVE:
        fraction = f"{rules.rep_quorum_numerator}/{rules.rep_quorum_denominator}"
        share = ("> " if rules.rep_quorum_strict else "≥ ") + fraction
    else:
        share = "> 1/2"
    return QuorumStatus(method=election.method, eligible_label=str(ELIGIBLE_LABELS[Method(election.method)]),
                        eligible=eligible, attended=attended, threshold=result.threshold_count,
                        reached=result.reached, rule=result.rule, description=result.description,
                        round_number=round_number, share=share, absent=absent)


def _with_absences(elections):
    """The ids of the elections whose quorum base VOT-8 may shrink: their profile and method leave declared
    absences out and some voter has declared one (one query for all)."""
    candidates = [e.pk for e in elections if excludes_absences(e)]
    if not candidates:
        return set()
    return set(Absence.objects.filter(registration__election_id__in=candidates, withdrawn_at__isnull=True)
               .values_list("registration__election_id", flat=True).distinct())


def quorum_statuses(elections, *, rounds=None, issued=None):
    """{election id: QuorumStatus or None (no method decided yet)} in three or four queries, whatever the number
    (and one or two more for each election where a voter declared absence and the profile leaves such voters
    out, VOT-8).

    `rounds` ({election id: Round or None}) says which round's quorum to show; by default the current (latest)
    one, as the live quorum page does. The supervisors' dashboard passes the decisive round
    (counting.selectors.decisive_rounds): a void tie-break round is not the quorum of the election. A page that
    has counted the ballots issued ({election id: n}) passes them too, and saves that query."""
    elections = list(elections)
    if not elections:
        return {}
    eligible = _eligible_counts(elections)
    rounds = _current_rounds(elections) if rounds is None else {k: v for k, v in rounds.items() if v}
    numbers = {election_id: r.number for election_id, r in rounds.items()}
    issued = _issued_counts(rounds) if issued is None else issued
    with_absences = _with_absences(elections)
    statuses = {}
    for e in elections:
        current = rounds.get(e.pk) or Round(election=e, number=1)  # before the first ballot: election day
        current.election = e
        absent = absent_count(e, current) if e.pk in with_absences else 0
        statuses[e.pk] = _status(e, eligible[e.pk], issued.get(e.pk, 0), numbers.get(e.pk, 1), absent)
    return statuses


def quorum_status(election, polling_round=None, issued=None):
    """VOTE-3 / VOTE-4, live: the quorum of the election's current round (None before the method is
    decided); `polling_round` and `issued` (ballots issued in it) when the caller has them already."""
    rounds = None if polling_round is None else {election.pk: polling_round}
    counts = None if issued is None else {election.pk: issued}
    return quorum_statuses([election], rounds=rounds, issued=counts)[election.pk]


# --- issuance ----------------------------------------------------------------------------------------------

SEARCH_LIMIT = 30


def latest_round(election):
    """The election's current (latest) round as an expression inside a query, where the row itself is not needed
    (services.rounds.current_round reads it, and opens the first round on the first ballot)."""
    return Subquery(Round.objects.filter(election=election).order_by("-number").values("pk")[:1])


def _approved_proxy_given():
    """The approved proxy a registration gave, as a join (at most one: proxy_one_active_per_principal, PRX-4)."""
    return FilteredRelation("proxies_given", condition=Q(proxies_given__status=Proxy.Status.APPROVED))


# The light search's columns, as its rows name them.
BRIEF_FIELDS = ["pk", "resident__name", "resident__sex", "resident__group__name",
                "resident__household__number", "resident__id_number", "ballot__issued_at",
                "ballot__station__name", "given__holder__resident__name", "holds", "absent"]


def brief_search_queryset(election, round_obj, group, words, limit):
    """The light search's query: the voters of `election` in resident `group` (None: any) matched by every
    word's terms (`words`: [[(lookup, value)]], voters.selectors.word_terms), each with the state of their
    ballot of `round_obj` (a Round or its pk; None: the current round, found by the query itself)."""
    # The voter's active ballot of the round and the approved proxy they gave are at most one row each (the
    # unique constraints ballot_issued_once_per_voter, VOTE-2, and proxy_one_active_per_principal, PRX-4): a
    # LEFT JOIN on each reads them on those unique indexes, and costs less to build than a subquery per column
    # (issue 13). No ordering in the subqueries: the models' default orderings join up to the community.
    if round_obj is None:  # the current round, found by the query itself: one query less (issue 13)
        round_obj = latest_round(election)
    active = BallotIssue.objects.filter(round=round_obj, cancelled_at__isnull=True).order_by()
    qs = voters_of(election).annotate(
        ballot=FilteredRelation("ballot_issues", condition=Q(ballot_issues__round=round_obj,
                                                            ballot_issues__cancelled_at__isnull=True)),
        given=_approved_proxy_given(),
        holds=Exists(Proxy.objects.filter(status=Proxy.Status.APPROVED, holder=OuterRef("pk"))),
        absent=Exists(Absence.objects.filter(registration=OuterRef("pk"), withdrawn_at__isnull=True)))
    fields = list(BRIEF_FIELDS)
    if election.method == Method.HOUSEHOLD:
        qs = qs.annotate(household_taker=Subquery(
            active.filter(household=OuterRef("resident__household")).exclude(registration=OuterRef("pk"))
            .values("registration__resident__name")[:1]))
        fields.append("household_taker")
    return _found(qs, election, group, words).values(*fields)[:limit]


def _found(registrations, election, group, words):
    """The registrations in resident `group` (None: any) whose resident every word's terms match, in the order
    of the voter list: resident group, household, name."""
    if group is not None:
        registrations = registrations.filter(resident__group_id=group)
    if words:
        # Among the community's residents (every voter is one), so the database looks for the name on the
        # residents' community index, not among every resident of the city (issue 13).
        registrations = registrations.filter(resident__community_id=election.community_id)
        for terms in words:
            registrations = registrations.filter(terms_q(terms, "resident__"))
    return registrations.order_by("resident__group__number", "resident__household__number", "resident__name")


def voters_queryset(election, group, words, limit):
    """The issuance page's search without script: the voters found (registrations with their resident, group
    and household), each flagged with whether they hold or gave an approved proxy (PRX-4) and declared an
    absence (VOT-8), so that the page asks for those only when some voter found has one."""
    approved = Proxy.objects.filter(status=Proxy.Status.APPROVED).order_by()
    qs = voters_of(election).select_related("resident__group", "resident__household").annotate(
        holds=Exists(approved.filter(holder=OuterRef("pk"))),
        gave=Exists(approved.filter(principal=OuterRef("pk"))),
        declared=Exists(Absence.objects.filter(registration=OuterRef("pk"), withdrawn_at__isnull=True)))
    return _found(qs, election, group, words)[:limit]


def _search_terms(shape, words):
    """[[(lookup, value)]] of each word of a search, from its shape's lookups and the call's values."""
    return [[(lookup, words[f"w{i}_{j}"]) for j, lookup in enumerate(word)]
            for i, word in enumerate(shape[1])]


@prepared(Registration)
def _voters_found(shape, *, election, community=None, group=None, **words):
    """voters_queryset compiled once per shape (search_call)."""
    stand_in = Election(pk=election, method=shape[0], community_id=community)
    return voters_queryset(stand_in, group, _search_terms(shape, words), shape[2])


def search_voters(election, *, query="", group=None, limit=SEARCH_LIMIT):
    """Voters for the issuance page: by name, by resident group, or by the last digits of the identity number
    (voters_queryset, its SQL compiled once per shape of search).

    Clerks see masked numbers (VOT-7: first 6 and last 4), so a number search uses its last 4 characters only
    (voters.selectors.word_terms, the one search of people).
    """
    call = search_call(election, query=query, group=group, limit=limit)
    if call is None:
        return []
    shape, values = call
    return _voters_found(shape, **values)


@prepared(Registration)
def _brief_search(shape, *, election, community=None, round=None, group=None, **words):
    """brief_search_queryset compiled once per shape (search_call)."""
    stand_in = Election(pk=election, method=shape[0], community_id=community)
    return brief_search_queryset(stand_in, round, group, _search_terms(shape, words), shape[2])


def search_call(election, round_obj=None, *, query="", group=None, limit=SEARCH_LIMIT):
    """(shape, values) of a prepared search (_brief_search, _voters_found): the shape is (method, each word's
    lookups, limit); the values the keys, the round and the group when given (a ResidentGroup or its pk) and
    each word's terms' values (w<word>_<term>); which values are given is part of the kept SQL's key too
    (elections.prepared). None when there is nothing to search by."""
    words = [word_terms(word) for word in query_words(query)]
    if not words and not group:
        return None
    values = {"election": election.pk}
    if words:
        values["community"] = election.community_id
    if round_obj is not None:
        values["round"] = getattr(round_obj, "pk", round_obj)
    if group:
        values["group"] = int(getattr(group, "pk", group))
    for i, terms in enumerate(words):
        values.update({f"w{i}_{j}": value for j, (_lookup, value) in enumerate(terms)})
    shape = (election.method, tuple(tuple(lookup for lookup, _value in terms) for terms in words), limit)
    return shape, values


def search_voters_brief(election, round_obj=None, *, query="", group=None, limit=SEARCH_LIMIT):
    """The issuance page's light search (issue 13: the JSON the page's script asks for): the same voters as
    `search_voters`, as plain dicts of what the clerk needs to decide — name, sex, group, household, masked
    number (VOT-7) and the ballot's state — in ONE query on the registration's (election, status) index, the
    ballot and the proxy given joined, the rest as subqueries (brief_search_queryset), its SQL compiled once
    per shape of search (elections.prepared); a second query only when a found voter holds proxies (PRX-4).

    The ballots are of `round_obj`; by default of the current round, which the query finds itself.

    Each row: id, name, sex, group, household, masked_id, issued_at/issued_station (VOTE-2), proxy_holder
    (gave a proxy, PRX-4), household_taker (the household's ballot went to another, MTH-1), absent (VOT-8),
    held: [{proxy, principal, name, issued_at, issued_station}]."""
    call = search_call(election, round_obj, query=query, group=group, limit=limit)
    if call is None:
        return []
    shape, values = call
    sexes = dict(Sex.choices)
    rows = []
    for r in _brief_search(shape, **values):
        rows.append({"id": r["pk"], "name": r["resident__name"],
                     "sex": str(sexes.get(r["resident__sex"], "")),
                     "group": r["resident__group__name"] or "", "household": r["resident__household__number"],
                     "masked_id": mask(r["resident__id_number"]), "issued_at": r["ballot__issued_at"],
                     "issued_station": r["ballot__station__name"],
                     "proxy_holder": r["given__holder__resident__name"],
                     "household_taker": r.get("household_taker"), "absent": r["absent"], "holds": r["holds"],
                     "held": []})
    holders = {r["id"]: r for r in rows if r["holds"]}
    if holders:
        if round_obj is None:
            round_obj = latest_round(election)
        active = BallotIssue.objects.filter(round=round_obj, cancelled_at__isnull=True).order_by()
        approved = Proxy.objects.filter(status=Proxy.Status.APPROVED).order_by()
        principal = active.filter(registration=OuterRef("principal"))
        for p in (approved.filter(holder__in=list(holders)).order_by("number", "pk")
                  .annotate(issued_at=Subquery(principal.values("issued_at")[:1]),
                            issued_station=Subquery(principal.values("station__name")[:1]))
                  .values("pk", "holder_id", "principal_id", "number", "principal__resident__name",
                          "issued_at", "issued_station")):
            holders[p["holder_id"]]["held"].append({
                "proxy": p["pk"], "principal": p["principal_id"], "number": p["number"],
                "name": p["principal__resident__name"], "issued_at": p["issued_at"],
                "issued_station": p["issued_station"]})
    return rows


def registrations_to_issue(election):
    """The election's registrations as the issuance reads them (VOT-4, MTH-1, PRX-4, VOTE-2 and the messages):
    the status, the name, whether a representative, the household, the holder of an approved proxy given —
    not the forty columns of a resident, which on election day's busiest request cost more to load than to
    find (issue 13)."""
    return (Registration.objects.filter(election=election).select_related("resident__household")
            .only("election_id", "status", "resident__name", "resident__is_representative",
                  "resident__household__number")
            # PRX-4: the holder of the approved proxy the voter gave (at most one), read with the row instead
            # of by a query of its own (services.issuance._check_proxy)
            .annotate(given=_approved_proxy_given(),
                      approved_proxy_holder=F("given__holder__resident__name")))


@prepared(Registration)
def _registration_to_issue(shape, election, pk):
    return registrations_to_issue(election).filter(pk=pk)


def registration_to_issue(election, pk):
    """The registration `pk` of the election as registrations_to_issue loads it, or None; its SQL compiled
    once (elections.prepared): election day's busiest request asks for it (issue 13)."""
    return next(iter(_registration_to_issue((), election=election.pk, pk=pk)), None)


def issues_by_registration(round_obj, registrations):
    """{registration id: its ballot issue in the round} for the given registrations (one query)."""
    ids = [r.pk for r in registrations]
    # At most one each (ballot_issued_once_per_voter, VOTE-2): no ordering, which joins up to the community.
    issues = (BallotIssue.objects.filter(round=round_obj, registration_id__in=ids, cancelled_at__isnull=True)
              .select_related("station", "proxy__holder__resident").order_by())
    return {i.registration_id: i for i in issues}


def issued_households(round_obj, registrations):
    """{household id: issue} for the households of `registrations` that already have their ballot (MTH-1)."""
    households = [r.resident.household_id for r in registrations if r.resident.household_id]
    issues = (BallotIssue.objects
              .filter(round=round_obj, household_id__in=households, cancelled_at__isnull=True)
              .select_related("registration__resident", "station"))
    return {i.household_id: i for i in issues}


def proxies_given(registrations, statuses=(Proxy.Status.APPROVED,)):
    """{principal registration id: Proxy} of the given registrations."""
    # At most one each (proxy_one_active_per_principal, PRX-4): no ordering, which joins up to the community.
    proxies = (Proxy.objects.filter(principal__in=[r.pk for r in registrations], status__in=statuses)
               .select_related("holder__resident").order_by())
    return {p.principal_id: p for p in proxies}


def proxies_held(registrations, statuses=(Proxy.Status.APPROVED,)):
    """{holder registration id: [Proxy]} that the registrations hold (PRX-4: at most the profile's number)."""
    held = {}
    proxies = (Proxy.objects.filter(holder__in=[r.pk for r in registrations], status__in=statuses)
               .select_related("principal__resident__group", "principal__resident__household")
               .order_by("number", "pk"))
    for p in proxies:
        held.setdefault(p.holder_id, []).append(p)
    return held


@prepared(BallotIssue)
def _issued_here(shape, round, station):
    # One group (the round's): the aggregate as a values query, which elections.prepared can keep.
    return (BallotIssue.objects.filter(round_id=round, cancelled_at__isnull=True).order_by()
            .values("round_id").annotate(total=Count("pk"), here=Count("pk", filter=Q(station_id=station)))
            .values_list("total", "here"))


def issued_counts(round_obj, station):
    """(ballots issued in the round, of which at this station), in one query (its SQL compiled once: asked
    after every issuance, issue 13)."""
    if round_obj.pk is None:
        return 0, 0
    return next(iter(_issued_here((), round=round_obj.pk, station=station.pk)), (0, 0))


def station_counts(round_obj):
    """{station id: ballots issued there in the round}."""
    rows = (BallotIssue.objects.filter(round=round_obj, cancelled_at__isnull=True).values("station_id")
            .annotate(n=Count("pk")))
    return {r["station_id"]: r["n"] for r in rows}


def stations_of(election):
    return (PollingStation.objects.filter(election=election)
            .annotate(staff_count=Count("staff", distinct=True)).order_by("kind", "pk"))


@prepared(PollingStation)
def _station_of(shape, election, pk):
    return stations_of(election).filter(pk=pk)


def station_of(election, pk):
    """The station `pk` of the election as stations_of loads it (its staff counted, VOTE-11), or None; its SQL
    compiled once (elections.prepared): every issuance asks for it (issue 13)."""
    return next(iter(_station_of((), election=election.pk, pk=pk)), None)


@prepared(BallotIssue)
def _recent_issues(shape, round, station=None):
    qs = (BallotIssue.objects.filter(round_id=round)
          .select_related("registration__resident", "proxy__holder__resident")
          .only("issued_at", "helper_name", "cancelled_at", "cancel_reason", "station_id", "round_id",
                "registration__resident__name", "proxy__holder__resident__name"))
    if station is not None:
        qs = qs.filter(station_id=station)
    return qs.order_by("-issued_at", "-pk")[:shape]


def recent_issues(round_obj, station=None, limit=15):
    """The latest issuances (the issuance page's list): only what the list shows is loaded — on the busiest
    page of election day, a join of six tables costs more to build than to run (issue 13); its SQL compiled
    once (elections.prepared)."""
    if round_obj.pk is None:
        return []
    if station is None:
        return _recent_issues(limit, round=round_obj.pk)
    return _recent_issues(limit, round=round_obj.pk, station=station.pk)


# --- the paper issuance register (领票登记册) ---------------------------------------------------------------

def register_lines(election):
    """[(line number, Registration)] of the printed issuance register, one line per voter who may receive a
    ballot, in resident-group then household order (as the committee walks its list); every station's
    register numbers its lines the same, so a line number typed from any station's register names one voter.
    Each registration carries `.proxy_holder`: the name of the holder of its approved proxy (PRX-4), or ""."""
    registrations = list(voters_of(election).select_related("resident__group", "resident__household")
                         .order_by("resident__group__number", "resident__household__number",
                                   "-resident__is_household_head", "resident__name", "pk"))
    holders = dict(Proxy.objects.filter(principal__in=[r.pk for r in registrations],
                                        status=Proxy.Status.APPROVED)
                   .values_list("principal_id", "holder__resident__name"))
    for reg in registrations:
        reg.proxy_holder = holders.get(reg.pk, "")
    return list(enumerate(registrations, start=1))
