"""Plausible residents for demo and rehearsal communities: Chinese names, valid identity numbers (region
110108, 北京市海淀区), households of 1–5 people with their heads, resident groups of about 100 households,
representatives and group leaders, and a few residents the voter review has to think about.

    seed_residents(community, households=410, residents=1200, seed=1)
"""
import datetime
import random

from django.db import transaction

from elections.audit import audit_log

from . import idcard
from .eligibility import age_on
from .models import Education, Household, PoliticalStatus, Resident, ResidentGroup
from .services.residents import group_default_name

REGION = "110108"
# Common surnames, most frequent first (weights fall off), and a few compound ones.
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任"
            "沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容", "司徒")
GIVEN = {
    # (sex, generation): characters or two-character names typical of people born then
    ("M", "old"): ["建国", "建华", "国庆", "志强", "国平", "振华", "德明", "文革", "卫东", "红军", "金生", "福生",
                   "长江", "永福", "树林", "保国", "宝山", "玉林", "庆丰", "海", "刚", "军", "勇", "明", "平", "华"],
    ("F", "old"): ["秀英", "桂英", "秀兰", "玉兰", "桂兰", "淑珍", "凤英", "玉珍", "淑华", "秀珍", "丽华", "红梅",
                   "素芬", "翠花", "春梅", "爱华", "兰", "芳", "英", "琴", "霞", "萍", "敏", "红"],
    ("M", "mid"): ["伟", "强", "磊", "军", "勇", "杰", "涛", "斌", "超", "鹏", "辉", "波", "宁", "浩", "亮", "峰",
                   "海涛", "晓东", "建军", "志刚", "立新", "永强", "俊杰", "文博", "明轩", "宏伟", "春雨", "晓明"],
    ("F", "mid"): ["丽", "静", "敏", "燕", "艳", "娟", "霞", "玲", "婷", "雪", "慧", "颖", "晶", "倩", "莉", "洁",
                   "晓燕", "丽娟", "海燕", "雪梅", "春燕", "晓丽", "婷婷", "佳", "文静", "美玲", "秀梅", "亚楠"],
    ("M", "young"): ["子轩", "浩然", "宇轩", "梓豪", "俊熙", "一鸣", "博文", "天佑", "子墨", "睿", "皓轩", "思远",
                     "铭泽", "嘉懿", "宇航", "沐宸", "梓睿", "奕辰", "子豪", "明哲", "昊天", "泽宇", "逸凡", "航"],
    ("F", "young"): ["梓涵", "欣怡", "诗涵", "一诺", "雨桐", "可馨", "紫萱", "梦瑶", "语嫣", "佳怡", "思琪", "若汐",
                     "雨萱", "子涵", "欣妍", "悦", "婉清", "心怡", "梓萱", "诗琪", "晨曦", "雅琪", "静怡", "安琪"],
}
EDUCATION_BY_GENERATION = {
    "old": [(Education.NONE, 8), (Education.PRIMARY, 25), (Education.JUNIOR, 35), (Education.SENIOR, 22),
            (Education.COLLEGE, 6), (Education.BACHELOR, 4)],
    "mid": [(Education.JUNIOR, 12), (Education.SENIOR, 25), (Education.COLLEGE, 23), (Education.BACHELOR, 30),
            (Education.POSTGRADUATE, 10)],
}
ELSEWHERE = ["河北省保定市莲池区", "山东省济南市历下区", "河南省郑州市金水区", "湖北省武汉市洪山区", "安徽省合肥市蜀山区",
             "黑龙江省哈尔滨市南岗区", "四川省成都市武侯区", "天津市南开区"]


def _generation(born):
    return "old" if born.year < 1965 else "mid" if born.year < 2000 else "young"


