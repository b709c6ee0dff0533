"""The polling app's audit actions in words (elections/audit_display.py gathers every app's `audit_labels`)."""
from django.utils.translation import gettext_lazy as _

from elections.audit_display import register

register({
    "polling.ballot.issue_cancelled": _("Ballot issue cancelled"),
    "polling.ballot.issued": _("Ballot issued"),
    "polling.ballot.register_entered": _("Paper issuance register entered"),
    "polling.ballots.cancelled": _("Ballots cancelled"),
    "polling.ballots.printed": _("Ballots printed"),
    "polling.ballots.requested": _("Ballots requested"),
    "polling.proxy.applied": _("Proxy applied for"),
    "polling.proxy.approved": _("Proxy approved"),
    "polling.proxy.refused": _("Proxy refused"),
    "polling.proxy.revoked": _("Proxy revoked"),
    "polling.round.opened": _("Voting round opened"),
    "polling.round.polls_closed": _("Polls closed"),
    "polling.staff.added": _("Polling staff added"),
    "polling.staff.removed": _("Polling staff removed"),
    "polling.station.added": _("Polling station added"),
    "polling.station.removed": _("Polling station removed"),
})
