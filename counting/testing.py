"""Counting data for benchmarks and tests: an election in the voting state with its formal candidates, voters
who took their ballots, and random ballot lines — made quickly (bulk inserts, polling's test helpers).

Not used by the application itself.
"""
import datetime
import random

from django.contrib.auth import get_user_model

from elections import clock
from elections.models import Community, District, RuleProfile, Street
from elections.services.elections import election_create
from elections.states import State
from polling.models import BallotIssue
from polling.services.rounds import current_round, polls_close
from polling.testing import make_formal_candidates, set_state, staffed_station
from voters.models import Registration, Resident

from . import lines as line_codes
from .services.rounds import current_count_round

CANDIDATES = {"chair": ["王建国", "李明华"], "vice_chair": ["张秀英", "刘志强"],
              "member": ["陈丽", "杨洪涛", "赵敏", "黄伟", "周玉兰", "吴建平"]}


def typists():
    users = []
    for name in ("bench-typist-1", "bench-typist-2"):
        user, _created = get_user_model().objects.get_or_create(username=name)
        users.append(user)
    return users


def make_voters(election, n):
    """n confirmed voters of the election's community, in bulk. (Names need not differ here; polling.testing's
    make_voters draws different names and runs out of them above about 5,600.)"""
    born = datetime.date(1970, 1, 1)
    residents = Resident.objects.bulk_create([
        Resident(community=election.community, name=f"选民{i}", id_number=f"9{i:07d}1970010100",
                 sex="F" if i % 2 else "M", birth_date=born) for i in range(n)], batch_size=2000)
    return Registration.objects.bulk_create([
        Registration(election=election, resident=r, status=Registration.Status.CONFIRMED,
                     category=Registration.Category.HUKOU_RESIDENT) for r in residents], batch_size=2000)


def counted_election(code, voters, *, turnout=1.0):
    """(election, station, count round): `voters` confirmed voters, `turnout` of them issued a ballot."""
    district, _c = District.objects.get_or_create(code=code[:6] + "000000", defaults={"name": "基准区"})
    street, _c = Street.objects.get_or_create(code=code[:9] + "000", defaults={"district": district,
                                                                             "name": "基准街道"})
    community = Community.objects.create(street=street, code=code, name="基准社区", households=voters // 3,
                                         population=voters)
    profile = RuleProfile.objects.get(key="seed-district-plan")
    election = election_create(community=community, term=1, profile=profile, actor=None,
                               election_date=clock.today(), member_seats=5,
                               override_reason="基准：选举日即今日，张贴期限不在测量之列")
    registrations = make_voters(election, voters)
    for position, names in CANDIDATES.items():
        for i, name in enumerate(names):
            make_formal_candidates(election, {position: [name]}, sex="F" if i % 2 else "M")
    election = set_state(election, State.VOTING, method="direct")
    station = staffed_station(election)
    round_obj = current_round(election)
    BallotIssue.objects.bulk_create([BallotIssue(round=round_obj, registration=r, station=station)
                                     for r in registrations[:round(turnout * voters)]], batch_size=2000)
    election = polls_close(election=election, actor=None)  # VOTE-2: the issuance closes, the count begins
    return election, station, current_count_round(election=election, actor=None)


def random_lines(count_round, n, seed=1):
    """n plausible ballots for the round's contests: candidates approved by their popularity, no more than the
    seats of each position, a few against, one in a hundred blank."""
    rng = random.Random(seed)
    contests = [(c["position"], c["seats"], [line_codes.candidate_id_of(k) for k in c["candidates"]])
                for c in count_round.contests]
    popularity = {c: rng.uniform(0.3, 0.9) for _p, _s, ids in contests for c in ids}
    lines = []
    for _i in range(n):
        if rng.random() < 0.01:
            lines.append(line_codes.Line())
            continue
        marks = {}
        for position, seats, ids in contests:
            approved = [c for c in ids if rng.random() < popularity[c]][:seats]
            section = {c: line_codes.FOR for c in approved}
            section.update({c: line_codes.AGAINST for c in ids if c not in section and rng.random() < 0.1})
            marks[position] = section
        lines.append(line_codes.Line(marks=marks))
    return lines
