"""The election archive (AFT-4): one ZIP with everything of an election, and its restoration, read-only, into
another installation.

THE REGISTRY. Each app declares its own models in an `<app>/archive.py` module (imported before the registry is
read, as `documents` modules are), so this module never imports upwards:

    archive.register(Model, rows=lambda election: Model.objects.filter(election=election))   # the election's
    archive.register(Resident, natural_key=("community", "id_number"))                        # shared rows
    archive.register_sheets(builder)       # builder(election) -> [(file name, xlsx bytes)]

- An *owned* model gives `rows(election)`: the rows that belong to the election.
- A *shared* model (districts, communities, rule profiles, residents, households …) gives a natural key: its
  rows are archived as far as the election's rows refer to them (followed transitively), and restoring reuses
  a row of the target installation with the same key, or creates it.
- A foreign key to a row outside the archive is kept by the target row's natural key when its model has one
  (a by-election's `completes`: the election it completes, restored before it), else left empty when it may
  be, else the archive cannot be made (ArchiveError).
- Users are archived as names only; restoring maps them to inactive accounts `archive.<username>` that cannot
  log in.
- Restored rows keep their ids (JSON values — a round's contests, the count's totals, the certified snapshot —
  name candidates and voters by id), so an archive goes into an installation of its own (empty after migrate,
  or holding other restored archives whose ids do not collide); a collision is refused before anything stays.

Registration order is restoration order (apps in INSTALLED_APPS order, i.e. by layer): a row's non-empty
foreign keys point to rows restored before it, except those that cannot (a cycle, a self-reference), which are
set in a second pass.

THE ZIP. manifest.json (format, source, and the SHA-256 of every other member), data/election.json (all rows,
the audit log included), documents/*.pdf (every print document of the election as issued, each edition),
spreadsheets/*.xlsx (voter-list versions, candidates, proxies, issuance counts, tally data, the audit log; text
cells neutralised by elections.spreadsheets), files/… (uploaded files, e.g. complaint evidence). Identity
numbers are complete: it is the committee's own record, offered only to those who may see them.
"""
import datetime
import decimal
import functools
import hashlib
import io
import json
import uuid
import zipfile
from collections import defaultdict
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext as _

from . import documents
from .audit import audit_log

FORMAT = "rcem-election-archive"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATA = "data/election.json"
ARCHIVED_USER_PREFIX = "archive."


class ArchiveError(Exception):
    """The archive cannot be made or restored; the message says why, in the user's language."""


@dataclass
class Part:
    model: type
    rows: Callable | None = None            # owned: rows(election) -> QuerySet
    natural_key: tuple = ()                 # shared (and for references from outside): fields that find a row
    order: int = 0
    # Fields set in the restore's second pass, with the foreign keys that must wait (a constraint ties them:
    # a box "agreed" has its agreed entry, which is restored after the box).
    second_pass: tuple = ()

    @property
    def label(self):
        return self.model._meta.label_lower

    @property
    def shared(self):
        return self.rows is None


PARTS = {}  # label -> Part, in registration order
SHEETS = []  # builders: builder(election) -> [(name, bytes)]


def register(model, *, rows=None, natural_key=(), second_pass=()):
    label = model._meta.label_lower
    if label in PARTS:
        raise ValueError(f"{label} is registered twice in the archive.")
    if rows is None and not natural_key:
        raise ValueError(f"{label}: a shared model needs a natural key.")
    PARTS[label] = Part(model=model, rows=rows, natural_key=tuple(natural_key), order=len(PARTS),
                        second_pass=tuple(second_pass))
    return PARTS[label]


def register_sheets(builder):
    SHEETS.append(builder)
    return builder


@functools.cache
def _discover():
    autodiscover_modules("archive")


def parts():
    _discover()
    return list(PARTS.values())


# --- values to JSON and back ----------------------------------------------------------------------------

def _plain(value):
    """A field's value as JSON (full precision: datetimes keep their microseconds)."""
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    return value


def _concrete(model):
    """(plain fields, foreign keys) of a model, the primary key left out."""
    plain, keys = [], []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        (keys if f.is_relation else plain).append(f)
    return plain, keys


