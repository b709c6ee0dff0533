"""Every document of a finished election prints (issue 10, item 5): `print_document KIND` for every kind on a
closed election, as it was issued, each a real PDF; a list with no entries says so (本次选举无委托投票) instead of
refusing; the download URL answers as the command does."""
import datetime
import io
import json
import subprocess

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from elections import clock, documents
from elections.models import Election
from polling.documents import proxy_list_context
from polling.models import Proxy, Round

pytestmark = pytest.mark.django_db

# A phrase each kind prints (whitespace removed: long titles wrap).
PHRASES = {
    "ballots": "选票", "candidate-introductions": "正式候选人介绍", "candidates": "正式候选人公告",
    "election-notice": "选举时间", "handover": "交接清单", "issuance-register": "领票登记册", "proxy-certificates": "本次选举无委托投票",
    "proxy-list": "本次选举无委托投票", "results": "当选公告", "results-report": "结果报告单",
    "supplementary-list": "本次选举未公布选民补充名单", "tally-sheets": "计票单", "voter-list": "选民名单",
}


def pdf_text(path):
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return "".join(text.decode().split())


@pytest.fixture
def closed(community_a):
    out = io.StringIO()
    call_command("simulate_election", "--community", community_a.code, "--voters", "120", "--until", "closed",
                 stdout=out)
    election = Election.objects.get(pk=json.loads(out.getvalue())["election"])
    assert election.state == "closed" and not Proxy.objects.filter(election=election).exists()
    return election


def test_every_kind_prints_on_a_closed_election(closed, tmp_path):
    assert set(PHRASES) == set(documents.kinds())  # a new kind must be added here, with its phrase
    for kind, phrase in PHRASES.items():
        out = tmp_path / f"{kind}.pdf"
        call_command("print_document", kind, "--community", closed.community.code, "-o", str(out),
                     stdout=io.StringIO())
        assert out.read_bytes().startswith(b"%PDF"), kind
        assert phrase in pdf_text(out), kind


def test_editions_print_each_posting_and_each_round(closed, tmp_path):
    assert [key for key, _label in documents.document_editions(closed, "voter-list")] == ["1"]
    rounds = [str(n) for n in Round.objects.filter(election=closed).order_by("number").values_list("number",
                                                                                                  flat=True)]
    assert [key for key, _label in documents.document_editions(closed, "ballots")] == rounds
    last = tmp_path / "last-round.pdf"
    call_command("print_document", "ballots", "--edition", rounds[-1], "--community", closed.community.code,
                 "-o", str(last), stdout=io.StringIO())
    assert "选票" in pdf_text(last)
    out = tmp_path / "v1.pdf"
    call_command("print_document", "voter-list", "--edition", "1", "--community", closed.community.code,
                 "-o", str(out), stdout=io.StringIO())
    assert "选民名单" in pdf_text(out)
    with pytest.raises(CommandError, match="edition 7|第7版"):
        call_command("print_document", "voter-list", "--edition", "7", "--community", closed.community.code,
                     "-o", str(tmp_path / "x.pdf"), stdout=io.StringIO())


def test_the_download_agrees_with_the_command(closed, client, clerk_a, observer_a):
    for user in (clerk_a, observer_a):
        client.force_login(user)
        for kind in PHRASES:
            response = client.get(reverse("election_document", args=[closed.pk, kind]))
            assert response.status_code == 200 and response.content.startswith(b"%PDF"), (user, kind)
    response = client.get(reverse("election_document", args=[closed.pk, "voter-list"]) + "?edition=9")
    assert response.status_code == 409
    # The election page links each round's ballot of the finished election (two rounds here: see above).
    page = client.get(reverse("election_detail", args=[closed.pk])).content.decode()
    rounds = Round.objects.filter(election=closed).count()
    ballots = reverse("election_document", args=[closed.pk, "ballots"])
    assert all(f"{ballots}?edition={n}" in page for n in range(1, rounds + 1)) == (rounds > 1)


def test_an_empty_proxy_list_before_the_deadline_says_none_so_far(certified_a):
    """Before the election is over and the proxy deadline has passed, the empty list says 'none so far'."""
    election = certified_a.election
    Election.objects.filter(pk=election.pk).update(state="voting",
                                                   election_date=clock.today() + datetime.timedelta(days=20))
    election.refresh_from_db()
    assert documents.render_document(election, "proxy-list").startswith(b"%PDF")
    assert "尚无经社区选举委员会批准的委托投票" in proxy_list_context(election)["none_text"]
    with pytest.raises(documents.DocumentUnavailable):  # no certificates to print yet
        documents.render_document(election, "proxy-certificates")
