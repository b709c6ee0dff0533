"""CAN-1 and SEAT-3, the pure checks (candidates/eligibility.py), at their edges."""
import datetime
from types import SimpleNamespace

import pytest

from candidates.eligibility import age_band, age_on, candidate_checks, is_young_graduate, over_age

ELECTION_DAY = datetime.date(2026, 12, 20)
RULES = SimpleNamespace(candidate_age_warning=60)


def person(**kw):
    values = dict(name="王伟", community_id=1, lives_here=True, hukou_here=True, owns_home_here=False,
                  birth_date=datetime.date(1980, 1, 1), education="senior")
    values.update(kw)
    return SimpleNamespace(**values)


def codes(resident, status="confirmed", day=ELECTION_DAY):
    return [c.code for c in candidate_checks(resident=resident, registration_status=status, community_id=1,
                                             election_day=day, rules=RULES)]


def test_age_is_counted_in_full_years_on_the_day():
    assert age_on(datetime.date(1966, 12, 20), ELECTION_DAY) == 60
    assert age_on(datetime.date(1966, 12, 21), ELECTION_DAY) == 59


def test_someone_born_on_29_february_completes_the_year_on_1_march():
    assert age_on(datetime.date(2000, 2, 29), datetime.date(2026, 2, 28)) == 25
    assert age_on(datetime.date(2000, 2, 29), datetime.date(2026, 3, 1)) == 26


@pytest.mark.parametrize(("birth_date", "warned"), [
    (datetime.date(1965, 12, 20), True),   # 61st birthday on election day: 61, over 60
    (datetime.date(1965, 12, 19), True),   # 61st birthday the day before
    (datetime.date(1965, 12, 21), False),  # 61st birthday the day after election day: still 60
    (datetime.date(1966, 12, 20), False),  # 60th birthday on election day: 60 is not over 60
    (datetime.date(1966, 12, 21), False),  # 60th birthday the day after: 59
])
def test_can_1_warns_only_when_over_60_on_election_day(birth_date, warned):
    assert over_age(birth_date, ELECTION_DAY, 60) is warned
    assert ("CAN-1:over_age" in codes(person(birth_date=birth_date))) is warned


@pytest.mark.parametrize(("education", "code"), [
    ("junior", "CAN-1:education"), ("primary", "CAN-1:education"), ("none", "CAN-1:education"),
    ("", "CAN-1:education_unknown"), ("senior", None), ("college", None), ("postgraduate", None),
])
def test_can_1_warns_below_senior_high_school(education, code):
    found = [c for c in codes(person(education=education)) if c.startswith("CAN-1:education")]
    assert found == ([code] if code else [])


def test_can_1_a_warning_is_no_hard_problem():
    checks = candidate_checks(resident=person(education="junior"), registration_status="confirmed",
                              community_id=1, election_day=ELECTION_DAY, rules=RULES)
    assert [c.warn for c in checks] == [True]


@pytest.mark.parametrize(("status", "blocked"), [
    ("confirmed", False), ("pending", True), ("refused", True), ("removed", True), (None, True)])
def test_can_1_only_a_confirmed_voter_may_stand(status, blocked):
    assert ("CAN-1:not_voter" in codes(person(), status=status)) is blocked


@pytest.mark.parametrize(("kw", "code"), [
    (dict(lives_here=False), "CAN-1:not_living_here"),
    (dict(lives_here=False, owns_home_here=True), "CAN-1:not_living_here"),
    (dict(hukou_here=False), "CAN-1:no_hukou_or_home"),
    (dict(hukou_here=False, owns_home_here=True), None),   # 户籍不在本社区但在本社区购房并居住
    (dict(hukou_here=True), None),                          # 户籍及居住均在本社区
])
def test_can_1_lives_here_with_registration_or_an_own_home(kw, code):
    hard = [c for c in codes(person(**kw)) if c in ("CAN-1:not_living_here", "CAN-1:no_hukou_or_home")]
    assert hard == ([code] if code else [])


def test_seat_3_a_resident_of_another_community_cannot_stand():
    assert "SEAT-3:not_resident" in codes(person(community_id=2))


def test_without_an_election_day_the_age_cannot_be_checked():
    assert codes(person(), day=None) == ["CAL-2:no_election_day"]


@pytest.mark.parametrize(("age", "band"), [(35, "35"), (36, "50"), (50, "50"), (51, "60"), (60, "60"), (61, "over")])
def test_seat_4_age_bands(age, band):
    assert age_band(age) == band


def test_seat_4_a_young_graduate_is_35_or_under_with_a_college_degree():
    assert is_young_graduate(datetime.date(1990, 12, 21), "college", ELECTION_DAY)      # 35 on the day
    assert not is_young_graduate(datetime.date(1990, 12, 20), "college", ELECTION_DAY)  # 36th birthday that day
    assert not is_young_graduate(datetime.date(1995, 1, 1), "senior", ELECTION_DAY)
