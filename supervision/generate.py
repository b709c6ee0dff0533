"""Scale data (`generate_district --communities N [--seed S]`): a whole district, street offices of about 20
communities each, every community somewhere between preparation and a closed election — some late, some with
overrides, postponed or back-dated acts, some with a rehearsal beside the real election — with residents,
voters, candidates, election-day records, counts, certified results, the committee in office and the handover.

Everything is written in bulk (bulk_create, a few statements per model for the whole district), not through the
services: the services take one act at a time and write the audit log, which for 3,000 communities would take
hours. The rows are those the services would leave behind — the same states and state changes (CAL-1), the
checklist's steps with the day of each act (CAL-2, CAL-5), the first round's issuance (VOTE-2) and its count
(VOTE-5, VOTE-6), the certification's snapshot (AFT-1), the seats that take office at the handover (AFT-2,
AFT-6) and its three signatures (AFT-7) — so every page and statistic reads them as it reads real elections.
Not written: the audit log, printed documents, ballot lines (counts are entered as totals from the counters'
sheet), the posted lists' frozen copies.

Each community also has its previous committee (the term before, closed, its members in office until the
handover) so that re-elected members (连任) can be recognised: a member of the new committee who sat on the
previous one (the same resident).
"""
import datetime
import random
import time
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from aftermath.models import CommitteeSeat, Handover, HandoverItem, HandoverSignature
from aftermath.services.handover import STANDARD_ITEMS
from candidates.models import Candidate, Nominee
from counting.models import Certification, CountRound, TallyBox, TallyEntry
from elections import clock
from elections.models import (
    BackdatedAct,
    CommitteeMember,
    Community,
    District,
    Election,
    ElectionStateChange,
    Meeting,
    Override,
    Postponement,
    Role,
    RuleProfile,
    StepCompletion,
    Street,
)
from elections.states import ALLOWED_TRANSITIONS, ORDER, RESULT_CERTIFIED, State
from polling.keys import candidate_key
from polling.models import BallotIssue, PollingStation, Proxy, Round
from voters.demo import _household_sizes, _members, _People, _resident
from voters.models import Household, Registration, Resident, ResidentGroup

STREET_NAMES = "学院路 中关村 海淀 万寿路 羊坊店 甘家口 八里庄 紫竹院 北下关 曙光 清河 西三旗 马连洼 上地 香山 青龙桥 燕园 清华园 田村路 永定路".split()
COMMUNITY_WORDS = "和平 友谊 阳光 幸福 长青 翠微 花园 锦绣 明光 文苑 育新 怡和 宝盛 双榆 北洼 南里 东苑 西里 春晖 滨河".split()
# The share of communities at each stage (not started: no election yet; deferred: ORG-5).
STAGES = [("not_started", 3), ("deferred", 2), (State.PREPARATION, 8), (State.REGISTRATION, 10),
          (State.NOMINATION, 10), (State.VOTING, 4), (State.COUNTING, 5), (State.CERTIFIED, 13),
          (State.HANDOVER, 15), (State.CLOSED, 30)]
VOTED = {State.COUNTING, State.CERTIFIED, State.HANDOVER, State.CLOSED}
ELECTION_COMMITTEE = [("chair", "M"), ("vice_chair", "F"), ("vice_chair", "M"), ("member", "F"), ("member", "M")]
ACTOR = ("district-generator", "批量数据生成")
METHODS = [("direct", 70), ("household", 20), ("representative", 10)]
TERM = 12


def _weighted(rng, pairs):
    return rng.choices([k for k, _w in pairs], weights=[w for _k, w in pairs])[0]


def district_code(seed):
    return f"1199{seed % 100:02d}000000"


@dataclass
class Plan:
    """One community's place in the generated district."""
    community: Community
    stage: str
    method: str = ""
    election_date: datetime.date | None = None
    late: bool = False
    postponed: bool = False
    override: bool = False
    backdated: bool = False
    rehearsal: bool = False
    tie_break: bool = False
    vacancy: bool = False
    residents: list = field(default_factory=list)
    election: Election | None = None