def _m2m(model):
    return [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]


def _is_user(model):
    return model is get_user_model()


# --- export ---------------------------------------------------------------------------------------------

class _Collector:
    """The rows of an election: owned rows by the registry, shared rows as far as they are referred to."""

    def __init__(self, election):
        self.election = election
        self.rows = {}              # label -> {pk: {attname: value}}
        self.user_ids = set()
        self.externals = {}         # (label, pk) -> natural key dict

    def collect(self):
        all_parts = parts()
        for part in all_parts:
            if not part.shared:
                values = part.rows(self.election).order_by("pk").values("pk", *self._attnames(part.model))
                self.rows[part.label] = {row.pop("pk"): row for row in values}
        # Shared rows referred to (a resident's household and group, a community's street …), until none new.
        pending = [(label, pk) for label in list(self.rows) for pk in self.rows[label]]
        shared_rows = {p.label: {} for p in all_parts if p.shared}
        self.rows.update({label: shared_rows[label] for label in shared_rows})
        while pending:
            wanted = defaultdict(set)
            for label, pk in pending:
                self._references(label, self.rows[label][pk], wanted)
            pending = []
            for label, pks in wanted.items():
                new = pks - set(self.rows[label])
                if not new:
                    continue
                model = PARTS[label].model
                for row in model.objects.filter(pk__in=new).order_by("pk").values("pk", *self._attnames(model)):
                    pk = row.pop("pk")
                    self.rows[label][pk] = row
                    pending.append((label, pk))
        self.rows = {p.label: dict(sorted(self.rows[p.label].items())) for p in all_parts}
        self._resolve()
        return self

    @staticmethod
    def _attnames(model):
        plain, keys = _concrete(model)
        return [f.attname for f in plain + keys]

    def _references(self, label, row, wanted):
        for f in _concrete(PARTS[label].model)[1]:
            value = row[f.attname]
            if value is None:
                continue
            target = f.related_model
            if _is_user(target):
                self.user_ids.add(value)
                continue
            target_label = target._meta.label_lower
            if target_label in PARTS and PARTS[target_label].shared:
                wanted[target_label].add(value)

    def _resolve(self):
        """References to rows outside the archive: by natural key, else empty, else the archive is refused."""
        for label, rows in self.rows.items():
            model = PARTS[label].model
            keys = _concrete(model)[1]
            for pk, row in rows.items():
                for f in keys:
                    value = row[f.attname]
                    if value is None or _is_user(f.related_model):
                        continue
                    target_label = f.related_model._meta.label_lower
                    if value in self.rows.get(target_label, ()):
                        continue
                    target = PARTS.get(target_label)
                    if target is not None and target.natural_key:
                        row[f.attname] = {"natural": natural_key_of(f.related_model, value)}
                    elif f.null:
                        row[f.attname] = None
                    else:
                        raise ArchiveError(_("%(model)s %(pk)s refers to %(target)s %(value)s, which is not in "
                                             "the archive.") % {"model": label, "pk": pk, "target": target_label,
                                                                "value": value})


def natural_key_of(model, pk):
    """{field: value} finding the row `pk` of `model` in another installation (foreign keys by their own)."""
    part = PARTS[model._meta.label_lower]
    obj = model.objects.get(pk=pk)
    key = {}
    for name in part.natural_key:
        f = model._meta.get_field(name)
        value = getattr(obj, f.attname)
        if f.is_relation and value is not None:
            value = natural_key_of(f.related_model, value)
        key[name] = _plain(value)
    return key


def election_data(election):
    """Everything of the election as one JSON-able dict: {format, source, users, models: {label: [rows]}}."""
    collector = _Collector(election).collect()
    users = get_user_model().objects.filter(pk__in=collector.user_ids).order_by("pk")
    data_models = {}
    for part in parts():
        model = part.model
        m2m = _m2m(model)
        rows = collector.rows[part.label]
        through = {f.name: defaultdict(list) for f in m2m}
        for f in m2m:
            links = f.remote_field.through.objects.filter(**{f"{f.m2m_field_name()}__in": list(rows)})
            for source, target in links.values_list(f.m2m_column_name(), f.m2m_reverse_name()):
                through[f.name][source].append(target)
        out = []
        for pk, row in rows.items():
            record = {"pk": pk, "fields": {k: _plain(v) for k, v in row.items()}}
            if m2m:
                record["m2m"] = {f.name: sorted(through[f.name].get(pk, [])) for f in m2m}
            out.append(record)
        data_models[part.label] = {"shared": part.shared, "rows": out}
    return {
        "format": FORMAT, "version": FORMAT_VERSION, "source": source_of(election),
        "users": [{"pk": u.pk, "username": u.get_username(), "first_name": u.first_name,
                   "last_name": u.last_name} for u in users],
        "models": data_models,
    }


