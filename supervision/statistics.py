"""The district's statistics (issue 11, item 2; DESIGN: the district office's totals), per street office and in
total, the roll-up civil-affairs offices report (like the CAMS statistics):

- progress: communities done / in progress / not started / deferred (ORG-5), pilots by method (ORG-6), and the
  communities with an overdue step of the calendar (ORG-4, CAL-2: what they report upward by a set date);
- voting: registered voters, those who may vote by method, the first round's participants and turnout (VOTE-3,
  VOTE-4, VOTE-5), approved proxies (PRX-2) and the ballots they collected, mobile-box ballots (VOTE-2);
- elected members (AFT-1, from the certified result): by sex (women's share, committees without a woman:
  SEAT-2), age band on election day, young members (35 or under) and young graduates, education, party
  membership, the party secretary elected chair (一肩挑) and members re-elected from the previous committee
  (SEAT-4).

Definitions:
- the *current* election of a community is its latest regular election (no rehearsal, no by-election);
  the district's current term is the highest term among them. A community is *done* when its current-term
  result is certified (certified, handover or closed), *in progress* when its current-term election is open,
  *deferred* when the street office deferred it (ORG-5), otherwise *not started*.
- Rehearsals (演练) are left out everywhere: they never count as a community's election.
- Turnout counts the elections whose first round was counted: its ballots issued (VOTE-5 "those who took
  part") over those who may vote by the method (voters, households or representatives, VOTE-3/4).
- Elected members come from the certification in force (counting.models.Certification.snapshot), ages on
  election day; a member is *re-elected* when the same resident sat on the community's previous committee
  (aftermath.models.CommitteeSeat of the term before).

`district_statistics(communities)` reads everything in a fixed number of queries (about a dozen), whatever
the number of communities: aggregates in the database, sums in Python.
"""
import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count, Max, Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from candidates.eligibility import COLLEGE_OR_ABOVE, age_band, age_on
from candidates.models import Candidate
from candidates.services.candidates import PARTY_MEMBER
from counting.models import Certification, CountRound
from elections import clock
from elections.checklist import checklist
from elections.legal_calendar import WorkdayCalendar
from elections.models import Election, Method, NoticeRepost, RuleProfile, StepCompletion
from elections.states import RESULT_CERTIFIED, State
from polling.keys import candidate_id_of
from polling.models import BallotIssue, PollingStation, Proxy
from polling.selectors import NO_VOTERS, eligible_by_method, registration_counts
from voters.models import Registration

def _regular(communities):
    """The communities' regular elections: no rehearsal (left out of statistics), no by-election."""
    return Election.objects.filter(community__in=communities, is_rehearsal=False, kind=Election.Kind.REGULAR)


METHODS = ("direct", "household", "representative", "")
AGE_BANDS = ("35", "50", "60", "over")
EDUCATION_BANDS = ("college", "senior", "below")


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


@dataclass
class Figures:
    """The figures of one street office, or of the whole district (the sum of its streets)."""
    name: str
    code: str = ""
    communities: int = 0
    done: int = 0
    in_progress: int = 0
    not_started: int = 0
    deferred: int = 0
    pilots: int = 0
    pilots_by_method: Counter = field(default_factory=Counter)
    overdue: int = 0
    registered: int = 0
    # Elections whose first round was counted: who may vote by method, and who took part.
    voted: int = 0
    eligible: int = 0
    participants: int = 0
    proxies: int = 0
    proxy_ballots: int = 0
    mobile_ballots: int = 0
    certified: int = 0
    seats: int = 0
    elected: int = 0
    vacancies: int = 0
    women: int = 0
    without_woman: int = 0
    age_bands: Counter = field(default_factory=Counter)
    young: int = 0
    young_graduates: int = 0
    education: Counter = field(default_factory=Counter)
    party: int = 0
    one_shoulder: int = 0
    re_elected: int = 0

    NUMBERS = ("communities", "done", "in_progress", "not_started", "deferred", "pilots", "overdue", "registered",
               "voted", "eligible", "participants", "proxies", "proxy_ballots", "mobile_ballots", "certified",
               "seats", "elected", "vacancies", "women", "without_woman", "young", "young_graduates", "party",
               "one_shoulder", "re_elected")
    COUNTERS = ("pilots_by_method", "age_bands", "education")

    def add(self, other):
        for name in self.NUMBERS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for name in self.COUNTERS:
            getattr(self, name).update(getattr(other, name))

    @property
    def turnout(self):
        return percent(self.participants, self.eligible)

    @property
    def women_share(self):
        return percent(self.women, self.elected)

    @property
    def one_shoulder_rate(self):
        """一肩挑: communities whose chair elected is the party secretary, of those with a certified result."""
        return percent(self.one_shoulder, self.certified)

    @property
    def re_elected_share(self):
        return percent(self.re_elected, self.elected)

    @property
    def young_share(self):
        return percent(self.young, self.elected)

    @property
    def party_share(self):
        return percent(self.party, self.elected)

    @property
    def done_share(self):
        return percent(self.done, self.communities)


