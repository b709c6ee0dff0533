"""Fixtures for the posted voter list (voters-B's tests): residents and registrations made with the ORM, so
these tests do not wait on the registration services. Import the fixtures into a test module with
`from tests.voters.conftest_publication import *  # noqa: F403`.

`add_voters` is a plain function (the voter-list PDF benchmark uses it too).
"""
import datetime
import itertools

import pytest

from elections.services.elections import election_transition
from tests import factories
from voters.idcard import check_char
from voters.models import Registration, Resident, ResidentGroup

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂建华文辉玉志海燕国庆淑珍凤红梅春"
GROUP_NUMERALS = "一二三四五六七八九十"
_serial = itertools.count(1)


def id_number(birth_date, serial, sex, region="110108"):
    """A valid 18-digit number (GB 11643): the sequence's last digit is odd for men, even for women."""
    seq = (serial % 500) * 2 + (1 if sex == "M" else 0)
    first17 = f"{region}{birth_date:%Y%m%d}{seq:03d}"
    return first17 + check_char(first17)


def chinese_name(i):
    """Deterministic, varied names of 2 and 3 characters."""
    surname = SURNAMES[i % len(SURNAMES)]
    given = GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
    if i % 3:
        given += GIVEN[(i * 7 + 3) % len(GIVEN)]
    return surname + given


def resident_groups(community, count):
    return [ResidentGroup.objects.get_or_create(
        community=community, number=n,
        defaults={"name": f"第{GROUP_NUMERALS[n - 1] if n <= 10 else n}居民小组"})[0] for n in range(1, count + 1)]


def add_residents(community, n, *, groups=3, birth_date=datetime.date(1970, 1, 1)):
    """n residents spread over `groups` resident groups, in order, with valid identity numbers."""
    group_list = resident_groups(community, groups)
    residents = []
    for i in range(n):
        serial = next(_serial)
        sex = "M" if i % 2 == 0 else "F"
        born = birth_date + datetime.timedelta(days=serial // 500)
        residents.append(Resident(
            community=community, group=group_list[i * groups // n], name=chinese_name(serial), sex=sex,
            birth_date=born, id_number=id_number(born, serial, sex)))
    return Resident.objects.bulk_create(residents, batch_size=1000)


def add_voters(election, n, *, groups=3, status=Registration.Status.CONFIRMED, reason="", problems=()):
    """n residents of the election's community, each with a registration in `status`."""
    residents = add_residents(election.community, n, groups=groups)
    if status in (Registration.Status.REFUSED, Registration.Status.REMOVED):
        reason = reason or "不符合选民条件"
    Registration.objects.bulk_create(
        [Registration(election=election, resident=r, status=status, reason=reason, problems=list(problems),
                      category=Registration.Category.HUKOU_RESIDENT) for r in residents], batch_size=1000)
    return residents


def open_registration(election, actor):
    factories.ready_for_registration(election, actor)
    return election_transition(election=election, to="registration", actor=actor)


@pytest.fixture(autouse=True)
def clock_the_day_before_election_day(settings):
    """The app's clock stands on 2026-12-19, the day before election A: every posting, change and objection
    these tests date in December lies in the past (CAL-5 refuses an act dated in the future)."""
    settings.CLOCK_TODAY = "2026-12-19"


@pytest.fixture
def registering(election_a, clerk_a):
    """Election A (election day 2026-12-20, seed profile: list posted by 2026-12-10) in voter registration."""
    return open_registration(election_a, clerk_a)


@pytest.fixture
def voters(registering):
    """30 confirmed voters in 3 resident groups."""
    return add_voters(registering, 30, groups=3)


@pytest.fixture
def posted(registering, voters, clerk_a):
    """The list of election A posted on 2026-12-10 (the last allowed day)."""
    from voters.services.publication import voter_list_publish

    return voter_list_publish(election=registering, actor=clerk_a, posted_on=datetime.date(2026, 12, 10))
