"""The election archive (AFT-4): export_archive makes a ZIP whose manifest checks every member; import_archive
restores it into an empty installation, read-only — every row and file equal, the same results on the results
page; a changed byte or an election already there is refused with a Chinese message naming why."""
import hashlib
import io
import json
import shutil
import subprocess
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import load_workbook

from aftermath.models import ComplaintEvidence
from counting.models import Certification
from aftermath.services.complaints import complaint_decide, complaint_evidence_add, complaint_record
from elections import archive, clock, documents
from elections.models import Community, Election, Role
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation
from tests import factories

PDF = b"%PDF-1.4\n% evidence\n%%EOF\n"


def closed_election(community, supervisor):
    """A rehearsal of the community run to the end (simulate_election --until closed: the voter list posted,
    two rounds, the handover signed, closed), then a complaint about it with its evidence file, decided."""
    out = io.StringIO()
    call_command("simulate_election", "--community", community.code, "--voters", "120", "--until", "closed",
                 stdout=out)
    election = Election.objects.get(pk=json.loads(out.getvalue())["election"])
    assert election.state == "closed"
    complaint = complaint_record(election=election, actor=supervisor, received_on=clock.today(),
                                 channel="letter", subject="bribery", summary="反映有人拉票", routed=True)
    complaint_evidence_add(complaint=complaint, actor=supervisor, upload=SimpleUploadedFile("信.pdf", PDF))
    complaint_decide(complaint=complaint, actor=supervisor, decision="经核查，反映问题不属实", effect="none")
    return election


def empty_installation():
    """Every table emptied but those migrate fills (content types, permissions): as the test harness empties
    them between tests, so the tests that follow in the run find them as they expect."""
    from django.core.management.color import no_style
    from django.db import connection
    keep = {"django_content_type", "auth_permission", "django_migrations"}
    tables = [t for t in connection.introspection.django_table_names(only_existing=True) if t not in keep]
    connection.ops.execute_sql_flush(connection.ops.sql_flush(no_style(), tables, reset_sequences=False))


def export(election, tmp_path):
    out = tmp_path / "archive.zip"
    call_command("export_archive", "--community", election.community.code, "--election", str(election.pk),
                 "-o", str(out), stdout=io.StringIO())
    return out


def members(path):
    with zipfile.ZipFile(path) as z:
        return {name: z.read(name) for name in z.namelist()}


def pdf_text(content, tmp_path):
    path = tmp_path / "t.pdf"
    path.write_bytes(content)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return "".join(out.decode().split())


def rewrite(path, target, change):
    """A copy of the archive with one member's bytes changed (the ZIP itself stays well-formed)."""
    changed = path.with_name("changed.zip")
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(changed, "w") as out:
        for info in src.infolist():
            data = src.read(info.filename)
            out.writestr(info, change(data) if info.filename == target else data)
    return changed