@dataclass
class DistrictStatistics:
    streets: list
    total: Figures
    today: object
    term: int | None


# What the checklist reads of an election's frozen rule profile (its deadlines, CAL-2 and AFT-2): read from the
# JSON in the database rather than decoding every election's whole profile.
DEADLINE_RULES = ("voter_list_days_before", "candidates_days_before", "proxy_days_before", "handover_days",
                  "handover_working_days")


def _current_elections(communities):
    """{community id: its current regular election, its deadline rules loaded} and the current term."""
    term = _regular(communities).order_by().aggregate(term=Max("term"))["term"]
    current, rules = {}, {}
    for election in (_regular(communities).filter(term=term).order_by()
                     .only("id", "community_id", "term", "state", "method", "election_date", "results_certified_on",
                           "chair_seats", "vice_chair_seats", "member_seats")
                     .annotate(**{f"rule_{name}": KT(f"profile_snapshot__{name}") for name in DEADLINE_RULES})):
        values = tuple(getattr(election, f"rule_{name}") for name in DEADLINE_RULES)
        if values not in rules:
            rules[values] = RuleProfile(**{name: _value(v) for name, v in zip(DEADLINE_RULES, values)})
        election.__dict__["_rules"] = rules[values]  # Election.rules: the frozen profile, as far as read here
        current[election.community_id] = election
    return current, term


def _value(text):
    """A JSON scalar as KT gives it (text on some databases)."""
    if isinstance(text, str):
        return {"true": True, "false": False, "1": True, "0": False}.get(text, int(text) if text.isdigit() else text)
    return text


class _Step(NamedTuple):
    """What the checklist reads of a StepCompletion: the day of the act (CAL-5)."""
    done_on: datetime.date


class _Calendar(WorkdayCalendar):
    """The working-day calendar, remembering each handover deadline: many results share a day."""

    def __init__(self):
        super().__init__()
        self._added = {}

    def add_working_days(self, start, count):
        key = (start, count)
        if key not in self._added:
            self._added[key] = super().add_working_days(start, count)
        return self._added[key]


def _overdue(elections, scope, today):
    """{election id: overdue steps} (CAL-2; ORG-4: what the community reports upward by a set date), by the
    election's checklist. A closed election has nothing left to do (its checklist shows no next deadline)."""
    done, reposts = defaultdict(dict), defaultdict(dict)
    open_scope = scope.exclude(state=State.CLOSED)
    for election_id, step, done_on in (StepCompletion.objects.filter(election__in=open_scope).order_by()
                                       .values_list("election_id", "step", "done_on")):
        done[election_id][step] = _Step(done_on)
    for repost in NoticeRepost.objects.filter(election__in=open_scope, reposted_on__isnull=True).order_by():
        reposts[repost.election_id][repost.notice] = repost
    calendar = _Calendar()
    return {e.pk: sum(r.status == "overdue" for r in checklist(e, today=today, calendar=calendar, done=done[e.pk],
                                                               reposts=reposts[e.pk]))
            for e in elections if e.state != State.CLOSED}


