"""manage.py print_document KIND --community CODE [-o FILE] [--election ID] (DESIGN.md)."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pypdf import PdfReader

from elections import documents
from elections.models import AuditLog
from elections.services.elections import election_update
from tests import factories


@pytest.fixture
def notice_election(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    return election_update(election=election_a, actor=clerk_a, start_time=datetime.time(8), place="社区礼堂")


def pages(path):
    return len(PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_it_writes_the_election_notice_to_the_given_file(notice_election, tmp_path):
    out = tmp_path / "notice.pdf"

    call_command("print_document", "election-notice", "--community", "110108015001", "-o", str(out),
                 stdout=io.StringIO())

    assert out.read_bytes().startswith(b"%PDF")
    assert pages(out) == 1
    entry = AuditLog.objects.get(action="elections.document.printed")
    assert (entry.actor, entry.election, entry.data["kind"]) == (None, notice_election, "election-notice")


def test_it_names_the_file_after_code_kind_and_term_in_the_current_directory(notice_election, tmp_path,
                                                                             monkeypatch):
    monkeypatch.chdir(tmp_path)

    call_command("print_document", "election-notice", "--community", "110108015001", stdout=io.StringIO())

    assert (tmp_path / "110108015001-election-notice-12.pdf").read_bytes().startswith(b"%PDF")


def test_it_acts_on_the_most_recent_election_a_rehearsal_included(notice_election, community_a, clerk_a,
                                                                  tmp_path):
    rehearsal = factories.election(community_a, actor=clerk_a, term=12, is_rehearsal=True)
    out = tmp_path / "notice.pdf"

    # The rehearsal is the newest and has no method or place yet: its notice does not exist.
    with pytest.raises(CommandError):
        call_command("print_document", "election-notice", "--community", "110108015001", "-o", str(out))
    call_command("print_document", "election-notice", "--community", "110108015001", "-o", str(out),
                 "--election", str(notice_election.pk), stdout=io.StringIO())

    assert out.read_bytes().startswith(b"%PDF")
    assert rehearsal.pk > notice_election.pk


def test_it_exits_1_when_the_document_is_not_available_yet(election_a, tmp_path):
    out = tmp_path / "notice.pdf"

    with pytest.raises(CommandError) as exc:
        call_command("print_document", "election-notice", "--community", "110108015001", "-o", str(out))

    assert exc.value.returncode == 1
    assert not out.exists()


def test_it_exits_1_for_an_unknown_community(db, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("print_document", "election-notice", "--community", "999999999999",
                     "-o", str(tmp_path / "x.pdf"))

    assert exc.value.returncode == 1


def test_it_exits_1_for_a_community_without_an_election(community_a, tmp_path):
    with pytest.raises(CommandError) as exc:
        call_command("print_document", "election-notice", "--community", "110108015001",
                     "-o", str(tmp_path / "x.pdf"))

    assert exc.value.returncode == 1


def test_it_refuses_an_election_of_another_community(notice_election, election_b, tmp_path):
    with pytest.raises(CommandError):
        call_command("print_document", "election-notice", "--community", "110108015001",
                     "--election", str(election_b.pk), "-o", str(tmp_path / "x.pdf"))


def test_it_refuses_an_unknown_kind(notice_election, tmp_path):
    with pytest.raises(CommandError):
        call_command("print_document", "no-such-document", "--community", "110108015001",
                     "-o", str(tmp_path / "x.pdf"))


def test_its_help_lists_the_kinds(capsys):
    with pytest.raises(SystemExit) as exc:
        call_command("print_document", "--help")

    assert exc.value.code == 0
    # argparse wraps long lines, also after a hyphen ("election-\n notice").
    out = " ".join(capsys.readouterr().out.split()).replace("- ", "-")
    assert "KIND one of: " in out
    assert all(kind in out for kind in ["election-notice", *documents.kinds()])
