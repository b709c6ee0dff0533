"""Backups that restore (issue 13, item 3; docs/operations.md, "Backups and restore").

`python manage.py backup -o DIR` writes into a new directory DIR:

    database.pgdump    PostgreSQL: pg_dump's custom format (compressed; pg_restore reads it)
    database.sqlite3   SQLite: a copy made with SQLite's online backup API (safe while the app runs)
    files/<storage>/…  every file of the private storage (print runs, evidence, uploads) and of the default one
    manifest.json      when, which database, each table's row count and checksum, each file's size and SHA-256

The row counts and checksums are taken in the same snapshot the dump is made from (PostgreSQL: a REPEATABLE READ
transaction whose snapshot pg_dump shares, --snapshot; SQLite: one read transaction around the copy), so
`restore` can prove that what it put back is what was saved, table by table.

`python manage.py restore DIR` puts the database and the files back (the app stopped: docs/operations.md),
then recomputes every table's count and checksum and every file's hash and compares them with the manifest.
"""
import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files import File
from django.core.files.storage import storages
from django.db import connection, transaction

MANIFEST = "manifest.json"
FORMAT = 1
STORAGE_ALIASES = ("private", "default")


class BackupError(Exception):
    pass


# --- what the database holds -----------------------------------------------------------------------------------

def table_fingerprints():
    """{table: {"rows": n, "sha256": …}} for every table of every model (many-to-many tables included), read
    row by row in primary-key order: two databases with the same data have the same fingerprints."""
    result = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        table = model._meta.db_table
        if table in result:
            continue
        columns = [f.attname for f in model._meta.concrete_fields]
        digest, rows = hashlib.sha256(), 0
        for row in model._base_manager.order_by("pk").values_list(*columns).iterator(chunk_size=2000):
            digest.update(repr(tuple(_canonical(v) for v in row)).encode())
            digest.update(b"\n")
            rows += 1
        result[table] = {"rows": rows, "sha256": digest.hexdigest()}
    return dict(sorted(result.items()))


def _canonical(value):
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, default=str)
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat()
    if isinstance(value, memoryview):
        return bytes(value)
    return value


# --- files -------------------------------------------------------------------------------------------------------

def _storages():
    """The storages to save, each once (default and private may be the same place)."""
    seen, result = set(), []
    for alias in STORAGE_ALIASES:
        storage = storages[alias]
        key = getattr(storage, "location", None), getattr(storage, "bucket_name", None), type(storage)
        if key not in seen:
            seen.add(key)
            result.append((alias, storage))
    return result


def _walk(storage, path=""):
    try:
        directories, files = storage.listdir(path)
    except (FileNotFoundError, NotADirectoryError):
        return
    for name in files:
        full = f"{path}/{name}" if path else name
        if not name.endswith(".part"):  # a job's unfinished file: never a result
            yield full
    for name in directories:
        if name == "private" and not path:
            continue  # MEDIA_ROOT/private belongs to the private storage, saved on its own
        yield from _walk(storage, f"{path}/{name}" if path else name)


def _sha256(handle):
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1 << 20), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _save_files(out):
    listing = {}
    for alias, storage in _storages():
        for name in _walk(storage):
            target = out / "files" / alias / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with storage.open(name, "rb") as src, open(target, "wb") as dst:
                shutil.copyfileobj(src, dst, 1 << 20)
            with open(target, "rb") as handle:
                listing[f"{alias}/{name}"] = {"bytes": target.stat().st_size, "sha256": _sha256(handle)}
    return listing