class _People:
    """Draws names, birth dates and unique identity numbers from one seeded generator."""

    def __init__(self, rng, today):
        self.rng, self.today, self.numbers = rng, today, set()

    def surname(self):
        if self.rng.random() < 0.012:
            return self.rng.choice(COMPOUND_SURNAMES)
        # Frequency falls with rank: index = floor(len * u²) favours the common names.
        return SURNAMES[int(len(SURNAMES) * self.rng.random() ** 2)]

    def given(self, sex, born):
        return self.rng.choice(GIVEN[(sex, _generation(born))])

    def born(self, age):
        start = datetime.date(self.today.year - age - 1, self.today.month, 1) + datetime.timedelta(days=1)
        return start + datetime.timedelta(days=self.rng.randrange(365))

    def id_number(self, born, sex):
        while True:
            sequence = self.rng.randrange(500) * 2 + (1 if sex == "M" else 0)  # 17th digit odd for men
            number = idcard.make(REGION, born, sequence)
            if number not in self.numbers:
                self.numbers.add(number)
                return number


def _household_sizes(rng, households, residents):
    weights = {1: 12, 2: 30, 3: 30, 4: 17, 5: 11}
    sizes = rng.choices(list(weights), weights=list(weights.values()), k=households)
    while sum(sizes) != residents:  # nudge random households until the total is exact
        i = rng.randrange(households)
        if sum(sizes) < residents and sizes[i] < 5:
            sizes[i] += 1
        elif sum(sizes) > residents and sizes[i] > 1:
            sizes[i] -= 1
    return sizes


def _members(rng, people, size):
    """[(relation, sex, age)] of one household: head, spouse, children, and a parent of the head."""
    head_sex = rng.choice("MF")
    head_age = rng.randint(26, 80)
    members = [("户主", head_sex, head_age)]
    if size >= 2 and rng.random() < 0.88:
        members.append(("配偶", "F" if head_sex == "M" else "M", max(20, head_age + rng.randint(-5, 5))))
    if size == 5 and head_age < 62:
        members.append(("父亲" if rng.random() < 0.4 else "母亲", "M" if rng.random() < 0.4 else "F",
                        head_age + rng.randint(24, 32)))
    while len(members) < size:
        sex = rng.choice("MF")
        child_age = max(0, head_age - rng.randint(24, 42))
        members.append(("子" if sex == "M" else "女", sex, child_age))
    return [(rel, "M" if rel == "父亲" else "F" if rel == "母亲" else sex, age) for rel, sex, age in members]