class DistrictGenerator:
    def __init__(self, communities, *, seed=1, per_street=20, residents=(70, 160), stdout=None, password=""):
        self.password = password
        self.n, self.seed, self.per_street, self.residents_range = communities, seed, per_street, residents
        self.rng = random.Random(seed)
        self.today = clock.today()
        self.now = timezone.now()
        self.stdout = stdout
        self.timings = {}
        self.profile = RuleProfile.objects.get(key="seed-district-plan")
        self.snapshot = self.profile.snapshot()
        self.rules = RuleProfile.from_snapshot(self.snapshot)

    def log(self, message):
        if self.stdout:
            self.stdout.write(message)

    def _timed(self, name, fn):
        start = time.perf_counter()
        result = fn()
        self.timings[name] = time.perf_counter() - start
        self.log(f"  {name}: {self.timings[name]:.1f} s")
        return result

    @transaction.atomic
    def run(self):
        self.actor = self._actor()
        self._timed("organisations", self.organisations)
        self._timed("residents", self.residents)
        self._timed("elections", self.elections)
        self._timed("preparation", self.preparation)
        self._timed("registration", self.registration)
        self._timed("candidates", self.candidates)
        self._timed("election day", self.election_day)
        self._timed("results", self.results)
        self._timed("handover", self.handover)
        self.logins()
        return self.district

    def logins(self):
        """A district administrator, a district observer and the supervisor of the first street office, for
        looking at the pages and the benchmarks: no password unless one is given (`--password`)."""
        User = get_user_model()
        code = self.district.code[:6]
        self.users = {}
        for suffix, kind, scope, name in (("admin", Role.Kind.DISTRICT_ADMIN, {"district": self.district}, "区民政局"),
                                          ("observer", Role.Kind.OBSERVER, {"district": self.district}, "人大观察员"),
                                          ("street1", Role.Kind.STREET_SUPERVISOR, {"street": self.streets[0]},
                                           self.streets[0].name)):
            user = User.objects.create_user(f"d{code}_{suffix}", first_name=f"{name}（生成）")
            if self.password:
                user.set_password(self.password)
            else:
                user.set_unusable_password()
            user.save()
            Role.objects.create(user=user, kind=kind, **scope)
            self.users[suffix] = user

    def _actor(self):
        username, full_name = ACTOR
        user, created = get_user_model().objects.get_or_create(username=username, defaults={
            "is_active": False, "first_name": full_name})
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user

    # --- organisations (ORG-1, ORG-5, ORG-6) ------------------------------------------------------------------

    def organisations(self):
        code = district_code(self.seed)
        if District.objects.filter(code=code).exists():
            raise ValueError(f"The district {code} exists already; choose another --seed.")
        self.district = District.objects.create(code=code, name=f"演示规模区{self.seed}",
                                                default_profile=self.profile)
        n_streets = -(-self.n // self.per_street)
        if n_streets > 999:
            raise ValueError("At most 999 street offices (19,980 communities) fit the division codes.")
        streets = Street.objects.bulk_create([
            Street(district=self.district, code=f"{code[:6]}{s + 1:03d}000",
                   name=f"{STREET_NAMES[s % len(STREET_NAMES)]}{'' if s < len(STREET_NAMES) else s // len(STREET_NAMES) + 1}街道")
            for s in range(n_streets)])
        communities, self.plans = [], []
        for i in range(self.n):
            street = streets[i // self.per_street]
            k = i % self.per_street
            stage = _weighted(self.rng, STAGES)
            occupancy = self.rng.randint(30, 55) if stage == "deferred" else None
            community = Community(
                street=street, code=f"{street.code[:9]}{k + 1:03d}",
                name=f"{COMMUNITY_WORDS[k % len(COMMUNITY_WORDS)]}{['', '东', '西', '南', '北'][k // 20 % 5]}社区",
                deferred=stage == "deferred", occupancy_percent=occupancy,
                deferred_reason="整体拆迁改造，入住率不足60%" if stage == "deferred" else "",
                is_pilot=k == 0 or self.rng.random() < 0.04)  # ORG-6: at least one pilot per street
            communities.append(community)
            self.plans.append(Plan(community=community, stage=stage))
        Community.objects.bulk_create(communities, batch_size=1000)
        self.streets = streets

    # --- residents (VOT-1, VOT-2, MTH-2) -----------------------------------------------------------------------

    def residents(self):
        people = _People(self.rng, self.today)
        groups, households, residents, plans = [], [], [], []
        low, high = self.residents_range
        for plan in self.plans:
            community = plan.community
            n = self.rng.randint(low, high)
            n_households = max(1, round(n / 2.9))
            sizes = _household_sizes(self.rng, n_households, n)
            n_groups = max(1, round(n_households / 25))
            own_groups = [ResidentGroup(community=community, number=g + 1, name=f"第{g + 1}居民小组")
                          for g in range(n_groups)]
            groups += own_groups
            place = community.name.removesuffix("社区")
            for h, size in enumerate(sizes):
                group = own_groups[h * n_groups // n_households]
                address = f"{place}{h // 12 + 1}号楼{h % 12 + 1:02d}室"
                household = Household(community=community, group=group, number=f"{h // 12 + 1}-{h % 12 + 1:02d}",
                                      address=address)
                households.append(household)
                plans.append((plan, household, group, address, _members(self.rng, people, size)))
            community.households, community.population = n_households, n
        Community.objects.bulk_update([p.community for p in self.plans], ["households", "population"],
                                      batch_size=1000)
        ResidentGroup.objects.bulk_create(groups, batch_size=2000)
        Household.objects.bulk_create(households, batch_size=2000)
        for plan, household, group, address, members in plans:
            surname = people.surname()
            for relation, sex, age in members:
                resident = _resident(self.rng, people, plan.community, household, group, address, surname,
                                     relation, sex, age)
                plan.residents.append(resident)
                residents.append(resident)
        # MTH-3: about one representative in twelve adults.
        for resident in residents:
            if self._age(resident, self.today) >= 18 and self.rng.random() < 0.08:
                resident.is_representative = True
        Resident.objects.bulk_create(residents, batch_size=2000)

    # --- elections (CAL-1, CAL-2, CAL-4, MTH-1) --------------------------------------------------------------

    def _date_for(self, plan):
        r, today = self.rng, self.today
        days = {State.PREPARATION: r.randint(35, 70), State.REGISTRATION: r.randint(12, 34),
                State.NOMINATION: r.randint(1, 11), State.VOTING: 0, State.COUNTING: 0,
                State.CERTIFIED: -r.randint(1, 8), State.HANDOVER: -r.randint(5, 14),
                State.CLOSED: -r.randint(15, 90)}[plan.stage]
        if plan.late and plan.stage == State.REGISTRATION:
            days = r.randint(3, 9)  # VOT-5: the list should have been posted already
        return today + datetime.timedelta(days=days)

    def _election(self, plan, *, term, state, rehearsal=False, date=None, method=None):
        seats = self.rng.choice([4, 5, 5, 5, 6])
        return Election(community=plan.community, term=term, is_rehearsal=rehearsal, method=method or "",
                        election_date=date, start_time=datetime.time(8, 30) if date else None,
                        place=f"{plan.community.name}居委会会议室" if date else "", chair_seats=1, vice_chair_seats=1,
                        member_seats=seats - 1, profile=self.profile, profile_snapshot=self.snapshot, state=state,
                        created_by=self.actor)

    def elections(self):
        r = self.rng
        elections, previous = [], []
        for i, plan in enumerate(self.plans):
            if plan.stage in ("not_started", "deferred"):
                continue
            plan.late = plan.stage in (State.REGISTRATION, State.NOMINATION) and r.random() < 0.15
            plan.postponed = plan.stage in (State.REGISTRATION, State.NOMINATION, State.CLOSED) and r.random() < 0.05
            plan.override = r.random() < 0.08
            plan.backdated = plan.stage != State.PREPARATION and r.random() < 0.06
            plan.rehearsal = r.random() < 0.04 or i % self.per_street == 1  # at least one a street
            plan.tie_break = plan.stage == State.COUNTING and r.random() < 0.3
            plan.vacancy = plan.stage in RESULT_CERTIFIED and r.random() < 0.05
            plan.method = "" if plan.stage == State.PREPARATION else _weighted(r, METHODS)
            if plan.stage != State.PREPARATION or r.random() < 0.5:
                plan.election_date = self._date_for(plan)
            plan.election = self._election(plan, term=TERM, state=plan.stage, date=plan.election_date,
                                           method=plan.method)
            adults = [p for p in plan.residents if 30 <= self._age(p, self.today) <= 60] or plan.residents
            plan.previous_people = r.sample(adults, min(len(adults), 5))
            plan.previous_chair = plan.previous_people[0].name
            if plan.stage in RESULT_CERTIFIED:
                plan.election.results_certified_on = plan.election_date
            if plan.stage == State.CLOSED:
                plan.election.committee_term_ended_on = plan.election_date + datetime.timedelta(days=4)
            elections.append(plan.election)
            # The previous term's committee, closed three years ago.
            plan.previous = self._election(plan, term=TERM - 1, state=State.CLOSED, method="direct",
                                           date=self.today.replace(year=self.today.year - 3))
            plan.previous.results_certified_on = plan.previous.election_date
            previous.append(plan.previous)
            if plan.rehearsal:
                plan.rehearsal_election = self._election(plan, term=TERM, state=State.CERTIFIED, rehearsal=True,
                                                         date=self.today - datetime.timedelta(days=30),
                                                         method="direct")
                plan.rehearsal_election.results_certified_on = plan.rehearsal_election.election_date
                elections.append(plan.rehearsal_election)
        Election.objects.bulk_create(previous + elections, batch_size=1000)
        self.active = [p for p in self.plans if p.election is not None]
        changes = []
        for plan in self.active:
            for election in self._elections_of(plan):
                target = ORDER.index(State(election.state))
                for src, dst in zip(ORDER[:target], ORDER[1:target + 1]):
                    move = ALLOWED_TRANSITIONS[src][dst]
                    changes.append(ElectionStateChange(election=election, from_state=src, to_state=dst,
                                                       actor=self.actor, door=move.doors[0] if move.doors else "",
                                                       rule=move.rule))
            for src, dst in zip(ORDER[:-1], ORDER[1:]):
                move = ALLOWED_TRANSITIONS[src][dst]
                changes.append(ElectionStateChange(election=plan.previous, from_state=src, to_state=dst,
                                                   actor=self.actor, door=move.doors[0] if move.doors else "",
                                                   rule=move.rule))
        ElectionStateChange.objects.bulk_create(changes, batch_size=2000)

    def _elections_of(self, plan):
        """The real election, and its rehearsal when there is one (rehearsals run the same steps)."""
        return [plan.election] + ([plan.rehearsal_election] if plan.rehearsal else [])

    def _day(self, election, days_before):
        return election.election_date - datetime.timedelta(days=days_before)

    # --- preparation: the election committee and the meetings (ORG-2, ORG-3, MTH-1) --------------------------

    def preparation(self):
        members, meetings, steps, overrides, postponements, backdated = [], [], [], [], [], []
        for plan in self.active:
            adults = [p for p in plan.residents if self._age(p, self.today) >= 25]
            for election in self._elections_of(plan):
                decided = election.state != State.PREPARATION
                if not decided and self.rng.random() < 0.5:
                    continue  # the committee is not chosen yet
                date = election.election_date or self.today + datetime.timedelta(days=50)
                for (position, _sex), person in zip(ELECTION_COMMITTEE, self.rng.sample(adults, 5)):
                    members.append(CommitteeMember(election=election, name=person.name, sex=person.sex,
                                                   position=position))
                committee_day = min(self.today, date - datetime.timedelta(days=45))
                meetings.append(Meeting(election=election, kind=Meeting.Kind.COMMITTEE, held_on=committee_day,
                                        representatives_total=51, present=45, votes_for=44,
                                        decision="推选产生社区选举委员会", recorded_by=self.actor))
                steps.append(self._step(election, "committee_formed", committee_day))
                if not decided:
                    continue
                method_day = date - datetime.timedelta(days=44)
                meetings.append(Meeting(election=election, kind=Meeting.Kind.METHOD, held_on=method_day,
                                        representatives_total=51, present=44, votes_for=43, method=election.method,
                                        decision="决定本届居民委员会选举方式", recorded_by=self.actor))
                steps.append(self._step(election, "method_decided", method_day))
                steps.append(self._step(election, "election_day_set", method_day))
            election = plan.election
            if plan.override:
                overrides.append(Override(election=election, rule="VOT-5", actor=self.actor,
                                          message="选举日距今不足选民名单公布所需天数。",
                                          reason="街道指导小组统一确定的选举日，已报请街道研究"))
            if plan.postponed and election.election_date:
                postponements.append(Postponement(
                    election=election, old_date=election.election_date - datetime.timedelta(days=7),
                    new_date=election.election_date, reason="选举日与社区重大活动冲突，经街道研究决定改期",
                    document_number=f"街选字〔{self.today.year}〕{self.rng.randint(1, 99)}号",
                    decided_on=min(self.today, election.election_date - datetime.timedelta(days=20)),
                    entered_by=self.actor))
            if plan.backdated and election.election_date:
                day = min(self.today, election.election_date) - datetime.timedelta(days=self.rng.randint(5, 9))
                backdated.append(BackdatedAct(election=election, act="meeting_method", day=day,
                                              entered_at=self.now, entered_by=self.actor,
                                              days_back=(self.today - day).days or 1,
                                              object_repr="决定选举方式的居民代表会议"))
        CommitteeMember.objects.bulk_create(members, batch_size=2000)
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        Override.objects.bulk_create(overrides, batch_size=2000)
        Postponement.objects.bulk_create(postponements, batch_size=2000)
        BackdatedAct.objects.bulk_create(backdated, batch_size=2000)
        self.steps = steps

    def _step(self, election, key, day):
        return StepCompletion(election=election, step=key, done_on=day, actor=self.actor,
                              done_at=timezone.make_aware(datetime.datetime.combine(day, datetime.time(16)))
                              if day < self.today else self.now)

    @staticmethod
    def _age(person, day):
        return day.year - person.birth_date.year - ((day.month, day.day) < (person.birth_date.month,
                                                                            person.birth_date.day))

    # --- registration (VOT-1, VOT-4, VOT-5, VOT-6) -----------------------------------------------------------

    def registration(self):
        registrations = []
        rules = self.rules
        list_days = rules.voter_list_days_before + 3
        for plan in self.active:
            for election in self._elections_of(plan):
                if ORDER.index(State(election.state)) < ORDER.index(State.REGISTRATION):
                    continue
                plan_regs = []
                for person in plan.residents:
                    if self._age(person, election.election_date) < 18:
                        continue
                    category = (Registration.Category.HUKOU_RESIDENT if person.hukou_here
                                else Registration.Category.ELSEWHERE)
                    status = Registration.Status.CONFIRMED
                    if election.state == State.REGISTRATION and self.rng.random() < 0.2:
                        status = Registration.Status.PENDING
                    plan_regs.append(Registration(election=election, resident=person, status=status,
                                                  category=category, decided_by=self.actor if status != "pending"
                                                  else None))
                registrations += plan_regs
                if election.is_rehearsal:
                    plan.rehearsal_registrations = plan_regs
                else:
                    plan.registrations = plan_regs
                if election.state == State.REGISTRATION:
                    continue
                posted = self._day(election, list_days)
                if plan.late and election.state == State.NOMINATION and not election.is_rehearsal:
                    continue  # posted, but the objections and candidates lag behind (see candidates)
                self.steps.append(self._step(election, "voter_list_published", min(posted, self.today)))
                closing = posted + datetime.timedelta(days=rules.objection_window_days + 1)
                if closing <= self.today:
                    self.steps.append(self._step(election, "objections_decided", closing))
        Registration.objects.bulk_create(registrations, batch_size=5000)

    # --- candidates (CAN-4, CAN-6) -------------------------------------------------------------------------------

    def candidates(self):
        nominees, candidates, meetings, wanted = [], [], [], []
        for plan in self.active:
            for election in self._elections_of(plan):
                if ORDER.index(State(election.state)) < ORDER.index(State.NOMINATION):
                    continue
                if plan.late and election.state == State.NOMINATION and not election.is_rehearsal:
                    continue  # late: no formal candidates yet, a few days before election day (CAN-6)
                day = self._day(election, 10)
                if day > self.today:
                    continue
                meeting = Meeting(election=election, kind=Meeting.Kind.CANDIDATES, held_on=day,
                                  representatives_total=51, present=45, votes_for=42, decision="确定正式候选人",
                                  recorded_by=self.actor)
                meetings.append(meeting)
                regs = plan.rehearsal_registrations if election.is_rehearsal else plan.registrations
                people = self._standing(plan, election, regs)
                election._standing = []
                for position, person, secretary in people:
                    nominee = Nominee(election=election, resident=person, is_party_secretary=secretary,
                                      accepted_on=day, created_by=self.actor)
                    nominees.append(nominee)
                    wanted.append((nominee, election, position, meeting))
                posted = self._day(election, self.rules.candidates_days_before + 2)
                if posted <= self.today:
                    self.steps.append(self._step(election, "candidates_posted", posted))
        Meeting.objects.bulk_create(meetings, batch_size=2000)
        Nominee.objects.bulk_create(nominees, batch_size=2000)
        for i, (nominee, election, position, meeting) in enumerate(wanted):
            candidate = Candidate(election=election, nominee=nominee, position=position, meeting=meeting,
                                  votes=45 - i % 7, status=Candidate.Status.FORMAL)
            candidates.append(candidate)
            election._standing.append(candidate)
        Candidate.objects.bulk_create(candidates, batch_size=2000)

    def _standing(self, plan, election, regs):
        """[(position, resident, party secretary)] of the formal candidates (CAN-5: one more than the seats for
        chair and vice-chair, the members' seats plus 20 %), some of the previous committee among them."""
        day = election.election_date
        pool = [reg.resident for reg in regs if reg.status == Registration.Status.CONFIRMED
                and 25 <= self._age(reg.resident, day) <= 62]
        self.rng.shuffle(pool)
        previous = [p for p in getattr(plan, "previous_people", []) if p in pool]
        ordered = previous[:self.rng.randint(0, 3)] + [p for p in pool if p not in previous]
        plan_seats = [("chair", 2), ("vice_chair", 2), ("member", election.member_seats + 2)]
        chosen, i = [], 0
        for position, n in plan_seats:
            for person in ordered[i:i + n]:
                secretary = position == "chair" and not chosen and person.political_status == "cpc" or (
                    position == "chair" and i == 0 and self.rng.random() < 0.5)
                chosen.append((position, person, secretary))
            i += n
        return chosen

    # --- election day (VOTE-2, PRX-1…PRX-4) ----------------------------------------------------------------------

    def election_day(self):
        rounds, stations, proxies = [], [], []
        held = []
        for plan in self.active:
            for election in self._elections_of(plan):
                if ORDER.index(State(election.state)) < ORDER.index(State.NOMINATION):
                    continue
                regs = [r for r in (plan.rehearsal_registrations if election.is_rehearsal else plan.registrations)
                        if r.status == Registration.Status.CONFIRMED]
                # PRX-1: proxies only under the direct and household methods; PRX-2 approved; PRX-4 at most 3.
                election._proxies = []
                if election.method != "representative" and self._day(election, 5) <= self.today and len(regs) > 8:
                    givers = self.rng.sample(regs, self.rng.randint(0, min(4, len(regs) // 8)))
                    holders = [r for r in regs if r not in givers]
                    for n, giver in enumerate(givers, start=1):
                        proxy = Proxy(election=election, number=n, principal=giver, holder=holders[n],
                                      reason=self.rng.choice(["age", "illness", "disability"]),
                                      authorisation_signed_on=self._day(election, 5),
                                      authorisation_note=f"委托书第{n}号", status=Proxy.Status.APPROVED,
                                      applied_on=self._day(election, 5), applied_by=self.actor,
                                      decided_on=self._day(election, 4), decided_at=self.now,
                                      decided_by=self.actor)
                        proxies.append(proxy)
                        election._proxies.append(proxy)
                arranged = self._day(election, self.rules.proxy_days_before)
                if arranged <= self.today and not (plan.late and election is plan.election):
                    self.steps.append(self._step(election, "proxies_arranged", arranged))
                if ORDER.index(State(election.state)) < ORDER.index(State.VOTING):
                    continue
                main_kind = "meeting" if election.method == "representative" or self.rng.random() < 0.6 else "central"
                main = PollingStation(election=election, kind=main_kind,
                                      name="选举大会会场" if main_kind == "meeting" else "中心投票站")
                stations.append(main)
                mobile = None
                if election.method != "representative":
                    mobile = PollingStation(election=election, kind="mobile", name="流动票箱")
                    stations.append(mobile)
                first = Round(election=election, number=1, kind=Round.Kind.FIRST, opened_by=self.actor,
                              contests=self._contests(election))
                rounds.append(first)
                held.append((plan, election, regs, first, main, mobile))
        PollingStation.objects.bulk_create(stations, batch_size=2000)
        Round.objects.bulk_create(rounds, batch_size=2000)
        Proxy.objects.bulk_create(proxies, batch_size=2000)
        issues = []
        for plan, election, regs, first, main, mobile in held:
            voters = [r for r in regs if election.method != "representative" or r.resident.is_representative]
            turnout = self.rng.uniform(0.78, 0.95)
            if election.state == State.VOTING:
                turnout *= self.rng.uniform(0.3, 0.8)  # election day: the issuance is under way
            taking = self.rng.sample(voters, round(turnout * len(voters)))
            by_proxy = {p.principal_id: p for p in election._proxies}
            seen_households = set()
            election._issued = {"total": 0, "mobile": 0, "proxy": 0}
            for reg in taking:
                household = None
                if election.method == "household":
                    if reg.resident.household_id in seen_households:
                        continue
                    seen_households.add(reg.resident.household_id)
                    household = reg.resident.household
                proxy = by_proxy.get(reg.pk)
                station = mobile if mobile and proxy is None and self.rng.random() < 0.04 else main
                issues.append(BallotIssue(round=first, registration=reg, household=household, station=station,
                                          proxy=proxy, issued_by=self.actor))
                election._issued["total"] += 1
                election._issued["mobile"] += station is mobile
                election._issued["proxy"] += proxy is not None
            election._first, election._stations = first, (main, mobile)
            if election.state != State.VOTING:
                self.steps.append(self._step(election, "election_held", election.election_date))
        BallotIssue.objects.bulk_create(issues, batch_size=5000)
        self.held = held

    def _contests(self, election):
        standing = getattr(election, "_standing", [])
        return [{"position": position, "seats": seats, "women_only": False,
                 "candidates": [candidate_key(c.pk) for c in standing if c.position == position]}
                for position, seats in election.seats.items()]

    # --- counting and results (VOTE-5, VOTE-9, AFT-1) -------------------------------------------------------------

    def _votes(self, election, participants):
        """{position: {key: votes}} of the first round; the first of each position wins comfortably."""
        votes = {}
        for contest in election._first.contests:
            seats, keys = contest["seats"], contest["candidates"]
            row = {}
            for i, key in enumerate(keys):
                share = self.rng.uniform(0.75, 0.95) if i < seats else self.rng.uniform(0.2, 0.45)
                row[key] = round(share * participants)
            votes[contest["position"]] = row
        return votes

    def results(self):
        count_rounds, boxes, entries, certifications = [], [], [], []
        self.counted = []
        for plan, election, regs, first, main, mobile in self.held:
            if election.state == State.VOTING:
                continue
            issued = election._issued["total"]
            votes = self._votes(election, issued)
            invalid = self.rng.randint(0, max(1, issued // 60))
            blank = self.rng.randint(0, max(1, issued // 100))
            figures = {"issued": issued, "returned": issued, "valid": issued - invalid, "invalid": invalid,
                       "blank": blank, "votes": votes, "invalid_positions": {},
                       "eligible": self._eligible(election, regs), "absent": 0}
            tie = plan.tie_break and election is plan.election
            open_count = election.state == State.COUNTING and not tie
            cr = CountRound(election=election, round=first, purpose=CountRound.Purpose.FIRST, stage=1,
                            status=CountRound.Status.OPEN if open_count else CountRound.Status.CLOSED,
                            result={} if open_count else figures, closed_at=None if open_count else self.now,
                            closed_by=None if open_count else self.actor)
            count_rounds.append(cr)
            per_station = {main: issued - election._issued["mobile"]}
            if mobile:
                per_station[mobile] = election._issued["mobile"]
            for station, n in per_station.items():
                # Agreed (with its agreed entry) below, once the entry exists.
                box = TallyBox(count_round=cr, station=station, mode=TallyBox.Mode.TOTALS,
                               status=TallyBox.Status.OPEN, opened_by=self.actor)
                boxes.append(box)
                if not open_count:
                    entries.append((box, n))
            self.counted.append((plan, election, regs, cr, figures, tie))
        CountRound.objects.bulk_create(count_rounds, batch_size=2000)
        TallyBox.objects.bulk_create(boxes, batch_size=2000)
        entry_objs = [TallyEntry(box=box, role=TallyEntry.Role.AGREED, status=TallyEntry.Status.SUBMITTED,
                                 entered_by=self.actor, returned=n, valid=n, invalid=0, blank=0,
                                 submitted_at=self.now) for box, n in entries]
        TallyEntry.objects.bulk_create(entry_objs, batch_size=2000)
        for (box, _n), entry in zip(entries, entry_objs, strict=True):
            box.agreed_entry, box.status, box.agreed_at = entry, TallyBox.Status.AGREED, self.now
        TallyBox.objects.bulk_update([box for box, _n in entries], ["agreed_entry", "status", "agreed_at"],
                                     batch_size=2000)
        self._tie_breaks()
        for plan, election, regs, cr, figures, tie in self.counted:
            if election.state not in RESULT_CERTIFIED:
                continue
            snapshot = self._snapshot(plan, election, regs, figures)
            election._snapshot = snapshot
            certifications.append(Certification(
                election=election, certified_on=election.election_date, certified_by=self.actor,
                snapshot=snapshot, vacancy_reason="已达三人以上，其余名额暂缺，另行补选" if snapshot["vacancies"] else ""))
            self.steps.append(self._step(election, "results_certified", election.election_date))
        Certification.objects.bulk_create(certifications, batch_size=1000)

    @staticmethod
    def _eligible(election, regs):
        """Voters, households or representatives, by method (VOTE-3, VOTE-4)."""
        if election.method == "representative":
            return sum(r.resident.is_representative for r in regs)
        if election.method == "household":
            return len({r.resident.household_id for r in regs})
        return len(regs)

    def _tie_breaks(self):
        """VOTE-9: a tie at the last member seat; the tie-break vote among the tied is under way (round 2)."""
        rounds = []
        for plan, election, regs, cr, figures, tie in self.counted:
            if not tie:
                continue
            member = next(c for c in cr.round.contests if c["position"] == "member")
            keys = member["candidates"][member["seats"] - 1:member["seats"] + 1]
            votes = figures["votes"]["member"]
            if len(keys) == 2:
                votes[keys[1]] = votes[keys[0]]
            cr.result = figures
            rounds.append((election, Round(election=election, number=2, kind=Round.Kind.TIE_BREAK,
                                           voting_day=self.today, opened_by=self.actor, note="得票相等，就票数相等的候选人再次投票",
                                           contests=[{"position": "member", "seats": 1, "women_only": False,
                                                      "candidates": keys}])))
            election.state = State.VOTING
        if not rounds:
            return
        CountRound.objects.bulk_update([c[3] for c in self.counted if c[5]], ["result"])
        Round.objects.bulk_create([r for _e, r in rounds])
        CountRound.objects.bulk_create([CountRound(election=e, round=r, purpose=CountRound.Purpose.TIE_BREAK,
                                                   stage=1) for e, r in rounds])
        Election.objects.filter(pk__in=[e.pk for e, _r in rounds]).update(state=State.VOTING)
        ElectionStateChange.objects.bulk_create([
            ElectionStateChange(election=e, from_state=State.COUNTING, to_state=State.VOTING, actor=self.actor,
                                door="round_open", rule="VOTE-9", reason="最后一个委员名额得票相等") for e, _r in rounds])

    def _snapshot(self, plan, election, regs, figures):
        people = {candidate_key(c.pk): c for c in election._standing}
        elected = []
        vacancies = {}
        for contest in election._first.contests:
            position, seats = contest["position"], contest["seats"]
            ranked = sorted(contest["candidates"], key=lambda k: -figures["votes"][position][k])
            winners = ranked[:seats - 1] if plan.vacancy and position == "member" else ranked[:seats]
            if len(winners) < seats:
                vacancies[position] = seats - len(winners)
            for key in winners:
                person = people[key].nominee.resident
                elected.append({"key": key, "name": person.name, "sex": person.sex,
                                "birth_date": person.birth_date.isoformat(), "education": person.education,
                                "political_status": person.political_status,
                                "is_party_secretary": people[key].nominee.is_party_secretary, "written_in": False,
                                "position": position, "votes": figures["votes"][position][key], "round": 1,
                                "stage": 1, "tie_break": False})
        issued = election._issued
        return {
            "registered": len(regs), "eligible": figures["eligible"], "method": election.method,
            "seats": {p: n for p, n in election.seats.items()},
            "rounds": [{"number": 1, "purpose": "first", "stage": 1, "status": "closed", "void_rule": "",
                        "void_reason": "", "seats": dict(election.seats), "issued": figures["issued"],
                        "returned": figures["returned"], "valid": figures["valid"], "invalid": figures["invalid"],
                        "blank": figures["blank"], "eligible": figures["eligible"], "absent": 0, "quorum": None,
                        "threshold": figures["issued"] // 2 + 1, "threshold_rule": "VOTE-5", "tie_winners": [],
                        "votes": []}],
            "elected": elected, "vacancies": vacancies,
            "women_elected": sum(e["sex"] == "F" for e in elected), "notes": [],
            "polling": {"proxies": len(election._proxies), "proxy_ballots": issued["proxy"],
                        "mobile_issued": issued["mobile"], "mobile_returned": issued["mobile"], "helped": 0},
        }

    # --- the committee in office and the handover (AFT-2, AFT-6, AFT-7) ----------------------------------------

    def handover(self):
        seats, handovers, items, signatures = [], [], [], []
        # The previous committee: some of its members stand again (see _standing) and some are re-elected.
        for plan in self.active:
            for position, person in zip(["chair", "vice_chair", "member", "member", "member"],
                                        plan.previous_people):
                handed_over = plan.stage in (State.HANDOVER, State.CLOSED)
                seats.append(CommitteeSeat(
                    election=plan.previous, elected_in=plan.previous, position=position, name=person.name,
                    sex=person.sex, resident=person, took_office_on=plan.previous.election_date,
                    left_on=plan.election.election_date if handed_over else None,
                    left_reason="other" if handed_over else "", left_note="换届，新一届委员会就职" if handed_over else ""))
        for plan, election, regs, cr, figures, tie in self.counted:
            if election.state not in (State.HANDOVER, State.CLOSED):
                continue
            people = {candidate_key(c.pk): c for c in election._standing}
            for row in election._snapshot["elected"]:
                seats.append(CommitteeSeat(election=election, elected_in=election, position=row["position"],
                                           name=row["name"], sex=row["sex"],
                                           resident=people[row["key"]].nominee.resident, result_key=row["key"],
                                           votes=row["votes"], took_office_on=election.election_date))
            start = election.election_date + datetime.timedelta(days=1)
            chair = next((r["name"] for r in election._snapshot["elected"] if r["position"] == "chair"), "—")
            handover = Handover(election=election, started_on=start, started_by=self.actor,
                                outgoing_chair=plan.previous_chair,
                                incoming_chair=chair)
            handovers.append((handover, election))
        CommitteeSeat.objects.bulk_create(seats, batch_size=2000)
        Handover.objects.bulk_create([h for h, _e in handovers], batch_size=2000)
        for handover, election in handovers:
            items += [HandoverItem(handover=handover, category=category, description=text, quantity="已清点",
                                   added_by=self.actor) for category, text in STANDARD_ITEMS]
            if election.state == State.CLOSED:
                day = handover.started_on + datetime.timedelta(days=2)
                for party, order, name in (("outgoing", 1, handover.outgoing_chair),
                                           ("incoming", 2, handover.incoming_chair), ("street", 3, "街道监交人")):
                    signatures.append(HandoverSignature(handover=handover, party=party, order=order,
                                                        signer_name=name, signed_on=day, recorded_by=self.actor))
                handover.completed_on, handover.completed_at = day, self.now
                self.steps.append(self._step(election, "handover_done", day))
                self.steps.append(self._step(election, "archive_done", day + datetime.timedelta(days=3)))
        HandoverItem.objects.bulk_create(items, batch_size=5000)
        HandoverSignature.objects.bulk_create(signatures, batch_size=5000)
        # AFT-7: the record is sealed last, once its items and signatures are in.
        Handover.objects.bulk_update([h for h, e in handovers if e.state == State.CLOSED],
                                     ["completed_on", "completed_at"], batch_size=2000)
        StepCompletion.objects.bulk_create(self.steps, batch_size=5000)


def generate_district(communities, *, seed=1, stdout=None, password="", residents=(70, 160)):
    """Create the district; returns the generator (its district, streets, users and timings). `residents`:
    the range of residents per community (tests use fewer)."""
    generator = DistrictGenerator(communities, seed=seed, stdout=stdout, password=password, residents=residents)
    generator.run()
    return generator