def source_of(election):
    return {"community": election.community.code, "community_name": election.community.name,
            "election": election.pk, "term": election.term, "kind": election.kind,
            "is_rehearsal": election.is_rehearsal, "state": election.state,
            "created_at": _plain(election.created_at)}


def _document_members(election):
    """(member name, PDF bytes) of every print document of the election as issued: each edition of those
    issued in several, else the one document; a document the election never reached is left out."""
    members = []
    for kind in documents.kinds():
        try:
            editions = documents.document_editions(election, kind)
            if editions:
                for key, _label in editions:
                    pdf = documents.render_document(election, kind, edition=key)
                    members.append((f"documents/{kind}-{key}.pdf", pdf))
            else:
                members.append((f"documents/{kind}.pdf", documents.render_document(election, kind)))
        except documents.DocumentUnavailable:
            continue
    return members


def _file_members(data):
    """Uploaded files of archived rows (FileField): files/<model>/<pk>/<field>/<name>."""
    members = []
    for part in parts():
        file_fields = [f for f in part.model._meta.concrete_fields if isinstance(f, models.FileField)]
        if not file_fields:
            continue
        for record in data["models"][part.label]["rows"]:
            for f in file_fields:
                name = record["fields"].get(f.attname)
                if not name:
                    continue
                storage = f.storage
                if not storage.exists(name):
                    continue
                with storage.open(name, "rb") as handle:
                    content = handle.read()
                member = f"files/{part.label}/{record['pk']}/{f.name}/{name.rsplit('/', 1)[-1]}"
                record.setdefault("files", {})[f.attname] = member
                members.append((member, content))
    return members


def sheet_members(election):
    _discover()
    members = []
    for builder in SHEETS:
        members += [(f"spreadsheets/{name}", content) for name, content in builder(election)]
    return members


def build_archive(election, out=None, on_progress=None):
    """The election's archive as ZIP bytes (or written into the binary file `out`)."""
    progress = on_progress or (lambda done, total: None)
    progress(0, 4)
    data = election_data(election)
    progress(1, 4)
    members = _file_members(data)
    members += _document_members(election)
    progress(2, 4)
    members += sheet_members(election)
    progress(3, 4)
    # Keys keep their order (JSON values such as a snapshot's seats are read in order by the documents).
    members.insert(0, (DATA, json.dumps(data, ensure_ascii=False, indent=1).encode()))
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "source": data["source"],
                "made_at": timezone.now().isoformat(),
                "members": {name: hashlib.sha256(content).hexdigest() for name, content in members}}
    target = out if out is not None else io.BytesIO()
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True))
        for name, content in members:
            # PDFs and spreadsheets are compressed already: stored as they are, which is faster.
            kind = zipfile.ZIP_STORED if name.endswith((".pdf", ".xlsx")) else zipfile.ZIP_DEFLATED
            archive.writestr(zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0)), content, compress_type=kind)
    progress(4, 4)
    return None if out is not None else target.getvalue()


def archive_filename(election):
    return documents.document_filename(election, "archive").removesuffix(".pdf") + ".zip"


# --- reading and checking an archive --------------------------------------------------------------------

@dataclass
class Archive:
    manifest: dict
    data: dict
    members: dict = field(default_factory=dict)  # name -> bytes
    sha256: str = ""


