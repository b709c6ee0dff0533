"""Election-day data for tests and benchmarks: confirmed voters in households, formal candidates, a staffed
station — made quickly and directly (bulk inserts), without walking the registration and nomination steps.

Not used by the application itself.
"""
import datetime
import itertools
import time

from candidates.models import Candidate, Nominee
from elections.models import Election, Meeting
from elections.states import State
from voters.models import Household, Registration, Resident, ResidentGroup

from .models import PollingStation, StationStaff

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢"
            "姚沈钟姜崔谭陆范汪廖石金贾夏韦付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔向常汤")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英华慧巧美兰霞平刚桂梅玲鹏飞鑫波斌宇浩凯健俊帆帅旭宁龙林欣佳怡"
# Blocks of identity numbers: a database kept between runs (a benchmark's) must not see the same block twice.
_seq = itertools.count(int(time.time()) % 10000)


def chinese_names(n, seed=0):
    """n different plausible names (two or three characters)."""
    names, seen = [], set()
    for i in itertools.count(seed):
        surname = SURNAMES[i % len(SURNAMES)]
        given = GIVEN[(i * 7) % len(GIVEN)] + ("" if i % 3 == 0 else GIVEN[(i * 13 + 5) % len(GIVEN)])
        name = surname + given
        if name not in seen:
            seen.add(name)
            names.append(name)
        if len(names) == n:
            return names


def _id_number(block, i, birth):
    """An 18-character number, unique per (block, i): a fresh block per call, i the person within it; the
    last four characters vary from person to person, as the issuance search by last digits needs."""
    return f"11{block % 10000:04d}{birth:%Y%m%d}{i % 10000:04d}"


def _birth(i):
    return datetime.date(1950 + i % 50, 1 + i % 12, 1 + i % 28)


def make_voters(election, n, *, per_household=3, representatives=0, groups=4,
                status=Registration.Status.CONFIRMED):
    """n residents of the election's community in households of `per_household`, spread over `groups`
    resident groups, each with a registration of `status`; the first `representatives` are residents'
    representatives. Returns the registrations in order."""
    community = election.community
    block = next(_seq)
    group_objs = []
    for g in range(groups):
        group_objs.append(ResidentGroup.objects.get_or_create(
            community=community, number=g + 1, defaults={"name": f"第{g + 1}居民小组"})[0])
    households = Household.objects.bulk_create([
        Household(community=community, number=f"H{block}-{h + 1}", group=group_objs[h % groups])
        for h in range(-(-n // per_household))])
    names = chinese_names(n, seed=block * 31)
    residents = Resident.objects.bulk_create([
        Resident(community=community, household=households[i // per_household],
                 group=households[i // per_household].group, name=names[i],
                 id_number=_id_number(block, i, _birth(i)), sex="F" if i % 2 else "M", birth_date=_birth(i),
                 is_household_head=i % per_household == 0, is_representative=i < representatives)
        for i in range(n)])
    return Registration.objects.bulk_create([
        Registration(election=election, resident=r, status=status,
                     category=Registration.Category.HUKOU_RESIDENT)
        for r in residents])


def make_formal_candidates(election, names_by_position, *, sex="M"):
    """Formal candidates {position: [names]} (CAN-4), decided at a recorded meeting."""
    meeting = Meeting.objects.create(election=election, kind=Meeting.Kind.CANDIDATES,
                                     held_on=datetime.date(2026, 12, 1), representatives_total=51, present=45,
                                     votes_for=40)
    block = next(_seq)
    candidates = []
    for position, names in names_by_position.items():
        for i, name in enumerate(names):
            birth = datetime.date(1980, 1 + i % 12, 1 + i % 28)
            resident = Resident.objects.create(
                community=election.community, name=name, sex=sex, birth_date=birth,
                id_number=_id_number(block, len(candidates), birth))
            Registration.objects.create(election=election, resident=resident,
                                        status=Registration.Status.CONFIRMED,
                                        category=Registration.Category.HUKOU_RESIDENT)
            nominee = Nominee.objects.create(election=election, resident=resident)
            candidates.append(Candidate.objects.create(election=election, nominee=nominee, position=position,
                                                       meeting=meeting, votes=40 - i,
                                                       status=Candidate.Status.FORMAL))
    return candidates


def set_state(election, state=State.VOTING, **fields):
    """Put the election in `state` directly (tests of election day need not walk every earlier step)."""
    Election.objects.filter(pk=election.pk).update(state=state, **fields)
    election.refresh_from_db()
    return election


def staffed_station(election, kind=PollingStation.Kind.MEETING, name="选举大会会场", staff=3):
    station = PollingStation.objects.create(election=election, kind=kind, name=name)
    duties = [StationStaff.Duty.CHIEF, StationStaff.Duty.ISSUER, StationStaff.Duty.SCRUTINEER,
              StationStaff.Duty.TELLER, StationStaff.Duty.CALLER]
    StationStaff.objects.bulk_create([
        StationStaff(station=station, name=f"工作人员{station.pk}-{i + 1}", duty=duties[i % len(duties)])
        for i in range(staff)])
    return station
