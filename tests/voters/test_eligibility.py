"""Eligibility is judged on election day (VOT-1), residence per the frozen profile (VOT-2), VOT-9."""
import datetime
from types import SimpleNamespace

import pytest

from elections.models import RuleProfile
from voters import eligibility
from voters.models import Registration

ELECTION_DAY = datetime.date(2026, 12, 20)


def person(born=datetime.date(1980, 1, 1), **kw):
    defaults = dict(birth_date=born, hukou_here=True, lives_here=True, living_since=None, deprived_of_rights=False,
                    incapacity=False)
    return SimpleNamespace(**{**defaults, **kw})


def rules(**kw):
    return RuleProfile(**kw)


def test_vot_1_born_18_years_before_election_day_votes():
    assessment = eligibility.assess(person(datetime.date(2008, 12, 20)), election_date=ELECTION_DAY, rules=rules())
    assert assessment.problems == []
    assert assessment.of_age


def test_vot_1_born_a_day_later_is_not_of_age_on_election_day():
    assessment = eligibility.assess(person(datetime.date(2008, 12, 21)), election_date=ELECTION_DAY, rules=rules())
    assert assessment.problems == [eligibility.UNDER_AGE]


def test_vot_1_age_counts_on_election_day_not_today():
    born = datetime.date(2008, 12, 20)
    assert eligibility.age_on(born, datetime.date(2026, 11, 22)) == 17
    assert eligibility.age_on(born, ELECTION_DAY) == 18
    assert eligibility.age_on(born, datetime.date(2026, 12, 19)) == 17


def test_vot_1_a_29_february_birthday_comes_on_1_march_in_other_years():
    born = datetime.date(2008, 2, 29)
    assert not eligibility.of_age_on(born, datetime.date(2026, 2, 28), 18)
    assert eligibility.of_age_on(born, datetime.date(2026, 3, 1), 18)


def test_vot_1_the_minimum_age_comes_from_the_profile():
    born = datetime.date(2009, 12, 20)
    assert eligibility.assess(person(born), election_date=ELECTION_DAY, rules=rules(voter_min_age=17)).problems == []


def test_of_age_cutoff_is_the_last_birth_date_of_age():
    assert eligibility.of_age_cutoff(ELECTION_DAY, 18) == datetime.date(2008, 12, 20)
    assert eligibility.of_age_cutoff(datetime.date(2028, 2, 29), 18) == datetime.date(2010, 2, 28)


def test_vot_1_deprived_of_political_rights_does_not_vote():
    problems = eligibility.assess(person(deprived_of_rights=True), election_date=ELECTION_DAY, rules=rules()).problems
    assert problems == [eligibility.DEPRIVED]


def test_vot_9_incapacity_by_decision_does_not_vote():
    problems = eligibility.assess(person(incapacity=True), election_date=ELECTION_DAY, rules=rules()).problems
    assert problems == [eligibility.INCAPACITY]


@pytest.mark.parametrize("hukou,lives,category", [
    (True, True, Registration.Category.HUKOU_RESIDENT),
    (True, False, Registration.Category.HUKOU_AWAY),
    (False, True, Registration.Category.ELSEWHERE),
])
def test_vot_2_categories(hukou, lives, category):
    p = person(hukou_here=hukou, lives_here=lives, living_since=datetime.date(2020, 1, 1))
    assessment = eligibility.assess(p, election_date=ELECTION_DAY, rules=rules())
    assert assessment.category == category
    assert assessment.problems == []


def test_vot_2_living_here_registered_elsewhere_needs_the_profiles_months_on_election_day():
    enough = person(hukou_here=False, living_since=datetime.date(2025, 12, 20))
    short = person(hukou_here=False, living_since=datetime.date(2025, 12, 21))
    assert eligibility.assess(enough, election_date=ELECTION_DAY, rules=rules(residence_months=12)).problems == []
    assert eligibility.assess(short, election_date=ELECTION_DAY, rules=rules(residence_months=12)).problems == [
        eligibility.RESIDENCE_TOO_SHORT]
    assert eligibility.assess(short, election_date=ELECTION_DAY, rules=rules(residence_months=6)).problems == []


def test_vot_2_registered_elsewhere_without_a_date_cannot_be_judged():
    p = person(hukou_here=False)
    assert eligibility.assess(p, election_date=ELECTION_DAY, rules=rules()).problems == [
        eligibility.LIVING_SINCE_UNKNOWN]


def test_vot_2_a_profile_that_does_not_admit_residents_registered_elsewhere():
    p = person(hukou_here=False, living_since=datetime.date(2000, 1, 1))
    problems = eligibility.assess(p, election_date=ELECTION_DAY, rules=rules(admit_registered_elsewhere=False)).problems
    assert problems == [eligibility.ELSEWHERE_NOT_ADMITTED]


def test_vot_2_neither_registered_nor_living_here():
    p = person(hukou_here=False, lives_here=False)
    assert eligibility.assess(p, election_date=ELECTION_DAY, rules=rules()).problems == [eligibility.NO_TIE]


def test_anniversary_rolls_a_missing_day_to_the_first_of_next_month():
    assert eligibility.anniversary(datetime.date(2025, 1, 31), months=1) == datetime.date(2025, 3, 1)
    assert eligibility.anniversary(datetime.date(2025, 12, 31), months=12) == datetime.date(2026, 12, 31)
    assert eligibility.anniversary(datetime.date(2025, 11, 30), months=3) == datetime.date(2026, 3, 1)


def test_every_problem_code_has_a_label_and_a_rule():
    for code in eligibility.PROBLEM_LABELS:
        assert eligibility.rule_of(code) in {"VOT-1", "VOT-2", "VOT-3", "VOT-9"}
