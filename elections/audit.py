"""Writing the audit log. Call `audit_log` inside the same transaction as the change it records."""
import datetime
import decimal

from django.db import models

from .models import AuditLog, Community, Election

SECRET_FIELDS = {"password"}


def _jsonable(value):
    if isinstance(value, (datetime.date, datetime.time, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    return value


def model_state(obj, fields=None):
    """A JSON-safe dict of a model instance's concrete fields (foreign keys as ids), secrets masked."""
    data = {}
    for field in obj._meta.concrete_fields:
        if fields is not None and field.name not in fields:
            continue
        data[field.name] = "***" if field.name in SECRET_FIELDS else _jsonable(getattr(obj, field.attname))
    return data


def audit_log(*, actor, action, obj=None, election=None, community=None, before=None, after=None, data=None):
    """Append one entry: `action` is namespaced (elections.election.created, voters.list.published, …)."""
    if election is None and isinstance(obj, Election):
        election = obj
    if community is None:
        community = election.community if election is not None else (obj if isinstance(obj, Community) else None)
    if actor is not None and not actor.is_authenticated:
        actor = None
    return AuditLog.objects.create(
        actor=actor,
        action=action,
        election=election,
        community=community,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=_jsonable(before),
        after=_jsonable(after),
        data=_jsonable(data or {}),
    )
