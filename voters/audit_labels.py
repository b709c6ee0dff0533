"""The voters app's audit actions in words (elections/audit_display.py gathers every app's `audit_labels`)."""
from django.utils.translation import gettext_lazy as _

from elections.audit_display import register

register({
    "voters.absence.declared": _("Absence declared"),
    "voters.absence.withdrawn": _("Absence withdrawn"),
    "voters.conflict.agreed": _("Registration conflict agreed between communities"),
    "voters.conflict.found": _("Registration conflict found"),
    "voters.conflict.resolved": _("Registration conflict resolved"),
    "voters.conflict.settled": _("Registration conflict settled"),
    "voters.export.downloaded": _("Voter list exported"),
    "voters.group.created": _("Resident group created"),
    "voters.group.updated": _("Resident group changed"),
    "voters.objection.period_closed": _("Objection period closed"),
    "voters.objection.recorded": _("Objection recorded"),
    "voters.objection.upheld": _("Objection upheld"),
    "voters.objection.rejected": _("Objection rejected"),
    "voters.objection.pending": _("Objection pending"),
    "voters.registration.pending": _("Registration back to review"),
    "voters.registration.confirmed": _("Registration confirmed"),
    "voters.registration.refused": _("Registration refused"),
    "voters.registration.removed": _("Voter removed after posting"),
    "voters.registrations.built": _("Registrations drawn up"),
    "voters.registrations.bulk_confirmed": _("Registrations confirmed together"),
    "voters.registrations.bulk_refused": _("Registrations refused together"),
    "voters.resident.created": _("Resident entered"),
    "voters.resident.roles_changed": _("Resident's roles changed"),
    "voters.resident.updated": _("Resident changed"),
    "voters.residents.imported": _("Residents imported"),
    "voters.residents.seeded": _("Demo residents created"),
    "voters.voter_list.addition": _("Voter added to the posted list"),
    "voters.voter_list.removal": _("Voter taken off the posted list"),
    "voters.voter_list.published": _("Voter list posted"),
    "voters.voter_list.reposted": _("Voter list posted again"),
    "voters.voter_list.supplementary_published": _("Supplementary voter list posted"),
})
