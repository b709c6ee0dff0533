"""Plausibility of one entry of a box (VOTE-6, VOTE-7, VOTE-8), as Tally-Ho and Abacus check a results form.

Pure functions. Hard problems — totals that do not add up — stop the entry from being finished until they are
corrected; warnings — many invalid or blank ballots, more ballots in the box than were issued there — let it
be finished only with a written reason from the typist who checked the paper (elections.services.overrides).
"""
from django.utils.translation import gettext as _

from elections.rules import position_label
from elections.services.errors import RuleWarning


def above_share(count, total, percent):
    """count is more than percent % of total (integers only: count × 100 > percent × total)."""
    return count * 100 > percent * total


def plausibility_warnings(*, station, returned, invalid, blank, issued, rules):
    """[RuleWarning] of an entry: VOTE-7 (returned > issued, the round would be void), VOTE-8 (invalid or
    blank ballots above the profile's share)."""
    warnings = []
    if returned > issued:
        warnings.append(RuleWarning("VOTE-7", _(
            "%(station)s: %(returned)s ballots in the box but %(issued)s issued there; if the round as a "
            "whole has more ballots returned than issued it is void and repeated.") % {
            "station": station, "returned": returned, "issued": issued}))
    percent = rules.invalid_warning_percent
    if returned and above_share(invalid, returned, percent):
        warnings.append(RuleWarning("VOTE-8", _(
            "%(station)s: %(n)s of %(returned)s ballots invalid, more than %(percent)s%%.") % {
            "station": station, "n": invalid, "returned": returned, "percent": percent}))
    if returned and above_share(blank, returned, percent):
        warnings.append(RuleWarning("VOTE-8", _(
            "%(station)s: %(n)s of %(returned)s ballots blank, more than %(percent)s%%.") % {
            "station": station, "n": blank, "returned": returned, "percent": percent}))
    return warnings


def totals_problems(*, returned, valid, invalid, blank, totals, seats):
    """[(rule, message)] where the totals of a counters' sheet do not add up."""
    problems = []
    if None in (returned, valid, invalid):
        return [("VOTE-6", _("Enter the ballots in the box, the valid and the invalid ballots."))]
    if valid + invalid != returned:
        problems.append(("VOTE-6", _("%(valid)s valid and %(invalid)s invalid ballots make %(sum)s, not the "
                                     "%(returned)s in the box.") % {
            "valid": valid, "invalid": invalid, "sum": valid + invalid, "returned": returned}))
    if (blank or 0) > valid:
        problems.append(("VOTE-6", _("%(blank)s blank ballots but only %(valid)s valid ones.")
                         % {"blank": blank, "valid": valid}))
    for position, counts in totals.items():
        label = position_label(position)
        for votes in counts.values():
            if votes > valid:
                problems.append(("VOTE-6", _("%(position)s: %(votes)s votes for one person, more than the "
                                             "%(valid)s valid ballots.") % {
                    "position": label, "votes": votes, "valid": valid}))
                break
        most = valid * seats.get(position, 0)
        if sum(counts.values()) > most:
            # VOTE-8: a valid ballot approves at most as many as the seats of each position.
            problems.append(("VOTE-8", _("%(position)s: %(sum)s approvals in all, more than %(valid)s valid "
                                         "ballots × %(seats)s seat(s) allow.") % {
                "position": label, "sum": sum(counts.values()), "valid": valid,
                "seats": seats.get(position, 0)}))
    return problems
