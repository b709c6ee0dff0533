"""A complete rehearsal election (演练), run through the same services as a real one (DESIGN.md
`simulate_election`): residents (made when the community has none), voter registration and the posted list,
nominations and their checks, the formal candidates and their posting, the polling plan, ballot issuance,
ballots drawn at random (seeded) and typed twice, every round the rules need (tie-breaks, further rounds),
certification.

Election day is today, and the calendar before it is lived through as a real election lives it: each step is
entered on the day it is dated (the app's clock travels to that day, elections.clock.travelling_to), so the
rehearsal meets every dated-act rule (CAL-5) — nothing back-dated, nothing before what it follows — and the
posting deadlines the rules allow (VOT-5, CAN-6).
"""
import datetime
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model

from candidates.eligibility import HIGH_SCHOOL_OR_ABOVE, age_on
from candidates.models import NegativeCheck, NominationSource
from elections import clock
from elections.models import Election, RuleProfile
from elections.rules.margin import required_candidates
from elections.states import State

from . import lines as line_codes
from .models import CountRound, TallyBox
from .results import election_results

COMMITTEE = [("欧阳立群", "M", "chair"), ("司马文静", "F", "vice_chair"), ("上官志远", "M", "vice_chair"),
             ("诸葛丽华", "F", "member"), ("东方明远", "M", "member")]
TYPISTS = ("rehearsal-typist-1", "rehearsal-typist-2")
MEETING, MOBILE = "选举大会会场", "流动票箱"
BATCH = 250
MOBILE_SHARE = 0.03
MAX_ROUNDS = 8
REASON = "演练：已与纸质选票核对"


@dataclass
class Options:
    voters: int = 1200
    turnout: float = 0.85
    seed: int = 1


