"""Demo data: a district with two street offices and several communities at different stages.

Modelled on the seed documents' 怡丽北园社区 (410 households, about 1,200 residents). Idempotent: running it
again finds what exists and adds nothing twice. It lives on the top floor because it sets up every app below.
"""
import datetime

from django.contrib.auth import get_user_model
from django.db import transaction

from elections import clock
from elections.models import Community, District, Election, Role, RuleProfile, Street
from elections.services.committee import committee_member_add
from elections.services.elections import election_create, election_transition
from elections.services.meetings import meeting_record
from voters.demo import seed_residents
from voters.services.registration import registrations_build

from . import demo_stages

PASSWORD = "demo-2026"

DISTRICT = ("110108000000", "海淀区")
STREETS = [("110108015000", "北太平庄街道"), ("110108016000", "花园路街道")]
COMMUNITIES = [
    # code, name, street code, households, population, pilot, deferred reason
    ("110108015001", "怡丽北园社区", "110108015000", 410, 1200, True, ""),
    ("110108015002", "文慧园社区", "110108015000", 620, 1750, False, ""),
    ("110108015003", "北影社区", "110108015000", 380, 1040, False, ""),
    ("110108016001", "塔院社区", "110108016000", 520, 1500, False, ""),
    ("110108016002", "牡丹园北里社区", "110108016000", 300, 820, False, "整体拆迁改造，入住率不足60%"),
    # The later stages (supervision/demo_stages.py): small communities, so that the demo is made quickly.
    ("110108015004", "蓟门里社区", "110108015000", 34, 100, False, ""),
    ("110108015005", "志强园社区", "110108015000", 34, 100, False, ""),
    ("110108015006", "双泉堡社区", "110108015000", 34, 100, False, ""),
    ("110108016003", "花园北路社区", "110108016000", 34, 100, True, ""),
    ("110108016004", "冠城园社区", "110108016000", 34, 100, False, ""),
    ("110108016005", "北极寺社区", "110108016000", 34, 100, False, ""),
]
# One community at every stage from nomination to closed (the earlier ones are set up in seed_demo below).
STAGES = [("110108015004", "nomination_stage"), ("110108015005", "election_day_stage"),
          ("110108015006", "tie_break_stage"), ("110108016003", "certified_stage"),
          ("110108016004", "handover_stage"), ("110108016005", "closed_stage")]
USERS = [
    # username, full name, role, scope code
    ("quadmin", "区民政局 赵磊", Role.Kind.DISTRICT_ADMIN, "110108000000"),
    ("btz_supervisor", "北太平庄街道 孙丽", Role.Kind.STREET_SUPERVISOR, "110108015000"),
    ("hyl_supervisor", "花园路街道 周强", Role.Kind.STREET_SUPERVISOR, "110108016000"),
    ("yili_clerk", "怡丽北园 王秀兰", Role.Kind.CLERK, "110108015001"),
    ("wenhui_clerk", "文慧园 李军", Role.Kind.CLERK, "110108015002"),
    ("tayuan_clerk", "塔院 陈静", Role.Kind.CLERK, "110108016001"),
    ("observer", "人大观察员 吴敏", Role.Kind.OBSERVER, "110108000000"),
]
# 怡丽北园's counting user (issue 11): types the count a second time, and can open nothing else.
COUNTER = ("yili_counter", "怡丽北园 计票员 马超")
COMMITTEE = [("王秀兰", "F", "chair"), ("刘建华", "M", "vice_chair"), ("张丽萍", "F", "vice_chair"),
             ("李志强", "M", "member"), ("赵红梅", "F", "member")]


def _org(code):
    for model in (Community, Street, District):
        found = model.objects.filter(code=code).first()
        if found:
            return found
    raise LookupError(code)


def _organisations():
    seed_profile = RuleProfile.objects.get(key="seed-district-plan")
    district, _c = District.objects.get_or_create(code=DISTRICT[0], defaults={"name": DISTRICT[1],
                                                                              "default_profile": seed_profile})
    for code, name in STREETS:
        Street.objects.get_or_create(code=code, defaults={"name": name, "district": district})
    for code, name, street, households, population, pilot, deferred in COMMUNITIES:
        Community.objects.get_or_create(code=code, defaults={
            "name": name, "street": Street.objects.get(code=street), "households": households,
            "population": population, "is_pilot": pilot, "deferred": bool(deferred), "deferred_reason": deferred,
            "occupancy_percent": 45 if deferred else None})


