"""The aftermath app's audit actions in words (elections/audit_display.py gathers every app's `audit_labels`)."""
from django.utils.translation import gettext_lazy as _

from elections.audit_display import register

register({
    "aftermath.by_election.called": _("By-election called"),
    "aftermath.committee.left_office": _("Member left office"),
    "aftermath.committee.took_office": _("Member took office"),
    "aftermath.complaint.decided": _("Complaint decided"),
    "aftermath.complaint.evidence_added": _("Complaint evidence added"),
    "aftermath.complaint.recorded": _("Complaint recorded"),
    "aftermath.complaint.routed": _("Complaint passed on"),
    "aftermath.handover.completed": _("Handover completed"),
    "aftermath.handover.item_added": _("Handover item added"),
    "aftermath.handover.item_changed": _("Handover item changed"),
    "aftermath.handover.item_removed": _("Handover item removed"),
    "aftermath.handover.signed": _("Handover signed"),
    "aftermath.handover.started": _("Handover started"),
    "aftermath.recall.petitioned": _("Recall petition recorded"),
    "aftermath.recall.voted": _("Recall vote recorded"),
    "aftermath.resident_body.recorded": _("Residents' body recorded"),
    "aftermath.working_committee.member_added": _("Working committee member added"),
    "aftermath.working_committee.member_removed": _("Working committee member removed"),
    "aftermath.working_committee.set_up": _("Working committee set up"),
})