def read_archive(blob):
    """The archive checked against its manifest: every member present and unchanged (SHA-256), no other
    member; ArchiveError with a Chinese message naming the member otherwise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(blob))
        names = archive.namelist()
        if MANIFEST not in names:
            raise ArchiveError(_("This is not an election archive: it has no manifest.json."))
        manifest = json.loads(archive.read(MANIFEST))
    except (zipfile.BadZipFile, ValueError, KeyError) as exc:
        raise ArchiveError(_("This file is not a readable election archive (%(error)s).") % {"error": exc}) from exc
    if manifest.get("format") != FORMAT:
        raise ArchiveError(_("This is not an election archive of this system."))
    if manifest.get("version") != FORMAT_VERSION:
        raise ArchiveError(_("This archive has format version %(version)s; this installation reads version "
                             "%(ours)s.") % {"version": manifest.get("version"), "ours": FORMAT_VERSION})
    expected = manifest.get("members") or {}
    extra = sorted(set(names) - set(expected) - {MANIFEST})
    if extra:
        raise ArchiveError(_("The archive has a member its manifest does not list: %(member)s. It has been "
                             "changed; it is refused.") % {"member": extra[0]})
    members = {}
    for name, checksum in expected.items():
        try:
            content = archive.read(name)
        except KeyError:
            raise ArchiveError(_("The archive lacks %(member)s, which its manifest lists. It is refused.")
                               % {"member": name}) from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            # A changed byte inside a compressed member fails the ZIP's own CRC check.
            raise ArchiveError(_("The checksum of %(member)s does not match the manifest: the file has been "
                                 "changed or damaged. It is refused.") % {"member": name}) from exc
        if hashlib.sha256(content).hexdigest() != checksum:
            raise ArchiveError(_("The checksum of %(member)s does not match the manifest: the file has been "
                                 "changed or damaged. It is refused.") % {"member": name})
        members[name] = content
    data = json.loads(members[DATA])
    return Archive(manifest=manifest, data=data, members=members, sha256=hashlib.sha256(blob).hexdigest())


# --- restore --------------------------------------------------------------------------------------------

@contextmanager
def _keeping_timestamps():
    """auto_now / auto_now_add would stamp the restored rows with today: the archive's times are kept."""
    changed = []
    for part in parts():
        for f in part.model._meta.concrete_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                changed.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in changed:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class _Restorer:
    def __init__(self, archive):
        self.archive = archive
        self.data = archive.data
        self.map = defaultdict(dict)  # label -> {old pk: new pk}
        self.users = {}
        self.deferred = []            # (model, new pk, attname, target label, old value)
        self.saved_files = []         # (storage, name): removed again when the restore fails

    def run(self):
        self._check_not_there()
        self._users()
        election_model = apps.get_model("elections", "Election")
        with _keeping_timestamps():
            for part in parts():
                self._restore(part)
            updates = defaultdict(dict)
            for model, pk, attname, target, value in self.deferred:
                updates[model, pk][attname] = value if target is None else self.map[target][value]
            for (model, pk), values in updates.items():
                model._base_manager.filter(pk=pk).update(**values)
            self._m2m()
        self._reset_sequences()
        new_pk = self.map["elections.election"][self.data["source"]["election"]]
        election_model._base_manager.filter(pk=new_pk).update(restored_from={
            "sha256": self.archive.sha256, "restored_at": timezone.now().isoformat(),
            "source": self.data["source"]})
        return election_model.objects.get(pk=new_pk)

    def _check_not_there(self):
        source = self.data["source"]
        Election = apps.get_model("elections", "Election")
        same = Election.objects.filter(community__code=source["community"], term=source["term"],
                                       kind=source["kind"], is_rehearsal=source["is_rehearsal"],
                                       created_at=datetime.datetime.fromisoformat(source["created_at"]))
        if same.exists() or Election.objects.filter(restored_from__sha256=self.archive.sha256).exists():
            raise ArchiveError(_("This election is already in this installation (%(community)s, term %(term)s): "
                                 "the archive is not restored twice.")
                               % {"community": source["community_name"], "term": source["term"]})
        if not source["is_rehearsal"] and source["kind"] == "regular" and Election.objects.filter(
                community__code=source["community"], term=source["term"], kind="regular",
                is_rehearsal=False).exists():
            raise ArchiveError(_("%(community)s already has an election of term %(term)s in this installation: "
                                 "the archive is refused.")
                               % {"community": source["community_name"], "term": source["term"]})

    def _users(self):
        User = get_user_model()
        for user in self.data["users"]:
            username = f"{ARCHIVED_USER_PREFIX}{user['username']}"[:150]
            account, created = User.objects.get_or_create(
                username=username, defaults={"first_name": user["first_name"], "last_name": user["last_name"],
                                             "is_active": False})
            if created:
                account.set_unusable_password()
                account.save(update_fields=["password"])
            self.users[user["pk"]] = account.pk

    def _value(self, model, f, value, pk_holder):
        """The restored value of foreign key `f`; None and a deferred update when its row comes later."""
        if value is None:
            return None
        if _is_user(f.related_model):
            return self.users.get(value)
        target = f.related_model._meta.label_lower
        if isinstance(value, dict):
            found = _find_natural(f.related_model, value["natural"])
            if found is None:
                if f.null:
                    return None
                raise ArchiveError(_("This archive refers to a %(model)s that is not in this installation "
                                     "(%(key)s): restore that election's archive first.")
                                   % {"model": f.related_model._meta.verbose_name, "key": value["natural"]})
            return found
        if value in self.map[target]:
            return self.map[target][value]
        if not f.null:
            raise ArchiveError(_("The archive is inconsistent: %(model)s refers to %(target)s %(value)s before "
                                 "it is restored.") % {"model": model._meta.label_lower, "target": target,
                                                       "value": value})
        pk_holder.append((f.attname, target, value))
        return None

    def _restore(self, part):
        model = part.model
        plain, keys = _concrete(model)
        records = self.data["models"].get(part.label, {"rows": []})["rows"]
        pending = []
        for record in records:
            values, later = {}, []
            for f in plain:
                if f.attname in record["fields"]:
                    value = f.to_python(record["fields"][f.attname])
                    if f.name in part.second_pass:
                        later.append((f.attname, None, value))  # set with the foreign keys that wait
                        continue
                    values[f.attname] = value
            for f in keys:
                values[f.attname] = self._value(model, f, record["fields"].get(f.attname), later)
            for attname, member in record.get("files", {}).items():
                values[attname] = self._save_file(model, attname, member, values.get(attname))
            if part.shared:
                existing = _find_natural(model, {name: values[model._meta.get_field(name).attname]
                                                 for name in part.natural_key}, mapped=True)
                if existing is not None:
                    self.map[part.label][record["pk"]] = existing
                    continue
            # Rows keep their ids: JSON values of the election (a round's contests, the count's totals, the
            # certified snapshot) name candidates and voters by id, and must still point to the same rows.
            pending.append((record["pk"], model(pk=record["pk"], **values), later))
        taken = set(model._base_manager.filter(pk__in=[pk for pk, _obj, _later in pending])
                    .values_list("pk", flat=True)[:1])
        if taken:
            raise ArchiveError(_("This installation already holds other data under the archive's record numbers "
                                 "(%(model)s %(pk)s): an archive is restored into an installation of its own, "
                                 "empty after migrate.") % {"model": model._meta.verbose_name, "pk": taken.pop()})
        created = model._base_manager.bulk_create([obj for _pk, obj, _later in pending], batch_size=500)
        for (old, _obj, later), obj in zip(pending, created, strict=True):
            self.map[part.label][old] = obj.pk
            self.deferred += [(model, obj.pk, attname, target, value) for attname, target, value in later]

    @staticmethod
    def _reset_sequences():
        """Rows inserted with their ids: the next new row of each table must come after them (PostgreSQL)."""
        from django.core.management.color import no_style
        from django.db import connection
        statements = connection.ops.sequence_reset_sql(no_style(), [part.model for part in parts()])
        if statements:
            with connection.cursor() as cursor:
                for sql in statements:
                    cursor.execute(sql)

    def _save_file(self, model, attname, member, name):
        f = model._meta.get_field(attname)
        saved = f.storage.save(name or member.rsplit("/", 1)[-1], ContentFile(self.archive.members[member]))
        self.saved_files.append((f.storage, saved))
        return saved

    def _m2m(self):
        for part in parts():
            for f in _m2m(part.model):
                through = f.remote_field.through
                target = f.related_model._meta.label_lower
                links = []
                for record in self.data["models"].get(part.label, {"rows": []})["rows"]:
                    source = self.map[part.label].get(record["pk"])
                    for value in record.get("m2m", {}).get(f.name, []):
                        if value in self.map[target]:
                            links.append(through(**{f.m2m_column_name(): source,
                                                    f.m2m_reverse_name(): self.map[target][value]}))
                through.objects.bulk_create(links, ignore_conflicts=True)