def _restore_files(directory, listing):
    for alias, storage in _storages():
        wanted = {key.split("/", 1)[1] for key in listing if key.split("/", 1)[0] == alias}
        for name in list(_walk(storage)):
            if name not in wanted:
                storage.delete(name)  # made after the backup: not part of the state restored
        for name in sorted(wanted):
            storage.delete(name)
            with open(directory / "files" / alias / name, "rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:
                raise BackupError(f"{alias}/{name} was saved as {saved}")


def file_fingerprints():
    listing = {}
    for alias, storage in _storages():
        for name in _walk(storage):
            with storage.open(name, "rb") as handle:
                listing[f"{alias}/{name}"] = {"bytes": storage.size(name), "sha256": _sha256(handle)}
    return listing


# --- PostgreSQL ----------------------------------------------------------------------------------------------------

def _pg_env_and_args():
    db = connection.settings_dict
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = []
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            args += [flag, str(db[key])]
    return env, args, db["NAME"]


def _run(command, env):
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{command[0]} failed: {done.stderr.strip()}")
    return done


def _backup_postgresql(out):
    env, args, name = _pg_env_and_args()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        # pg_dump sees exactly what this transaction sees while it lasts
        _run(["pg_dump", "--format=custom", f"--snapshot={snapshot}", f"--file={out / 'database.pgdump'}",
              *args, "--dbname", name], env)
        return table_fingerprints()


def _restore_postgresql(directory):
    env, args, name = _pg_env_and_args()
    connection.close()
    # --clean drops what is there first; one transaction: all of it or nothing. Owners become the restoring
    # role (the owner role, docs/operations.md); the application role's grants come back with the tables.
    _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", "--exit-on-error",
          *args, "--dbname", name, str(directory / "database.pgdump")], env)


# --- SQLite ----------------------------------------------------------------------------------------------------------

def _backup_sqlite(out):
    with transaction.atomic():
        fingerprints = table_fingerprints()  # opens the read transaction the copy below shares
        target = sqlite3.connect(out / "database.sqlite3")
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    return fingerprints


def _restore_sqlite(directory):
    connection.ensure_connection()
    source = sqlite3.connect(directory / "database.sqlite3")
    try:
        source.backup(connection.connection)
    finally:
        source.close()


# --- the two commands' work ------------------------------------------------------------------------------------------

def backup(out):
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        raise BackupError(f"{out} is not empty: give a new directory for each backup.")
    out.mkdir(parents=True, exist_ok=True)
    vendor = connection.vendor
    if vendor == "postgresql":
        tables = _backup_postgresql(out)
    elif vendor == "sqlite":
        tables = _backup_sqlite(out)
    else:
        raise BackupError(f"No backup for a {vendor} database.")
    manifest = {
        "format": FORMAT, "created_at": datetime.datetime.now(datetime.timezone.utc).isoformat(),
        "database": vendor, "tables": tables, "files": _save_files(out),
        "storage": settings.FILE_STORAGE,
    }
    (out / MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    return manifest


def read_manifest(directory):
    try:
        manifest = json.loads((Path(directory) / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{directory} holds no readable {MANIFEST}: not a backup of this application.") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Backup format {manifest.get('format')!r} is not {FORMAT}.")
    return manifest


def restore(directory):
    """Put the backup back and check it: returns the differences (empty when everything matches)."""
    directory = Path(directory)
    manifest = read_manifest(directory)
    if manifest["database"] != connection.vendor:
        raise BackupError(f"This backup is of a {manifest['database']} database; DATABASE_URL names a "
                          f"{connection.vendor} one.")
    if connection.vendor == "postgresql":
        _restore_postgresql(directory)
    else:
        _restore_sqlite(directory)
    _restore_files(directory, manifest["files"])
    return differences(manifest)


def differences(manifest):
    problems = []
    now = table_fingerprints()
    for table, saved in manifest["tables"].items():
        found = now.get(table)
        if found != saved:
            problems.append(f"table {table}: {saved['rows']} rows saved, "
                            f"{found['rows'] if found else 'no table'} now" +
                            ("" if not found or found["rows"] != saved["rows"] else " (same count, other data)"))
    files = file_fingerprints()
    for name, saved in manifest["files"].items():
        if files.get(name) != saved:
            problems.append(f"file {name}: not as saved")
    problems += [f"file {name}: not in the backup" for name in files if name not in manifest["files"]]
    return problems