def district_statistics(communities, *, today=None):
    """DistrictStatistics of the communities (a queryset): one Figures per street office, and the total."""
    today = today or clock.today()
    in_scope = communities.values("pk")
    communities = list(communities.order_by("code").values_list("pk", "deferred", "is_pilot", "street_id",
                                                                "street__code", "street__name"))
    current, term = _current_elections(in_scope)
    elections = list(current.values())
    scope = _regular(in_scope).filter(term=term)
    registered = {r["election_id"]: r["n"] for r in
                  Registration.objects.filter(election__in=scope, status=Registration.Status.CONFIRMED)
                  .order_by().values("election_id").annotate(n=Count("pk"))}
    # The first round counted (VOTE-5: its participants), by method (VOTE-3/4): households and representatives
    # are counted only for the elections that need them.
    counted = CountRound.objects.filter(election__in=scope, stage=1, purpose=CountRound.Purpose.FIRST,
                                        status=CountRound.Status.CLOSED)
    first_rounds = {r["election_id"]: r for r in counted.order_by().values("election_id", "result__issued")}
    by_method = registration_counts([e for e in elections if e.pk in first_rounds
                                     and e.method in (Method.HOUSEHOLD, Method.REPRESENTATIVE)])
    ballots = {r["round__election_id"]: r for r in
               BallotIssue.objects.filter(round__election__in=scope, round__number=1, cancelled_at__isnull=True)
               .filter(Q(proxy__isnull=False) | Q(station__kind=PollingStation.Kind.MOBILE))
               .order_by().values("round__election_id")
               .annotate(proxy=Count("pk", filter=Q(proxy__isnull=False)),
                         mobile=Count("pk", filter=Q(station__kind=PollingStation.Kind.MOBILE)))}
    proxies = {r["election_id"]: r["n"] for r in
               Proxy.objects.filter(election__in=scope, status=Proxy.Status.APPROVED)
               .order_by().values("election_id").annotate(n=Count("pk"))}
    certified = {c["election_id"]: c for c in
                 Certification.objects.filter(election__in=scope, revoked_at__isnull=True)
                 .order_by().values("election_id", "snapshot__elected", "snapshot__vacancies")}
    # Candidates who sat on their community's previous committee (the same resident): re-elected if elected.
    returning = set(Candidate.objects.filter(
        election__in=scope.filter(state__in=RESULT_CERTIFIED),
        nominee__resident__committee_seats__election__in=_regular(in_scope).filter(term=(term or 0) - 1))
        .order_by().values_list("pk", flat=True))
    overdue = _overdue(elections, scope, today)

    streets = {}
    for community_id, deferred, is_pilot, street_id, street_code, street_name in communities:
        figures = streets.get(street_id)
        if figures is None:
            figures = streets[street_id] = Figures(name=street_name, code=street_code)
        figures.communities += 1
        election = current.get(community_id)
        if is_pilot:
            figures.pilots += 1
            figures.pilots_by_method[election.method if election else ""] += 1
        if election is not None and election.state in RESULT_CERTIFIED:
            figures.done += 1
        elif deferred:
            figures.deferred += 1  # ORG-5
        elif election is not None:
            figures.in_progress += 1
        else:
            figures.not_started += 1
        if election is None:
            continue
        figures.overdue += bool(overdue.get(election.pk))
        figures.registered += registered.get(election.pk, 0)
        if election.pk in first_rounds:
            figures.voted += 1
            counts = by_method.get(election.pk) or {**NO_VOTERS, "voters": registered.get(election.pk, 0)}
            figures.eligible += eligible_by_method(election.method, counts)
            figures.participants += first_rounds[election.pk]["result__issued"] or 0
        figures.proxies += proxies.get(election.pk, 0)
        figures.proxy_ballots += ballots.get(election.pk, {}).get("proxy", 0)
        figures.mobile_ballots += ballots.get(election.pk, {}).get("mobile", 0)
        certification = certified.get(election.pk)
        if certification is not None:
            _elected(figures, election, certification, returning)
    total = Figures(name=str(_("District total")))
    for figures in streets.values():
        total.add(figures)
    return DistrictStatistics(streets=list(streets.values()), total=total, today=today, term=term)


def _elected(figures, election, certification, returning):
    """Add the certified result's members (SEAT-2, SEAT-4) to the figures."""
    elected = certification["snapshot__elected"] or []
    figures.certified += 1
    figures.seats += election.total_seats
    figures.elected += len(elected)
    figures.vacancies += sum((certification["snapshot__vacancies"] or {}).values())
    women = sum(row.get("sex") == "F" for row in elected)
    figures.women += women
    figures.without_woman += not women
    day = election.election_date
    for row in elected:
        birth = row.get("birth_date")
        if birth and day:
            age = age_on(datetime.date.fromisoformat(birth), day)
            figures.age_bands[age_band(age)] += 1
            figures.young += age <= 35
            figures.young_graduates += age <= 35 and row.get("education") in COLLEGE_OR_ABOVE
        education = row.get("education")
        figures.education["college" if education in COLLEGE_OR_ABOVE else
                          "senior" if education == "senior" else "below"] += 1
        figures.party += row.get("political_status") in PARTY_MEMBER
        if row.get("position") == "chair" and row.get("is_party_secretary"):
            figures.one_shoulder += 1
        figures.re_elected += candidate_id_of(row.get("key", "")) in returning