def _find_natural(model, key, mapped=False):
    """The pk of the row of `model` with the natural key `key` in this installation, or None. `mapped`: the
    foreign keys in `key` are already this installation's pks."""
    lookup = {}
    for name, value in key.items():
        f = model._meta.get_field(name)
        if f.is_relation and value is not None and not mapped:
            value = _find_natural(f.related_model, value)
            if value is None:
                return None
        lookup[f.attname] = f.to_python(value) if not f.is_relation else value
    return model._base_manager.filter(**lookup).values_list("pk", flat=True).first()


def restore_archive(blob, *, actor=None):
    """Restore an archive (ZIP bytes) read-only into this installation, in one transaction: the election,
    marked restored from its archive. ArchiveError (Chinese) for a tampered file or one already there."""
    archive = read_archive(blob)
    restorer = _Restorer(archive)
    try:
        with transaction.atomic():
            election = restorer.run()
            audit_log(actor=actor, action="elections.archive.restored", obj=election,
                      data={"sha256": archive.sha256, "source": archive.data["source"]})
    except Exception as exc:
        for storage, name in restorer.saved_files:  # the rows are rolled back: their files go too
            storage.delete(name)
        if isinstance(exc, ArchiveError):
            raise
        if isinstance(exc, KeyError | ValueError | TypeError | LookupError | DatabaseError | ValidationError):
            raise ArchiveError(_("The archive's data could not be restored (%(error)s); nothing was changed.")
                               % {"error": exc}) from exc
        raise
    return election


