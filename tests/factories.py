"""Small factories for tests: plain functions with sensible defaults (no extra library)."""
import contextlib
import datetime
import itertools

from django.contrib.auth import get_user_model

from elections import clock
from elections.models import Community, District, Role, RuleProfile, Street
from elections.services.committee import committee_member_add
from elections.services.elections import election_create
from elections.services.meetings import meeting_record

_seq = itertools.count(1)
SET_UP_BEFORE = datetime.timedelta(days=60)


def district(**kw):
    n = next(_seq)
    return District.objects.create(code=kw.pop("code", f"1101{n:08d}"), name=kw.pop("name", f"测试区{n}"), **kw)


def street(district_obj=None, **kw):
    n = next(_seq)
    district_obj = district_obj or district()
    return Street.objects.create(district=district_obj, code=kw.pop("code", f"1102{n:08d}"),
                                 name=kw.pop("name", f"测试街道{n}"), **kw)


def community(street_obj=None, **kw):
    n = next(_seq)
    street_obj = street_obj or street()
    return Community.objects.create(street=street_obj, code=kw.pop("code", f"1103{n:08d}"),
                                    name=kw.pop("name", f"测试社区{n}"), households=kw.pop("households", 410),
                                    population=kw.pop("population", 1200), **kw)


def profile(key="seed-district-plan"):
    return RuleProfile.objects.get(key=key)


def user(username=None, **kw):
    username = username or f"user{next(_seq)}"
    return get_user_model().objects.create_user(username=username, password="pw", **kw)


def role(user_obj, kind, scope):
    field = {District: "district", Street: "street", Community: "community"}[type(scope)]
    return Role.objects.create(user=user_obj, kind=kind, **{field: scope})


def election(community_obj=None, *, actor=None, profile_key="seed-district-plan", term=None,
             election_date=datetime.date(2026, 12, 20), **kw):
    """An election through the service, set up as the seed's calendar does: two months before its day (the
    app's clock travels there for the creation), so its day is fixed in time for every posting deadline
    (VOT-5, CAN-6, CAL-2). The tests of those warnings call the service themselves."""
    community_obj = community_obj or community()
    term = term or next(_seq)
    set_up = clock.travelling_to(election_date - SET_UP_BEFORE) if election_date else contextlib.nullcontext()
    with set_up:
        return election_create(community=community_obj, term=term, profile=profile(profile_key), actor=actor,
                               election_date=election_date, **kw)


COMMITTEE = [("王建国", "M", "chair"), ("李秀英", "F", "vice_chair"), ("张伟", "M", "vice_chair"),
             ("刘芳", "F", "member"), ("陈明", "M", "member")]


def ready_for_registration(election_obj, actor=None, method="direct"):
    """Give an election what it needs to open registration: committee, its meeting, the method decision."""
    for name, sex, position in COMMITTEE:
        committee_member_add(election=election_obj, actor=actor, name=name, sex=sex, position=position)
    meeting_record(election=election_obj, actor=actor, kind="committee", held_on=datetime.date(2026, 10, 10),
                   representatives_total=51, present=45, votes_for=44)
    meeting_record(election=election_obj, actor=actor, kind="method", held_on=datetime.date(2026, 10, 12),
                   representatives_total=51, present=45, votes_for=40, method=method)
    election_obj.refresh_from_db()
    return election_obj
