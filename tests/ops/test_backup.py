"""Backups that restore (elections/backup.py; issue 13, item 3): a populated database and its kept files are
backed up, changed, restored, and come back with every table's row count and checksum and every file as saved —
on SQLite (the online backup API) and on PostgreSQL (pg_dump's custom format), whichever DATABASE_URL names."""
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from elections import backup
from elections.models import AuditLog, CommitteeMember, Election
from elections.storage import private_storage
from tests import factories
from tests.voters.helpers import resident
from voters.models import Resident

# pg_dump and the restoring connection see committed rows only; the migrations' rows come back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def populated(community_a, clerk_a):
    election = factories.ready_for_registration(factories.election(community_a, actor=clerk_a), actor=clerk_a)
    for n in range(30):
        resident(community_a, name=f"居民{n:02d}", sex="F" if n % 2 else "M", group_number=1 + n % 3)
    store = private_storage()
    store.save("ballots/C1/e1-r1-0001-0100.pdf", ContentFile(b"%PDF-1.7 ballots " * 500))
    store.save("complaints/e1/c1/evidence.jpg", ContentFile(bytes(range(256)) * 40))
    return election


def test_a_backup_restores_every_table_and_file_as_saved(populated, tmp_path, capsys):
    before_tables, before_files = backup.table_fingerprints(), backup.file_fingerprints()
    assert before_tables["voters_resident"]["rows"] == 30 and before_tables["elections_auditlog"]["rows"] > 0
    assert len(before_files) == 2

    call_command("backup", "-o", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["tables"] == before_tables and manifest["files"] == before_files
    dump = tmp_path / "b" / ("database.pgdump" if manifest["database"] == "postgresql" else "database.sqlite3")
    assert dump.stat().st_size > 10_000

    # after the backup: residents removed and added, a committee member renamed, a file gone, a file added
    Resident.objects.filter(name__in=["居民00", "居民01"]).delete()
    resident(populated.community, name="后来的人")
    CommitteeMember.objects.filter(name="张伟").update(name="张伟伟")
    User.objects.create(username="intruder")
    store = private_storage()
    store.delete("complaints/e1/c1/evidence.jpg")
    store.save("imports/later.bin", ContentFile(b"later"))
    changed = backup.table_fingerprints()
    assert changed["voters_resident"]["rows"] == 29
    assert changed["elections_committeemember"]["rows"] == before_tables["elections_committeemember"]["rows"]
    assert changed["elections_committeemember"]["sha256"] != before_tables["elections_committeemember"]["sha256"]
    assert backup.differences(manifest)  # the check sees the change

    call_command("restore", str(tmp_path / "b"), "--noinput")
    assert "Restored and checked" in capsys.readouterr().out
    assert backup.table_fingerprints() == before_tables and backup.file_fingerprints() == before_files
    assert Resident.objects.count() == 30 and not User.objects.filter(username="intruder").exists()
    assert CommitteeMember.objects.filter(name="张伟").exists()
    assert store.open("complaints/e1/c1/evidence.jpg").read() == bytes(range(256)) * 40
    assert not store.exists("imports/later.bin")
    # the restored database works as before: the app reads it and writes to it (sequences restored too)
    assert Election.objects.get(pk=populated.pk).community == populated.community
    assert AuditLog.objects.count() == before_tables["elections_auditlog"]["rows"]
    assert resident(populated.community, name="恢复后").pk > Resident.objects.exclude(name="恢复后").latest("pk").pk


def test_backup_refuses_a_directory_that_holds_something(populated, tmp_path):
    (tmp_path / "old").mkdir()
    (tmp_path / "old" / "x").write_text("x")
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", "-o", str(tmp_path / "old"))


def test_restore_refuses_what_is_not_a_backup(db, tmp_path):
    with pytest.raises(CommandError, match="manifest.json"):
        call_command("restore", str(tmp_path), "--noinput")


def test_restore_refuses_a_backup_of_the_other_kind_of_database(populated, tmp_path):
    call_command("backup", "-o", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    manifest["database"] = "oracle"
    (tmp_path / "b" / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(CommandError, match="oracle"):
        call_command("restore", str(tmp_path / "b"), "--noinput")