# --- this app's part of the archive -----------------------------------------------------------------------

def _registrations():
    from .models import (AuditLog, BackdatedAct, CommitteeMember, Community, District, Election,
                         ElectionStateChange, Job, Meeting, NoticeRepost, Override, Postponement, RuleProfile,
                         StepCompletion, Street)

    def of_election(model):
        return lambda election: model.objects.filter(election=election)

    register(District, natural_key=("code",))
    register(Street, natural_key=("code",))
    register(Community, natural_key=("code",))
    register(RuleProfile, natural_key=("key",))
    # The election itself; another election (the one a by-election completes) is found by its own key.
    register(Election, rows=lambda election: Election.objects.filter(pk=election.pk),
             natural_key=("community", "term", "kind", "is_rehearsal", "created_at"))
    for model in (ElectionStateChange, Meeting, CommitteeMember, StepCompletion, Override, BackdatedAct,
                  Postponement, NoticeRepost, Job, AuditLog):
        register(model, rows=of_election(model))


_registrations()

AUDIT_HEADERS = ["时间", "操作人", "操作", "对象类型", "对象编号", "对象", "变更前", "变更后", "详情"]


@register_sheets
def audit_sheet(election):
    """The election's audit log (审计日志) as it stands, oldest first, with the details as JSON text."""
    from .models import AuditLog

    def rows():
        entries = (AuditLog.objects.filter(election=election).select_related("actor").order_by("at", "id")
                   .iterator(chunk_size=2000))
        for entry in entries:
            yield [timezone.localtime(entry.at).strftime("%Y-%m-%d %H:%M:%S"),
                   entry.actor.get_username() if entry.actor else "", entry.action, entry.object_type,
                   entry.object_id, entry.object_repr, _json_text(entry.before), _json_text(entry.after),
                   _json_text(entry.data)]
    from .spreadsheets import xlsx_table
    return [("audit-log.xlsx", xlsx_table("审计日志", AUDIT_HEADERS, rows()))]


def _json_text(value):
    return "" if value in (None, {}, []) else json.dumps(value, ensure_ascii=False, sort_keys=True)