@transaction.atomic
def seed_residents(community, *, households, residents, seed, groups=None, today=None):
    """Create the community's residents; does nothing (returns 0) when it has residents already."""
    if Resident.objects.filter(community=community).exists():
        return 0
    assert households <= residents <= 5 * households, "each household has 1 to 5 people"
    rng = random.Random(seed)
    people = _People(rng, today or datetime.date.today())
    place = community.name.removesuffix("社区")
    n_groups = groups or max(1, round(households / 100))
    group_objs = ResidentGroup.objects.bulk_create([
        ResidentGroup(community=community, number=n, name=group_default_name(n)) for n in range(1, n_groups + 1)])
    household_objs, plans = [], []
    n_buildings = -(-households // 24)
    for index, size in enumerate(_household_sizes(rng, households, residents)):
        building, rest = divmod(index, 24)  # 6 floors × 2 units × 2 flats
        unit, flat = divmod(rest, 12)
        floor, room = divmod(flat, 2)
        number = f"{building + 1}-{unit + 1}-{floor + 1}{room + 1:02d}"
        address = f"北京市海淀区{place}{building + 1}号楼{unit + 1}单元{floor + 1}{room + 1:02d}"
        # Groups are drawn by buildings (MTH-2): whole buildings, about the same number of each.
        group = group_objs[min(n_groups - 1, building * n_groups // n_buildings)]
        household_objs.append(Household(community=community, group=group, number=number, address=address))
        plans.append((group, address, _members(rng, people, size)))
    Household.objects.bulk_create(household_objs)
    _set_group_buildings(group_objs, household_objs)
    resident_objs = []
    for household, (group, address, members) in zip(household_objs, plans, strict=True):
        surname = people.surname()
        for relation, sex, age in members:
            resident_objs.append(_resident(rng, people, community, household, group, address, surname, relation,
                                           sex, age))
    _choose_representatives(rng, resident_objs, group_objs, people.today)
    _add_review_cases(resident_objs, people.today)
    Resident.objects.bulk_create(resident_objs, batch_size=1000)
    audit_log(actor=None, action="voters.residents.seeded", community=community,
              data={"households": households, "residents": len(resident_objs), "groups": n_groups, "seed": seed})
    return len(resident_objs)


def _resident(rng, people, community, household, group, address, surname, relation, sex, age):
    born = people.born(age)
    # Children of the head usually carry the head's surname; spouses and parents their own.
    family = surname if relation in ("户主", "子", "女") else people.surname()
    adult = age >= 18
    hukou_here = rng.random() < 0.9
    resident = Resident(
        community=community, household=household, group=group, name=family + people.given(sex, born),
        id_number=people.id_number(born, sex), sex=sex, birth_date=born, relation_to_head=relation,
        is_household_head=relation == "户主", residence_address=address,
        hukou_address=address if hukou_here else rng.choice(ELSEWHERE) + f"{rng.randint(1, 300)}号",
        phone=f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}" if adult else "",
        hukou_here=hukou_here, lives_here=True,
        education=_education(rng, born, age), political_status=_political(rng, age),
    )
    if not hukou_here:
        # Living here, registered elsewhere (VOT-2): most for years, a few only recently.
        resident.living_since = people.today - datetime.timedelta(days=rng.randint(60, 15 * 365))
    return resident


def _education(rng, born, age):
    if age < 7:
        return ""
    if age < 19:
        return Education.PRIMARY if age < 13 else Education.JUNIOR if age < 16 else Education.SENIOR
    choices = EDUCATION_BY_GENERATION["old" if born.year < 1965 else "mid"]
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


def _political(rng, age):
    if age < 14:
        return ""
    roll = rng.random()
    if age <= 28 and roll < 0.3:
        return PoliticalStatus.LEAGUE
    if age >= 18 and roll > 0.9:
        return PoliticalStatus.CPC
    return PoliticalStatus.MASSES


def _set_group_buildings(groups, households):
    spans = {}
    for household in households:
        building = int(household.number.split("-")[0])
        low, high = spans.get(household.group.number, (building, building))
        spans[household.group.number] = (min(low, building), max(high, building))
    for group in groups:
        low, high = spans.get(group.number, (0, 0))
        group.buildings = f"{low}号楼" if low == high else f"{low}—{high}号楼"
    ResidentGroup.objects.bulk_update(groups, ["buildings"])


def _choose_representatives(rng, residents, groups, today):
    """MTH-3: 2–3 adult representatives per group, one of whom leads the group."""
    for group in groups:
        adults = [r for r in residents if r.group is group and 25 <= age_on(r.birth_date, today) <= 75
                  and r.hukou_here]
        chosen = rng.sample(adults, min(len(adults), rng.choice((2, 3))))
        for resident in chosen:
            resident.is_representative = True
        if chosen:
            chosen[0].is_group_leader = True


def _add_review_cases(residents, today):
    """A person deprived of political rights and one found unable to vote by the committee (VOT-1, VOT-9), so
    the review has its hard cases."""
    adults = [r for r in residents if age_on(r.birth_date, today) >= 30 and not r.is_representative]
    if len(adults) < 20:
        return
    adults[7].deprived_of_rights = True
    adults[7].deprivation_judgment = "（2024）京0108刑初512号刑事判决书：剥夺政治权利二年"
    adults[13].incapacity = True
    adults[13].incapacity_decision = "社区选举委员会第3次会议决定：经医院证明无法行使选举权"

