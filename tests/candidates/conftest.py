"""Fixtures for nominations and candidates: residents and confirmed registrations made with the ORM (so these
tests do not wait on the voter-registration services), and elections brought to the nomination phase through
the real state machine.

Election A (tests/conftest.py): community 怡丽北园社区, election day 2026-12-20 (a Sunday), seed profile, seats
1 chair + 1 vice-chair + 3 members unless a test asks for others.
"""
import datetime
import itertools

import pytest
from django.utils import timezone

from candidates.models import NegativeCheck
from candidates.services.candidates import VoteRow, candidates_post, formal_candidates_decide
from candidates.services.nominations import nomination_record
from elections import clock
from elections.checklist import step_done
from elections.services.elections import election_transition
from tests import factories
from voters.idcard import check_char
from voters.models import Household, Registration, Resident, ResidentGroup

ELECTION_DAY = datetime.date(2026, 12, 20)
POSTED = datetime.date(2026, 11, 30)  # the voter list is posted (VOT-5, CAL-5: nominations come after it)
BEFORE = datetime.date(2026, 12, 1)  # a day in the nomination phase: the helpers enter their acts on it
_serial = itertools.count(1)


def id_number(birth_date, sex):
    """A valid 18-digit identity number (GB 11643): the sequence's last digit is odd for men."""
    seq = (next(_serial) % 500) * 2 + (1 if sex == "M" else 0)
    first17 = f"110108{birth_date:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def group_of(community, number=1):
    return ResidentGroup.objects.get_or_create(community=community, number=number,
                                               defaults={"name": f"第{number}居民小组"})[0]


def add_resident(election, name, *, sex="M", birth_date=datetime.date(1980, 5, 1), education="senior",
                 political_status="masses", lives_here=True, hukou_here=True, owns_home_here=False,
                 status=Registration.Status.CONFIRMED, household=None, community=None):
    """A resident of the election's community (or `community`), registered in `status` (None: not at all)."""
    community = community or election.community
    resident = Resident.objects.create(
        community=community, group=group_of(community), household=household, name=name, sex=sex,
        birth_date=birth_date, id_number=id_number(birth_date, sex), education=education,
        political_status=political_status, lives_here=lives_here, hukou_here=hukou_here,
        owns_home_here=owns_home_here)
    if status is not None:
        Registration.objects.create(election=election, resident=resident, status=status,
                                    category=Registration.Category.HUKOU_RESIDENT,
                                    reason="" if status == Registration.Status.CONFIRMED else "测试")
    return resident


def household(community, number):
    return Household.objects.create(community=community, number=number, group=group_of(community))


def to_nomination(election, actor, method="direct"):
    """Committee, method, registration, the voter list posted on POSTED (checklist step), nomination: the real
    path."""
    factories.ready_for_registration(election, actor, method=method)
    election_transition(election=election, to="registration", actor=actor)
    step_done(election=election, step="voter_list_published", actor=actor, on=POSTED)
    return election_transition(election=election, to="nomination", actor=actor)


def self_nominate(election, resident, actor, positions=("member",), today=BEFORE, **kw):
    """A self-application (accepted by definition) made and entered on `today`; returns the nominee."""
    with clock.travelling_to(today):
        nomination = nomination_record(election=election, actor=actor, resident=resident, source="self",
                                       positions=list(positions), nominated_on=today, **kw)
    return nomination.nominee


def clear_negative_list(nominee, actor=None):
    """Every item of the negative list checked and clear (ORM: the service is tested on its own)."""
    NegativeCheck.objects.filter(nominee=nominee).update(finding="clear", evidence="已核查，无此情形",
                                                         checked_by=actor, checked_at=timezone.now())


def ready_nominee(election, name, actor, positions=("member",), **resident_kw):
    nominee = self_nominate(election, add_resident(election, name, **resident_kw), actor, positions)
    clear_negative_list(nominee, actor)
    return nominee


def slate(election, actor, counts, *, prefix="候选"):
    """Ready nominees per position: {"chair": 2, ...} → {"chair": [nominee, …], ...}."""
    names = iter("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥")
    return {position: [ready_nominee(election, f"{prefix}{next(names)}", actor, [position]) for _ in range(n)]
            for position, n in counts.items()}


def rows_for(people, *, votes=40, chosen=True):
    """VoteRow per nominee of {position: [nominees]}; the votes go down by one per nominee."""
    rows, v = [], votes
    for position, nominees in people.items():
        for nominee in nominees:
            rows.append(VoteRow(nominee, position, v, chosen))
            v -= 1
    return rows


def post_candidates(election, actor, day):
    """The formal candidates posted and entered on `day` (CAN-6 is judged by that day, CAL-5)."""
    with clock.travelling_to(day):
        return candidates_post(election=election, actor=actor, posted_on=day)


def decide(election, actor, rows, held_on=BEFORE, total=51, present=45):
    """The meeting that decides the formal candidates, held and entered on `held_on`."""
    with clock.travelling_to(held_on):
        return formal_candidates_decide(election=election, actor=actor, held_on=held_on,
                                        representatives_total=total, present=present, rows=rows)


@pytest.fixture
def nominating(election_a, clerk_a):
    """Election A in the nomination phase (seed profile, 1 chair, 1 vice-chair, 3 members)."""
    return to_nomination(election_a, clerk_a)


@pytest.fixture
def decided(nominating, clerk_a):
    """Election A with its formal candidates decided: chair 2, vice-chair 2, members 4 (seed margin exactly),
    and one reserve member (votes 10)."""
    people = slate(nominating, clerk_a, {"chair": 2, "vice_chair": 2, "member": 4})
    reserve = ready_nominee(nominating, "候补甲", clerk_a, ["member"])
    decide(nominating, clerk_a, rows_for(people) + [VoteRow(reserve, "member", 10, False)])
    return nominating
