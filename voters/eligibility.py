"""Who may vote in an election: pure functions over a resident, election day and the frozen rule profile.

Everything is judged **on election day**, not today (VOT-1): a person who turns 18 on election day votes.
The result is a residence category (VOT-2) and a list of problem codes; a registration with no problem may be
confirmed. Codes are stored on Registration.problems and explained to people by PROBLEM_LABELS.
"""
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from .models import Registration

UNDER_AGE = "VOT-1:under_age"
DEPRIVED = "VOT-1:deprived"
INCAPACITY = "VOT-9:incapacity"
ELSEWHERE_NOT_ADMITTED = "VOT-2:elsewhere_not_admitted"
LIVING_SINCE_UNKNOWN = "VOT-2:living_since_unknown"
RESIDENCE_TOO_SHORT = "VOT-2:residence_too_short"
NO_TIE = "VOT-2:no_tie"
CONFLICT = "VOT-3:conflict"

PROBLEM_LABELS = {
    UNDER_AGE: _("Not of voting age on election day"),
    DEPRIVED: _("Deprived of political rights"),
    INCAPACITY: _("Unable to exercise the right to vote (committee decision)"),
    ELSEWHERE_NOT_ADMITTED: _("Registered elsewhere, and the rule profile admits only residents registered here"),
    LIVING_SINCE_UNKNOWN: _("Registered elsewhere, and the date they came to live here is not recorded"),
    RESIDENCE_TOO_SHORT: _("Registered elsewhere, and not living here long enough by election day"),
    NO_TIE: _("Neither registered nor living in the community"),
    CONFLICT: _("Also registered in another community of the district"),
}


def rule_of(code):
    """"VOT-2:no_tie" → "VOT-2"."""
    return code.split(":", 1)[0]


def anniversary(start, years=0, months=0):
    """The day `years` and `months` after `start`. A day the target month lacks (29 February, 31 April)
    rolls over to the 1st of the next month: someone born on 29 February 2008 turns 18 on 1 March 2026."""
    month_index = start.month - 1 + months
    year, month = start.year + years + month_index // 12, month_index % 12 + 1
    try:
        return datetime.date(year, month, start.day)
    except ValueError:
        return datetime.date(year + month // 12, month % 12 + 1, 1)


def age_on(birth_date, day):
    """Completed years on `day`; the birthday itself counts (born 2008-12-20 is 18 on 2026-12-20)."""
    years = day.year - birth_date.year
    return years if anniversary(birth_date, years) <= day else years - 1


def of_age_on(birth_date, day, min_age):
    """VOT-1: aged `min_age` or over on `day`."""
    return anniversary(birth_date, min_age) <= day


def of_age_cutoff(day, min_age):
    """The latest birth date of a person aged `min_age` on `day` (for counting in the database)."""
    try:
        return datetime.date(day.year - min_age, day.month, day.day)
    except ValueError:  # day is 29 February and that year is not a leap year: born 28 February is of age
        return datetime.date(day.year - min_age, 2, 28)


def residence_category(resident):
    """VOT-2: how the resident is tied to the community."""
    if resident.hukou_here:
        return Registration.Category.HUKOU_RESIDENT if resident.lives_here else Registration.Category.HUKOU_AWAY
    return Registration.Category.ELSEWHERE


@dataclass
class Assessment:
    category: str
    problems: list = field(default_factory=list)

    @property
    def of_age(self):
        return UNDER_AGE not in self.problems


def assess(resident, *, election_date, rules):
    """The category and the problems of one resident for an election on `election_date` under `rules`."""
    problems = []
    if not of_age_on(resident.birth_date, election_date, rules.voter_min_age):
        problems.append(UNDER_AGE)
    if resident.deprived_of_rights:
        problems.append(DEPRIVED)
    if resident.incapacity:
        # VOT-9: only ever set together with the committee's recorded decision (database constraint).
        problems.append(INCAPACITY)
    problems += residence_problems(resident, election_date=election_date, rules=rules)
    return Assessment(category=residence_category(resident), problems=problems)


def residence_problems(resident, *, election_date, rules):
    """VOT-2 per the profile: registered here (living here or not), or living here, registered elsewhere, for
    at least `residence_months` on election day when the profile admits such residents."""
    if resident.hukou_here:
        return []
    if not resident.lives_here:
        return [NO_TIE]
    if not rules.admit_registered_elsewhere:
        return [ELSEWHERE_NOT_ADMITTED]
    if resident.living_since is None:
        return [LIVING_SINCE_UNKNOWN]
    if anniversary(resident.living_since, months=rules.residence_months) > election_date:
        return [RESIDENCE_TOO_SHORT]
    return []


def problem_labels(codes):
    return [PROBLEM_LABELS.get(code, code) for code in codes]