def _users():
    User = get_user_model()
    admin = User.objects.filter(username="admin").first()
    if admin is None:
        admin = User.objects.create_superuser("admin", "admin@example.org", PASSWORD, first_name="系统管理员")
    for username, full_name, kind, code in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(username, password=PASSWORD, first_name=full_name)
        scope = _org(code)
        field = {District: "district", Street: "street", Community: "community"}[type(scope)]
        Role.objects.get_or_create(user=user, kind=kind, **{field: scope})
    return admin


def _counting_user(person, election):
    username, full_name = person
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model().objects.create_user(username, password=PASSWORD, first_name=full_name)
    Role.objects.get_or_create(user=user, kind=Role.Kind.COUNTER, election=election)


def _prepared_election(code, *, term, actor, days_ahead, method="direct", today, override_reason=""):
    community = Community.objects.get(code=code)
    election = Election.objects.filter(community=community, term=term, is_rehearsal=False).first()
    if election:
        return election, False
    election = election_create(
        community=community, term=term, profile=community.street.district.default_profile, actor=actor,
        vice_chair_seats=1, member_seats=5, election_date=today + datetime.timedelta(days=days_ahead),
        start_time=datetime.time(8, 30), place=f"{community.name}居委会广场", override_reason=override_reason)
    for name, sex, position in COMMITTEE:
        committee_member_add(election=election, actor=actor, name=name, sex=sex, position=position)
    meeting_record(election=election, actor=actor, kind="committee", held_on=today - datetime.timedelta(days=20),
                   representatives_total=51, present=46, votes_for=45, decision="推选产生社区选举委员会")
    meeting_record(election=election, actor=actor, kind="method", held_on=today - datetime.timedelta(days=18),
                   representatives_total=51, present=44, votes_for=43, method=method,
                   decision="本届居民委员会采取直接选举方式")
    election.refresh_from_db()
    return election, True


@transaction.atomic
def seed_demo(stdout=None):
    today = clock.today()
    _organisations()
    _users()
    User = get_user_model()
    yili = User.objects.get(username="yili_clerk")
    seed_residents(Community.objects.get(code="110108015001"), households=410, residents=1200, seed=15001)
    seed_residents(Community.objects.get(code="110108016001"), households=120, residents=350, seed=16001)

    # 怡丽北园: committee formed, method decided, registration open; the voter list is due in ~2 weeks.
    election, created = _prepared_election("110108015001", term=12, actor=yili, days_ahead=24, today=today)
    if created:
        election_transition(election=election, to="registration", actor=yili)
        registrations_build(election=election, actor=yili)
    _counting_user(COUNTER, election)
    # 文慧园: still in preparation (no committee yet).
    wenhui = Community.objects.get(code="110108015002")
    if not wenhui.elections.exists():
        election_create(community=wenhui, term=12, profile=wenhui.street.district.default_profile,
                        actor=User.objects.get(username="wenhui_clerk"), vice_chair_seats=1, member_seats=3)
    # 塔院: registration open but the voter list deadline has passed: the dashboard shows it overdue (the
    # clerk confirmed the warning that the day leaves no time for the posting deadlines, VOT-5/CAN-6).
    tayuan = User.objects.get(username="tayuan_clerk")
    election, created = _prepared_election("110108016001", term=12, actor=tayuan, days_ahead=7, today=today,
                                           override_reason="街道指导小组统一确定的选举日，已报请街道研究")
    if created:
        election_transition(election=election, to="registration", actor=tayuan)
    for n, (code, stage) in enumerate(STAGES):
        getattr(demo_stages, stage)(Community.objects.get(code=code), seed=20 + n)
    return ([("admin", "superuser")] + [(u, str(k.label)) for u, _n, k, _c in USERS]
            + [(COUNTER[0], str(Role.Kind.COUNTER.label))])
