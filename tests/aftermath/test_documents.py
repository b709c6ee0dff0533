"""The handover record (交接清单, document kind `handover`) and a by-election's own notices (AFT-2, AFT-6)."""
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.contrib.messages import get_messages
from django.urls import reverse
from pypdf import PdfReader

from aftermath.models import CommitteeSeat
from aftermath.services.committee import seat_vacate
from aftermath.services.handover import election_close
from aftermath.services.recall import by_election_call
from elections import clock, documents
from elections.models import Election

from .helpers import begun, sign_all

pytestmark = pytest.mark.django_db


def text_of(pdf):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace(" ", "").replace("\u3000", "").replace("\n", "")  # a long title may wrap


def test_aft_2_print_document_handover_prints_the_items_and_three_signature_lines(certified_a, clerk_a,
                                                                                 supervisor_a, tmp_path):
    code = certified_a.election.community.code
    with pytest.raises(CommandError):  # before the handover begins there is no record
        call_command("print_document", "handover", "--community", code, "-o", str(tmp_path / "x.pdf"),
                     stdout=io.StringIO())
    handover = begun(certified_a.election, clerk_a)
    draft = text_of(documents.render_document(certified_a.election, "handover"))
    assert "草稿" in draft and "交接清单" in draft and "公章" in draft and draft.count("年月日") == 3
    sign_all(handover, clerk_a, supervisor_a)
    out = tmp_path / "handover.pdf"
    call_command("print_document", "handover", "--community", code, "-o", str(out), stdout=io.StringIO())
    text = text_of(out.read_bytes())
    assert "草稿" not in text
    for expected in ("移交人", "接收人", "监交人", "周上届", "安国强", "街道监交人", "债权债务"):
        assert expected in text, expected


@pytest.fixture
def by_election(certified_a, clerk_a, supervisor_a):
    election = certified_a.election
    sign_all(begun(election, clerk_a), clerk_a, supervisor_a)
    election_close(election=election, actor=clerk_a, reason="另行组建")
    seat_vacate(seat=CommitteeSeat.objects.get(election=election, name="黄立新"), actor=clerk_a,
                left_on=clock.today(), reason="resigned")
    by_election = by_election_call(election=election, actor=clerk_a, seats={"member": 1},
                                   election_date=clock.today(), place="社区会议室", override_reason="测试：当天投票")
    Election.objects.filter(pk=by_election.pk).update(method="direct")
    by_election.refresh_from_db()
    return by_election


def test_aft_6_a_by_election_has_its_own_notice_naming_only_its_vacant_seats(by_election):
    text = text_of(documents.render_document(by_election, "election-notice"))
    assert "成员补选公告" in text and "换届选举公告" not in text
    assert "补选社区居民委员会空缺成员1名：委员1名" in text
    # Its elected take their seats: the handover record is the regular election's.
    assert documents.get_document("handover").availability_check(by_election)


def test_aft_6_a_by_election_is_called_and_shown_through_the_pages(certified_a, clerk_a, supervisor_a,
                                                                  client_as):
    election = certified_a.election
    sign_all(begun(election, clerk_a), clerk_a, supervisor_a)
    election_close(election=election, actor=clerk_a, reason="另行组建")
    client = client_as(clerk_a)
    seat = CommitteeSeat.objects.get(election=election, name="黄立新")
    client.post(reverse("aftermath:seat_leave", args=[election.pk, seat.pk]),
                {"left_on": clock.today().isoformat(), "reason": "resigned"})
    call = {"chair": 0, "vice_chair": 0, "member": 1, "election_date": clock.today().isoformat(),
            "place": "社区会议室"}
    refused = client.post(reverse("aftermath:by_election_call", args=[election.pk]), call)
    # VOT-5, CAN-6: an election day today leaves no time for the postings: the page says so, nothing is called
    assert not Election.objects.filter(kind=Election.Kind.BY_ELECTION).exists()
    assert any("VOT-5" in str(m) for m in get_messages(refused.wsgi_request))
    response = client.post(reverse("aftermath:by_election_call", args=[election.pk]),
                           {**call, "override_reason": "区里统一安排当日补选"})
    by_election = Election.objects.get(kind=Election.Kind.BY_ELECTION)
    assert response.url == reverse("election_detail", args=[by_election.pk])
    page = client.get(response.url)
    assert page.status_code == 200 and by_election.completes == election
    assert reverse("election_detail", args=[election.pk]) in page.content.decode()  # the committee it completes
    committee = client.get(reverse("aftermath:committee", args=[by_election.pk]))
    assert committee.status_code == 200 and committee.context["election"] == election
    dashboard = client_as(supervisor_a).get(reverse("community_list"))
    row = next(r for r in dashboard.context["rows"] if r.election)
    assert row.election == election  # the dashboard's row stays the regular election of the term
    assert row.flags.by_election == by_election
