"""The audit log for people to read (issue 11, item 5): every action in words, values as labels (是/否, state
names, choice labels, people and organisations by name instead of ids), actors by full name and role.

Each app lists its actions in `<app>/audit_labels.py`, calling `register`; they are gathered the first time a
label is asked for. tests/elections/test_audit_trail.py fails when an action written anywhere in the code has
no label.
"""
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .privacy import mask_private

_LABELS = {}
_loaded = []

# Keys of before/after/details that are not fields of the entry's object (or say it better than the field).
KEY_LABELS = {
    "full_name": gettext_lazy("Full name"), "phone": gettext_lazy("Phone"), "username": gettext_lazy("User name"),
    "is_active": gettext_lazy("Account enabled"), "scope": gettext_lazy("Applies to"),
    "reason": gettext_lazy("Reason"), "rule": gettext_lazy("Rule"), "door": gettext_lazy("Through"),
    "state": gettext_lazy("State"), "id_number": gettext_lazy("Identity number"), "name": gettext_lazy("Name"),
    "station": gettext_lazy("Polling station"), "ip_address": gettext_lazy("Address"),
    "failures": gettext_lazy("Failed logins"), "path": gettext_lazy("Page"),
    "one_time_password_replaced": gettext_lazy("One-time password replaced"),
    "attempts_removed": gettext_lazy("Attempts forgotten"), "object": gettext_lazy("object"),
}


def register(labels):
    """{action: label}: called by each app's audit_labels module."""
    _LABELS.update(labels)


def action_labels():
    if not _loaded:
        autodiscover_modules("audit_labels")
        _loaded.append(True)
    return _LABELS


def action_label(action):
    return str(action_labels().get(action, action))


def person_name(user):
    return (user.get_full_name() or user.username) if user is not None else ""


@dataclass
class ShownEntry:
    entry: object
    action: str
    actor: str
    actor_roles: str
    changes: list = field(default_factory=list)   # [(label, before, after)]
    details: list = field(default_factory=list)   # [(label, value)]


class _Names:
    """Related objects named in a page of entries, fetched with one query per model."""

    def __init__(self):
        self.wanted, self.found = {}, {}

    def want(self, model, value):
        if isinstance(value, list):  # a many-to-many field's snapshot: a list of ids
            for one in value:
                self.want(model, one)
        elif isinstance(value, int) and not isinstance(value, bool):
            self.wanted.setdefault(model, set()).add(value)

    def fetch(self):
        User = get_user_model()
        for model, ids in self.wanted.items():
            for obj in model._default_manager.filter(pk__in=ids):
                self.found[(model, obj.pk)] = person_name(obj) if model is User else str(obj)

    def name(self, model, value):
        if isinstance(value, list):  # ids of a many-to-many field; a reverse relation's rows are shown as they are
            if not value or not all(isinstance(one, int) for one in value):
                return None
            return "、".join(self.found.get((model, one)) or str(one) for one in value)
        if not isinstance(value, int):
            return None
        return self.found.get((model, value))


def _model(object_type, cache={}):  # noqa: B006 — a cache of model lookups, filled once per label
    if object_type not in cache:
        try:
            cache[object_type] = apps.get_model(object_type) if object_type else None
        except (LookupError, ValueError):
            cache[object_type] = None
    return cache[object_type]


def _field(model, key):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def key_label(model, key):
    found = _field(model, key)
    if found is not None and hasattr(found, "verbose_name"):
        return str(found.verbose_name)
    return str(KEY_LABELS.get(key, key))


def show_value(value, model_field=None, names=None):
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if model_field is not None and getattr(model_field, "is_relation", False) and names is not None:
        named = names.name(model_field.related_model, value)
        if named is not None:
            return named
    if model_field is not None and getattr(model_field, "flatchoices", None):
        choices = {str(k): v for k, v in model_field.flatchoices}
        if str(value) in choices:
            return str(choices[str(value)])
    if isinstance(value, list):
        return "、".join(show_value(v) for v in value) or "—"
    if isinstance(value, dict):
        return "；".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return str(value)


def _actor_roles(entries):
    from .models import Role
    actors = {e.actor_id for e in entries if e.actor_id}
    kinds = {}
    for user_id, kind in Role.objects.filter(user_id__in=actors).values_list("user_id", "kind").order_by("pk"):
        label = str(Role.Kind(kind).label)
        kinds.setdefault(user_id, [])
        if label not in kinds[user_id]:
            kinds[user_id].append(label)
    return {user_id: "、".join(labels) for user_id, labels in kinds.items()}


def _snapshots(entry, reveal_private):
    """(before, after, data) of an entry as dicts, identity and phone numbers masked unless revealed."""
    before, after, data = entry.before or {}, entry.after or {}, entry.data or {}
    if not reveal_private:
        before, after, data = mask_private(before), mask_private(after), mask_private(data)
    as_dict = [value if isinstance(value, dict) else {"": value} for value in (before, after, data)]
    return tuple(as_dict)


def _want_names(model, snapshots, names):
    for values in snapshots:
        for key, value in values.items():
            related = _field(model, key)
            if related is not None and related.is_relation:
                names.want(related.related_model, value)


def _changes(model, before, after, names):
    return [(key_label(model, key), show_value(before.get(key), _field(model, key), names),
             show_value(after.get(key), _field(model, key), names))
            for key in dict.fromkeys([*before, *after]) if before.get(key) != after.get(key)]


def describe(entries, *, reveal_private=False):
    """[ShownEntry] of audit entries (actor selected), with every id and code in words; identity and phone
    numbers masked unless `reveal_private`. One query per kind of object named, one for the actors' roles."""
    entries = list(entries)
    names = _Names()
    prepared = []
    for entry in entries:
        model = _model(entry.object_type)
        snapshots = _snapshots(entry, reveal_private)
        _want_names(model, snapshots, names)
        prepared.append((entry, model, snapshots))
    names.fetch()
    roles = _actor_roles(entries)
    return [ShownEntry(entry=entry, action=action_label(entry.action),
                       actor=person_name(entry.actor) if entry.actor_id else _("the system"),
                       actor_roles=roles.get(entry.actor_id, ""),
                       changes=_changes(model, before, after, names),
                       details=[(key_label(model, key), show_value(value, _field(model, key), names))
                                for key, value in data.items()])
            for entry, model, (before, after, data) in prepared]
