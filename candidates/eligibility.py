"""CAN-1, SEAT-3: who may stand, checked from the voter record for election day. Pure: no database.

The seed (第2篇, 候选人条件 (5)(6)) reads: 户籍及居住均在本社区，或户籍不在本社区但在本社区购房并居住；原则上年龄
不超过60周岁，具有高中以上文化程度. So:

- hard: a confirmed voter of this election (CAN-1 "being a registered voter"); a resident of this community
  (SEAT-3); living in the community, with household registration there or owning the home lived in (CAN-1);
- warn: over the profile's age on election day; education below senior high school, or not recorded.
"""
from dataclasses import dataclass

from django.utils.translation import gettext as _

CONFIRMED = "confirmed"
# Education codes (voters.models.Education) of senior high school or above: "高中以上文化程度".
HIGH_SCHOOL_OR_ABOVE = frozenset({"senior", "college", "bachelor", "postgraduate"})
COLLEGE_OR_ABOVE = frozenset({"college", "bachelor", "postgraduate"})


@dataclass(frozen=True)
class Check:
    """One failed condition: `code` is stable (overrides are kept by it), `message` is for people."""

    rule: str
    code: str
    message: str
    warn: bool = False


def age_on(birth_date, day):
    """Age in full years (周岁) on `day`. Someone born on 29 February has their birthday on 1 March in other
    years: (2, 28) < (2, 29), so the year is not yet complete on 28 February."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def over_age(birth_date, election_day, limit):
    """CAN-1 "normally not over 60" (不超过60周岁): over the limit means an age in full years above it on
    election day, i.e. the (limit + 1)th birthday — the 61st for 60 — falls on or before election day. Someone
    who turns 60 on election day, or whose 61st birthday is the day after it, is not over 60."""
    return age_on(birth_date, election_day) > limit


def hard_checks(*, resident, registration_status, community_id):
    """CAN-1 and SEAT-3 hard conditions that `resident` fails (a list of Check, empty when none)."""
    problems = []
    if resident.community_id != community_id:
        problems.append(Check("SEAT-3", "SEAT-3:not_resident",
                              _("%(name)s is not a resident of this community.") % {"name": resident.name}))
    if registration_status != CONFIRMED:
        problems.append(Check("CAN-1", "CAN-1:not_voter",
                              _("%(name)s is not a confirmed voter of this election.") % {"name": resident.name}))
    if not resident.lives_here:
        problems.append(Check("CAN-1", "CAN-1:not_living_here",
                              _("%(name)s does not live in the community.") % {"name": resident.name}))
    elif not (resident.hukou_here or resident.owns_home_here):
        problems.append(Check("CAN-1", "CAN-1:no_hukou_or_home",
                              _("%(name)s lives in the community but has neither household registration nor "
                                "a home of their own there.") % {"name": resident.name}))
    return problems


def warning_checks(*, resident, election_day, rules):
    """CAN-1 warn-kind conditions: over age on election day; education below senior high school."""
    warnings = []
    limit = rules.candidate_age_warning
    if over_age(resident.birth_date, election_day, limit):
        warnings.append(Check("CAN-1", "CAN-1:over_age", _(
            "%(name)s will be %(age)s on election day (%(day)s), over %(limit)s.") % {
            "name": resident.name, "age": age_on(resident.birth_date, election_day),
            "day": election_day.isoformat(), "limit": limit}, warn=True))
    if not resident.education:
        warnings.append(Check("CAN-1", "CAN-1:education_unknown", _(
            "The education of %(name)s is not recorded: senior high school or above is normally required.")
            % {"name": resident.name}, warn=True))
    elif resident.education not in HIGH_SCHOOL_OR_ABOVE:
        warnings.append(Check("CAN-1", "CAN-1:education", _(
            "%(name)s has education below senior high school.") % {"name": resident.name}, warn=True))
    return warnings


def candidate_checks(*, resident, registration_status, community_id, election_day, rules):
    """Every CAN-1 / SEAT-3 condition `resident` fails for election day: hard ones first, then warnings."""
    problems = hard_checks(resident=resident, registration_status=registration_status,
                           community_id=community_id)
    if election_day is None:
        problems.append(Check("CAL-2", "CAL-2:no_election_day",
                              _("Election day is not fixed: the candidate's age cannot be checked.")))
        return problems
    return problems + warning_checks(resident=resident, election_day=election_day, rules=rules)


def age_band(age):
    """SEAT-4 indicator bands: 35 and under (the young member the supervisors look for), 36–50, 51–60, over 60."""
    if age <= 35:
        return "35"
    if age <= 50:
        return "50"
    if age <= 60:
        return "60"
    return "over"


def is_young_graduate(birth_date, education, election_day):
    """SEAT-4: a young member (35 or under on election day) with a college degree or above."""
    return age_on(birth_date, election_day) <= 35 and education in COLLEGE_OR_ABOVE

