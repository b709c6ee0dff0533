"""Warn-kind rules: proceed only with a written reason, recorded and shown to the supervisor."""
from ..audit import audit_log
from ..models import Override
from .errors import NeedsOverride


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