def flip(data):
    data = bytearray(data)
    data[len(data) // 2] ^= 1
    return bytes(data)


def _results_names(client, election):
    """The elected as the results page shows them, in its order."""
    html = client.get(reverse("counting:results", args=[election.pk])).content.decode()
    names = [row["name"] for row in Certification.objects.get(election=election).snapshot["elected"]]
    return [name for _at, name in sorted((html.index(name), name) for name in names if name in html)]


def compare(source, restored):
    """Every row of the source equals its restored row: plain values equal, references point to the
    restored rows of the same source rows, users to their archive accounts."""
    users = {u["pk"]: u["username"] for u in source["users"]}
    restored_users = {u["pk"]: u["username"] for u in restored["users"]}
    pk_maps = {}
    for label, block in source["models"].items():
        rows = block["rows"]
        again = restored["models"][label]["rows"]
        if label == "elections.auditlog":  # the restore writes its own entry
            again = [r for r in again if r["fields"]["action"] != "elections.archive.restored"]
        assert len(rows) == len(again), label
        pk_maps[label] = {a["pk"]: b["pk"] for a, b in zip(rows, again, strict=True)}
    checked = 0
    for label, block in source["models"].items():
        model = archive.PARTS[label].model
        fields = {f.attname: f for f in model._meta.concrete_fields}
        again = {r["pk"]: r for r in restored["models"][label]["rows"]}
        for row in block["rows"]:
            twin = again[pk_maps[label][row["pk"]]]
            for name, value in row["fields"].items():
                other = twin["fields"][name]
                f = fields[name]
                if name == "restored_from":
                    assert value is None and other["source"]["election"] == row["pk"]
                elif f.is_relation and value is not None and not isinstance(value, dict):
                    if f.related_model._meta.label_lower == "auth.user":
                        assert restored_users[other] == f"archive.{users[value]}", (label, name)
                    else:
                        assert pk_maps[f.related_model._meta.label_lower][value] == other, (label, name)
                else:
                    assert value == other, (label, row["pk"], name, value, other)
                checked += 1
    return checked


@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # as the other transactional tests
def test_aft_4_round_trip_into_an_empty_installation(community_a, clerk_a, supervisor_a, tmp_path, client,
                                                     settings):
    election = closed_election(community_a, supervisor_a)
    client.force_login(clerk_a)
    elected = _results_names(client, election)
    assert len(elected) >= 5
    path = export(election, tmp_path)
    files = members(path)
    manifest = json.loads(files.pop("manifest.json"))
    # The manifest lists every member with its SHA-256.
    assert set(manifest["members"]) == set(files)
    assert all(hashlib.sha256(content).hexdigest() == manifest["members"][name] for name, content in files.items())
    # Every document as issued, each spreadsheet, the evidence file, all the data with the audit log.
    for kind in documents.kinds():  # every kind prints on a finished election (issue 10, item 5)
        assert any(name.startswith(f"documents/{kind}") for name in files), kind
    for name in ("voter-list-1", "ballots-1", "ballots-2", "proxy-list", "election-notice", "handover"):
        assert f"documents/{name}.pdf" in files, name
    assert "本次选举无委托投票" in pdf_text(files["documents/proxy-list.pdf"], tmp_path)
    for sheet in ("voter-list-v1", "candidates", "proxies", "issuance", "tally", "audit-log"):
        assert f"spreadsheets/{sheet}.xlsx" in files, sheet
    evidence = [name for name in files if name.startswith("files/aftermath.complaintevidence/")]
    assert len(evidence) == 1 and files[evidence[0]] == PDF
    source = json.loads(files["data/election.json"])
    assert source["models"]["elections.auditlog"]["rows"]
    # Identity numbers complete, in the data and in the voter list's spreadsheet.
    residents = source["models"]["voters.resident"]["rows"]
    assert residents and all("*" not in r["fields"]["id_number"] for r in residents)
    sheet = load_workbook(io.BytesIO(files["spreadsheets/voter-list-v1.xlsx"])).active
    ids = [row[4] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert ids and {r["fields"]["id_number"] for r in residents} >= set(ids) and all("*" not in i for i in ids)
    texts = {name: pdf_text(content, tmp_path) for name, content in files.items() if name.endswith(".pdf")
             and name.startswith("documents/")}

    codes = (election.community.code, election.community.street.code, election.community.street.district.code)
    empty_installation()  # as after migrate (content types and permissions stay), with no files
    shutil.rmtree(settings.PRIVATE_MEDIA_ROOT)
    assert not Election.objects.exists() and not Community.objects.exists()
    call_command("import_archive", str(path), stdout=io.StringIO())

    restored = Election.objects.get()
    assert restored.is_restored and restored.restored_from["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    community = restored.community
    assert (community.code, community.street.code, community.street.district.code) == codes
    assert compare(source, archive.election_data(restored)) > 1000
    # The evidence file is back in private storage, byte for byte.
    kept = ComplaintEvidence.objects.get()
    with kept.file.open("rb") as handle:
        assert handle.read() == PDF
    # The documents printed from the restored data say what the issued ones said.
    for name, text in texts.items():
        stem = name.removeprefix("documents/").removesuffix(".pdf")
        kind, _sep, edition = stem.rpartition("-")
        if not (kind in documents.kinds() and edition.isdigit()):
            kind, edition = stem, None
        again = pdf_text(documents.render_document(restored, kind, edition=edition), tmp_path)
        assert again == text, name
    # The results page of the restored election shows the same results.
    clerk = factories.user("clerk_restored")
    factories.role(clerk, Role.Kind.CLERK, restored.community)
    client.force_login(clerk)
    assert _results_names(client, restored) == elected
    # Read-only: the state machine and every page's POST refuse.
    with pytest.raises(RuleViolation, match="AFT-4"):
        election_transition(election=restored, to="handover", actor=clerk, reason="试图回退")
    for url in (reverse("election_transition", args=[restored.pk]), reverse("election_edit", args=[restored.pk]),
                reverse("aftermath:handover_items", args=[restored.pk]),
                reverse("counting:certify", args=[restored.pk]),
                reverse("election_archive_request", args=[restored.pk])):
        assert client.post(url, {"to": "handover", "reason": "x"}).status_code == 403, url
    assert client.get(reverse("election_detail", args=[restored.pk])).status_code == 200
    # Already there: refused, and nothing added.
    with pytest.raises(CommandError, match="已有该次选举"):
        call_command("import_archive", str(path), stdout=io.StringIO())
    assert Election.objects.count() == 1


@pytest.mark.django_db
def test_aft_4_a_changed_byte_is_refused_naming_the_member(certified_a, tmp_path):
    election = certified_a.election
    path = export(election, tmp_path)
    for member in ("data/election.json", "documents/results.pdf", "spreadsheets/tally.xlsx"):
        changed = rewrite(path, member, flip)
        with pytest.raises(CommandError, match=f"{member} 的 SHA-256 校验值与校验清单不符"):
            call_command("import_archive", str(changed), stdout=io.StringIO())
    # A changed byte anywhere in the file: refused too (the ZIP's own check or the manifest's).
    blob = bytearray(path.read_bytes())
    blob[len(blob) // 3] ^= 0x40
    broken = tmp_path / "broken.zip"
    broken.write_bytes(bytes(blob))
    with pytest.raises(CommandError, match="拒绝导入|不是可读取的选举档案"):
        call_command("import_archive", str(broken), stdout=io.StringIO())
    # The original installation already has it.
    with pytest.raises(CommandError, match="已有该次选举"):
        call_command("import_archive", str(path), stdout=io.StringIO())
    assert Election.objects.count() == 1


@pytest.mark.django_db
def test_aft_4_every_model_of_the_apps_is_in_the_registry_or_not_the_elections():
    from django.apps import apps
    registered = {part.label for part in archive.parts()}
    # Not an election's: roles (who works where) and accounts (a user's phone, first-login state), the holiday
    # calendar, the workers' heartbeats.
    outside = {"elections.role", "elections.account", "elections.calendaryear", "elections.workerheartbeat"}
    ours = {m._meta.label_lower for m in apps.get_models()
            if m._meta.app_label in {"elections", "voters", "candidates", "polling", "counting", "aftermath",
                                     "supervision"}}
    assert ours - outside == registered
