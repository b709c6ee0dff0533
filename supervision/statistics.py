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

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from aftermath.models import CommitteeSeat
from candidates.eligibility import COLLEGE_OR_ABOVE, age_band, age_on
from candidates.models import Candidate
from candidates.services.candidates import PARTY_MEMBER
from counting.models import Certification, CountRound
from elections import clock
from elections.checklist import checklist
from elections.legal_calendar import WorkdayCalendar
from elections.models import Election, NoticeRepost, StepCompletion
from elections.states import State
from polling.keys import candidate_id_of
from polling.models import BallotIssue, PollingStation, Proxy
from polling.selectors import _eligible_counts
from voters.models import Registration

def _regular(communities):
    """The communities' regular elections: no rehearsal (left out of statistics), no by-election."""
    return Election.objects.filter(community__in=communities, is_rehearsal=False, kind=Election.Kind.REGULAR)


DONE = {State.CERTIFIED, State.HANDOVER, State.CLOSED}
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


def _current_elections(communities):
    """{community id: its current regular election} and the current term."""
    latest = {}
    for election in (_regular(communities)
                     .only("id", "community_id", "term", "state", "method", "election_date", "profile_snapshot",
                           "results_certified_on", "chair_seats", "vice_chair_seats", "member_seats")
                     .order_by("community_id", "-term")):
        latest.setdefault(election.community_id, election)
    term = max((e.term for e in latest.values()), default=None)
    return {c: e for c, e in latest.items() if e.term == term}, term


def _overdue(elections, scope, today):
    """{election id: overdue steps} (CAL-2; ORG-4: what the community reports upward by a set date)."""
    done, reposts = defaultdict(dict), defaultdict(dict)
    for step in StepCompletion.objects.filter(election__in=scope).only("election_id", "step", "done_on"):
        done[step.election_id][step.step] = step
    for repost in NoticeRepost.objects.filter(election__in=scope, reposted_on__isnull=True):
        reposts[repost.election_id][repost.notice] = repost
    calendar = WorkdayCalendar()
    return {e.pk: sum(r.status == "overdue" for r in checklist(e, today=today, calendar=calendar, done=done[e.pk],
                                                               reposts=reposts[e.pk]))
            for e in elections}


def district_statistics(communities, *, today=None):
    """DistrictStatistics of the communities (a queryset): one Figures per street office, and the total."""
    today = today or clock.today()
    in_scope = communities.values("pk")
    communities = list(communities.select_related("street").only(
        "id", "deferred", "is_pilot", "street__id", "street__code", "street__name").order_by("code"))
    current, term = _current_elections(in_scope)
    elections = list(current.values())
    scope = _regular(in_scope).filter(term=term)
    by_id = {e.pk: e for e in elections}
    registered = {r["election_id"]: r["n"] for r in
                  Registration.objects.filter(election__in=scope, status=Registration.Status.CONFIRMED)
                  .values("election_id").annotate(n=Count("pk"))}
    # The first round counted (VOTE-5: its participants), by method (VOTE-3/4).
    first_rounds = {r["election_id"]: r for r in
                    CountRound.objects.filter(election__in=scope, stage=1, purpose=CountRound.Purpose.FIRST,
                                              status=CountRound.Status.CLOSED)
                    .values("election_id", "result__issued")}
    voted = [by_id[i] for i in first_rounds]
    eligible = _eligible_counts(voted) if voted else {}
    ballots = {r["round__election_id"]: r for r in
               BallotIssue.objects.filter(round__election__in=scope, round__number=1, cancelled_at__isnull=True)
               .filter(Q(proxy__isnull=False) | Q(station__kind=PollingStation.Kind.MOBILE))
               .values("round__election_id")
               .annotate(proxy=Count("pk", filter=Q(proxy__isnull=False)),
                         mobile=Count("pk", filter=Q(station__kind=PollingStation.Kind.MOBILE)))}
    proxies = {r["election_id"]: r["n"] for r in
               Proxy.objects.filter(election__in=scope, status=Proxy.Status.APPROVED)
               .values("election_id").annotate(n=Count("pk"))}
    certified = {c["election_id"]: c for c in
                 Certification.objects.filter(election__in=scope, revoked_at__isnull=True)
                 .values("election_id", "snapshot__elected", "snapshot__vacancies")}
    residents = dict(Candidate.objects.filter(election__in=scope, election__certifications__revoked_at__isnull=True)
                     .values_list("pk", "nominee__resident_id"))
    previous = defaultdict(set)  # community id → residents on the committee of the term before
    if term:
        for community_id, resident_id in (CommitteeSeat.objects.filter(election__in=_regular(in_scope)
                                                                       .filter(term=term - 1))
                                          .values_list("election__community_id", "resident_id")):
            previous[community_id].add(resident_id)
    overdue = _overdue(elections, scope, today)

    streets = {}
    for community in communities:
        street = community.street
        figures = streets.get(street.pk)
        if figures is None:
            figures = streets[street.pk] = Figures(name=street.name, code=street.code)
        figures.communities += 1
        election = current.get(community.pk)
        if community.is_pilot:
            figures.pilots += 1
            figures.pilots_by_method[election.method if election else ""] += 1
        if election is not None and election.state in DONE:
            figures.done += 1
        elif community.deferred:
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
            figures.eligible += eligible.get(election.pk, 0)
            figures.participants += first_rounds[election.pk]["result__issued"] or 0
        figures.proxies += proxies.get(election.pk, 0)
        figures.proxy_ballots += ballots.get(election.pk, {}).get("proxy", 0)
        figures.mobile_ballots += ballots.get(election.pk, {}).get("mobile", 0)
        certification = certified.get(election.pk)
        if certification is not None:
            _elected(figures, election, certification, residents, previous[community.pk])
    total = Figures(name=str(_("District total")))
    for figures in streets.values():
        total.add(figures)
    return DistrictStatistics(streets=list(streets.values()), total=total, today=today, term=term)


def _elected(figures, election, certification, residents, previous):
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
        resident = residents.get(candidate_id_of(row.get("key", "")))
        figures.re_elected += resident is not None and resident in previous