class Simulation:
    def __init__(self, community, options):
        self.community, self.options = community, options
        self.rng = random.Random(options.seed)
        self.today = clock.today()
        self.typists = [_typist(name) for name in TYPISTS]
        self.actor = self.typists[0]
        self.popularity = {}

    # --- preparation ---------------------------------------------------------------------------------------

    def residents(self):
        from voters.demo import seed_residents
        from voters.models import Resident

        if Resident.objects.filter(community=self.community).exists():
            return 0
        n = max(5, self.options.voters)
        households = min(n, max(-(-n // 5), round(n / 2.9)))
        return seed_residents(self.community, households=households, residents=n, seed=self.options.seed,
                              today=self.today)

    def create(self):
        from elections.services.elections import election_create

        latest = Election.objects.filter(community=self.community).order_by("-term").first()
        profile = latest.profile if latest else RuleProfile.objects.get(key="seed-district-plan")
        with self.on(46):
            self.election = election_create(
                community=self.community, term=latest.term if latest else 1, profile=profile, actor=self.actor,
                is_rehearsal=True, election_date=self.today, start_time=datetime.time(8),
                place=f"{self.community.name}居委会会议室", vice_chair_seats=profile.vice_chairs_min,
                member_seats=5)
        return self.election

    def day(self, days_before):
        return self.today - datetime.timedelta(days=days_before)

    def on(self, days_before):
        """Enter what follows on the day `days_before` election day (CAL-5: the day of the act)."""
        return clock.travelling_to(self.day(days_before))

    @property
    def list_days(self):
        """The voter list goes up 5 days before its deadline (VOT-5)."""
        return self.election.rules.voter_list_days_before + 5

    def committee(self):
        from elections.services.committee import committee_member_add
        from elections.services.meetings import meeting_record

        with self.on(45):
            for name, sex, position in COMMITTEE:
                committee_member_add(election=self.election, actor=self.actor, name=name, sex=sex,
                                     position=position)
            meeting_record(election=self.election, actor=self.actor, kind="committee", held_on=self.day(45),
                           representatives_total=51, present=45, votes_for=44)
        with self.on(44):
            meeting_record(election=self.election, actor=self.actor, kind="method", held_on=self.day(44),
                           representatives_total=51, present=45, votes_for=43, method="direct")
            self.move(State.REGISTRATION)

    def move(self, state):
        from elections.services.elections import election_transition

        self.election = election_transition(election=self.election, to=state, actor=self.actor)

    def register(self):
        from voters.models import Registration
        from voters.services.objections import objections_period_close
        from voters.services.publication import voter_list_publish
        from voters.services.registration import (
            registrations_build,
            registrations_bulk_confirm,
            registrations_bulk_refuse,
        )

        with self.on(self.list_days + 1):
            registrations_build(election=self.election, actor=self.actor)
            registrations_bulk_confirm(election=self.election, actor=self.actor)
            pending = list(Registration.objects.filter(election=self.election,
                                                       status=Registration.Status.PENDING)
                           .values_list("pk", flat=True))
            if pending:
                registrations_bulk_refuse(election=self.election, actor=self.actor, registrations=pending,
                                          reason="演练：经审查不符合选民条件")
        with self.on(self.list_days):
            voter_list_publish(election=self.election, actor=self.actor, posted_on=self.day(self.list_days))
            self.move(State.NOMINATION)
        # VOT-6: nobody objected; the committee closes the period the day after the window ends.
        closing = self.list_days - self.election.rules.objection_window_days - 1
        with self.on(closing):
            objections_period_close(election=self.election, actor=self.actor, on=self.day(closing))

    # --- candidates ----------------------------------------------------------------------------------------

    def _eligible_people(self):
        from voters.models import Registration

        regs = (Registration.objects.filter(election=self.election, status=Registration.Status.CONFIRMED)
                .select_related("resident").order_by("resident_id"))
        names = {r.resident.name for r in regs}
        committee = {name for name, _s, _p in COMMITTEE}
        people = [r.resident for r in regs if 25 <= age_on(r.resident.birth_date, self.today) <= 58
                  and r.resident.education in HIGH_SCHOOL_OR_ABOVE and r.resident.hukou_here
                  and r.resident.lives_here and r.resident.name not in committee]
        # One person per name: written-in names and counting staff are matched by name.
        seen = {}
        for person in people:
            seen.setdefault(person.name, []).append(person)
        return [p for p in people if len(seen[p.name]) == 1 and p.name in names]

    def _choose(self, seats):
        people = self._eligible_people()
        wanted = {p: required_candidates(p, n, self.election.rules) for p, n in seats.items()}
        women = [p for p in people if p.sex == "F"]
        men = [p for p in people if p.sex == "M"]
        total = sum(wanted.values())
        if len(people) < total:
            raise ValueError(f"{self.community} has only {len(people)} residents who may stand; "
                             f"{total} needed")
        chosen = self.rng.sample(women, min(len(women), max(3, total // 3)))
        rest = [p for p in men + women if p not in chosen]
        chosen += self.rng.sample(rest, total - len(chosen))
        self.rng.shuffle(chosen)
        plan, i = [], 0
        for position, n in wanted.items():
            plan += [(position, person) for person in chosen[i:i + n]]
            i += n
        return plan

    def nominate(self):
        from candidates.services.candidates import VoteRow, candidates_post, formal_candidates_decide
        from candidates.services.nominations import negative_check_record, nomination_record

        rows = []
        with self.on(15):
            for i, (position, resident) in enumerate(self._choose(self.election.seats)):
                nomination = nomination_record(election=self.election, actor=self.actor, resident=resident,
                                               source=NominationSource.SELF, positions=[position],
                                               nominated_on=self.day(15))
                for check in NegativeCheck.objects.filter(nominee=nomination.nominee):
                    negative_check_record(check=check, actor=self.actor, finding=NegativeCheck.Finding.CLEAR,
                                          evidence="演练：已查询相关记录，未发现该情形。")
                rows.append(VoteRow(nomination.nominee, position, 45 - i % 10, True))
        with self.on(10):
            formal_candidates_decide(election=self.election, actor=self.actor, held_on=self.day(10),
                                     representatives_total=51, present=45, rows=rows, votes_for=42,
                                     decision="演练：确定正式候选人")
        posting_days = self.election.rules.candidates_days_before + 2
        with self.on(posting_days):
            candidates_post(election=self.election, actor=self.actor, posted_on=self.day(posting_days))
            self.move(State.VOTING)

    # --- election day --------------------------------------------------------------------------------------

    def plan(self):
        from polling.services.plan import staff_add, station_add
        from polling.services.proxies import proxies_arranged

        # PRX-3: no voter asked for a proxy; the committee records the arrangements closed on the last day.
        last = self.election.rules.proxy_days_before
        with self.on(last):
            proxies_arranged(election=self.election, actor=self.actor, on=self.day(last))

        self.stations = {}
        for kind, name, staff in (("meeting", MEETING, ("chief", "issuer", "teller", "scrutineer", "caller")),
                                  ("mobile", MOBILE, ("chief", "issuer", "scrutineer"))):
            station = station_add(election=self.election, kind=kind, name=name, actor=self.actor)
            for number, duty in zip("甲乙丙丁戊", staff):  # a person's name has no digits (elections.names)
                staff_add(station=station, name=f"{name}工作人员{number}", duty=duty, actor=self.actor)
            self.stations[kind] = station

    def issue(self, share):
        """Issue the current round's ballots to a seeded sample of the voters; returns {station: issued}."""
        from polling.selectors import voters_of
        from polling.services.issuance import ballot_issue

        voters = list(voters_of(self.election).select_related("resident__household").order_by("pk"))
        taking_part = self.rng.sample(voters, min(len(voters), round(share * len(voters))))
        issued = {station.pk: 0 for station in self.stations.values()}
        for i, registration in enumerate(taking_part):
            mobile = self.rng.random() < MOBILE_SHARE
            station = self.stations["mobile" if mobile else "meeting"]
            helper = f"代写人{i // 40 + 1}" if i % 40 in (0, 1) else ""  # VOTE-12: at most 3 each
            ballot_issue(election=self.election, registration=registration, station=station, actor=self.actor,
                         helper_name=helper)
            issued[station.pk] += 1
        return issued

    # --- ballots -------------------------------------------------------------------------------------------

    def likes(self, key):
        if key not in self.popularity:
            self.popularity[key] = self.rng.uniform(0.3, 0.95)
        return self.popularity[key]

    def ballot(self, contests, tie_break):
        roll = self.rng.random()
        if roll < 0.01:
            return line_codes.Line()  # blank: valid, approves nobody
        marks = {}
        for contest in contests:
            ids = [line_codes.candidate_id_of(k) for k in contest["candidates"]]
            if tie_break:
                weights = [self.likes(k) for k in contest["candidates"]]
                marks[contest["position"]] = {self.rng.choices(ids, weights)[0]: line_codes.FOR}
                continue
            approved = [c for c, k in zip(ids, contest["candidates"]) if self.rng.random() < self.likes(k)]
            if not approved:  # a voter who came marks somebody: blank ballots are the 1 % drawn above
                approved = [max(zip(ids, contest["candidates"]), key=lambda ck: self.likes(ck[1]))[0]]
            if roll > 0.99:  # over-marked: more approvals than seats (VOTE-8)
                approved = ids
            else:
                approved = approved[:contest["seats"]]
            section = {c: line_codes.FOR for c in approved}
            against = [c for c in ids if c not in section and self.rng.random() < 0.08]
            section.update({c: line_codes.AGAINST for c in against})
            marks[contest["position"]] = section
        return line_codes.Line(marks=marks)

    def count(self, count_round, issued):
        from .services import entry as entry_services
        from .services.rounds import round_close

        tie_break = count_round.purpose == CountRound.Purpose.TIE_BREAK
        for station in self.stations.values():
            n = issued.get(station.pk, 0)
            if not n:
                continue
            lines = [self.ballot(count_round.contests, tie_break) for _i in range(n)]
            box = entry_services.box_open(count_round=count_round, station=station,
                                          mode=TallyBox.Mode.BALLOTS, actor=self.actor)
            for typist in self.typists:  # double entry: two people, the same ballots
                entry = entry_services.entry_start(box=box, actor=typist)
                for start in range(0, n, BATCH):
                    entry_services.lines_add(entry=entry, lines=lines[start:start + BATCH], actor=typist)
                entry_services.entry_submit(entry=entry, actor=typist, returned=n, reason=REASON)
        return round_close(count_round=count_round, actor=self.actor)

    def hold(self, count_round):
        """Issue the round's ballots on its voting day, close the issuance (VOTE-2), count the boxes. Every
        round is held at the first round's turnout: the same people come back for a further vote."""
        from polling.services.rounds import polls_close

        self.election.refresh_from_db()  # the round's door moved it back to voting
        issued = self.issue(self.options.turnout)
        self.election = polls_close(election=self.election, actor=self.actor)
        return self.count(count_round, issued)

    def rounds(self):
        """Every round the result needs, then certification; (certification or None, the step that stopped)."""
        from .services.certification import results_certify
        from .services.rounds import current_count_round, round_next_open

        self.hold(current_count_round(election=self.election, actor=self.actor))
        for _i in range(MAX_ROUNDS):
            step = election_results(self.election).next
            if step.kind == "certify":
                return results_certify(election=self.election, actor=self.actor), None
            if not step.opens_round or step.may_leave_vacant:
                break
            self.hold(round_next_open(election=self.election, actor=self.actor, voting_day=self.today))
        step = election_results(self.election).next
        if step.may_certify:
            return results_certify(election=self.election, actor=self.actor,
                                   vacancy_reason="演练：已达三人以上，其余名额暂缺"), None
        return None, step

    def run(self):
        self.residents()
        self.create()
        self.committee()
        self.register()
        self.nominate()
        self.plan()
        self.certification, stopped = self.rounds()
        self.election.refresh_from_db()
        return outcome(self.election, self.certification, stopped=stopped)


def _typist(username):
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"is_active": False})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def _votes(view, people):
    return [{"name": person.name, "position": str(position), "votes": votes}
            for position, pairs in view.votes_rows(people) for person, votes in pairs]


def _first_round_votes(first, people):
    """{key: votes} of each person in the first round, for the position they stood for (a written-in name: the
    first position that counted them)."""
    own = {}
    if first is None:
        return own
    for position, pairs in first.votes_rows(people):
        for person, votes in pairs:
            if person.position == position or (person.written_in and person.key not in own):
                own[person.key] = votes
    return own


def _candidates(election, first, people):
    """Every formal candidate, with their votes in the first round (0 when it counted none)."""
    from polling.candidates import first_round_contests

    votes = _first_round_votes(first, people)
    rows = [{"name": people[key].name, "position": contest["position"], "sex": people[key].sex,
             "votes": votes.get(key, 0)}
            for contest in first_round_contests(election) for key in contest["candidates"]]
    rank = {"chair": 0, "vice_chair": 1, "member": 2}
    return sorted(rows, key=lambda c: (rank.get(c["position"], 3), -c["votes"], c["name"]))


def outcome(election, certification=None, stopped=None):
    """The JSON of DESIGN.md for a counted election. The top-level figures are those of the first round, void or
    not; `stopped` (a counting.results.NextStep) says which rule kept an uncertified rehearsal from ending."""
    from voters.selectors import registered_voter_count

    results = election_results(election)
    first = next((v for v in results.rounds if v.number == 1), None)
    figures = first.figures if first else None
    people = results.people
    data = {
        "community": election.community.code, "election": election.pk, "rehearsal": election.is_rehearsal,
        "registered": registered_voter_count(election),
        "participants": figures.issued if figures else 0,
        "quorum_reached": bool(first and first.quorum and first.quorum.reached),
        "ballots_issued": figures.issued if figures else 0,
        "ballots_returned": figures.returned if figures else 0,
        "ballots_valid": figures.valid if figures else 0,
        "ballots_invalid": figures.invalid if figures else 0,
        "seats": {str(p): n for p, n in election.seats.items()},
        "candidates": _candidates(election, first, people),
        "rounds": [{"number": v.number, "purpose": v.count_round.purpose, "status": v.count_round.status,
                    "participants": v.figures.issued, "votes": _votes(v, people)} for v in results.rounds],
        "elected": [{"name": e.person.name, "position": str(e.position), "votes": e.votes,
                     "round": e.round_number} for e in results.elected],
        "certified": certification is not None,
        "state": election.state,
    }
    if certification is None and stopped is not None:
        data["stopped"] = {"rule": stopped.rule, "step": stopped.kind, "message": str(stopped.message)}
    return data


def simulate(community, *, voters=1200, turnout=0.85, seed=1):
    """Run a rehearsal election for `community`; returns (election, the outcome as a dict)."""
    simulation = Simulation(community, Options(voters=voters, turnout=turnout, seed=seed))
    result = simulation.run()
    return simulation.election, result
