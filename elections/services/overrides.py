"""Warn-kind rules: proceed only with a written reason, recorded and shown to the supervisor, who signs the
override off with a note (`override_review`)."""
from django.db import transaction
from django.utils.translation import gettext as _

from .. import access, clock
from ..audit import audit_log
from ..models import Override
from .errors import NeedsOverride, RuleViolation


def record_overrides(*, election, warnings, reason, actor, obj=None):
    """Raise NeedsOverride when there are warnings and no reason; otherwise record one override each.

    Call inside the transaction of the action being confirmed.
    """
    if not warnings:
        return []
    reason = (reason or "").strip()
    if not reason:
        raise NeedsOverride(warnings)
    made = []
    for w in warnings:
        override = Override.objects.create(
            election=election, rule=w.rule, message=str(w.message), reason=reason, actor=actor,
            object_type=obj._meta.label if obj is not None else "",
            object_id=str(obj.pk) if obj is not None and obj.pk else "",
            object_repr=str(obj)[:200] if obj is not None else "",
        )
        audit_log(actor=actor, action="elections.warning.overridden", obj=override, election=election,
                  after={"rule": w.rule, "message": str(w.message), "reason": reason})
        made.append(override)
    return made


def override_review(*, override, actor, note):
    """The street office signs off a warning a committee proceeded past (RULES "warn" kinds, shown to the
    supervisor): who reviewed it, when, and their note, which is required — a sign-off says what was checked.
    Only a street supervisor or district administrator of the community; once."""
    if actor is None or not access.can_supervise_community(actor, override.election.community):
        raise RuleViolation(override.rule, _("Overrides are reviewed by the street office: a street supervisor "
                                             "or district administrator of this community."))
    note = (note or "").strip()
    if not note:
        raise RuleViolation(override.rule, _("Write what you checked: the note is kept with the sign-off."),
                            field="note")
    with transaction.atomic():
        # Lock: two supervisors signing off the same override at once record one sign-off, not two.
        override = Override.objects.select_for_update().select_related("election__community").get(pk=override.pk)
        if override.reviewed:
            raise RuleViolation(override.rule, _("This override was already reviewed."))
        override.reviewed_by, override.reviewed_at, override.review_note = actor, clock.now(), note
        override.save(update_fields=["reviewed_by", "reviewed_at", "review_note"])
        audit_log(actor=actor, action="elections.warning.override_reviewed", obj=override,
                  election=override.election, before={"reviewed": False},
                  after={"reviewed": True, "rule": override.rule, "note": note})
    return override
