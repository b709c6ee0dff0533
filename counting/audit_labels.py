"""The counting app's audit actions in words (elections/audit_display.py gathers every app's `audit_labels`)."""
from django.utils.translation import gettext_lazy as _

from elections.audit_display import register

register({
    "counting.box.agreed": _("Ballot box count agreed"),
    "counting.box.differences_found": _("Differences found between the two entries"),
    "counting.box.differences_resolved": _("Differences resolved"),
    "counting.box.opened": _("Ballot box opened for counting"),
    "counting.box.reopened": _("Ballot box counted afresh"),
    "counting.decision.results_reopened": _("Results reopened by the street office"),
    "counting.decision.round_voided": _("Round voided by the street office"),
    "counting.entry.discarded": _("Tally entry set aside"),
    "counting.entry.started": _("Tally entry started"),
    "counting.entry.submitted": _("Tally entry finished"),
    "counting.line.corrected": _("Ballot line corrected"),
    "counting.line.deleted": _("Ballot line deleted"),
    "counting.lines.added": _("Ballot lines entered"),
    "counting.results.certified": _("Results certified"),
    "counting.round.attached": _("Count round attached"),
    "counting.round.closed": _("Count round closed"),
    "counting.round.voided": _("Count round void"),
    "counting.round.opened": _("Further round opened"),
    "counting.round.reopened": _("Count round reopened"),
    "counting.totals.saved": _("Box totals saved"),
})
