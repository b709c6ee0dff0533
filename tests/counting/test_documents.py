"""The results announcement (当选公告) and the report to the street office (选举结果报告单): page counts and the text
of the PDFs (AFT-1), and `print_document results / results-report`."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from counting.services.certification import results_certify
from counting.services.rounds import round_close
from elections.documents import DocumentUnavailable, render_document
from elections.printing import page_count
from polling.models import BallotIssue, PollingStation, Proxy
from polling.services.rounds import current_round
from polling.testing import staffed_station
from tests.counting.helpers import counting_setup, enter_twice, first_round, issue, totals_by_key

from .test_scenarios import CANDIDATES, SEPARATE

pytestmark = pytest.mark.django_db


def text_of(pdf):
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return text.replace(" ", "").replace("\n", "")


@pytest.fixture
def certified(community_a, clerk_a, clerk_a2):
    """Election A certified: 17 ballots at the meeting, 3 from the mobile box; 2 collected by a proxy, 1
    written by a helper."""
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    mobile = staffed_station(setup.election, kind=PollingStation.Kind.MOBILE, name="流动票箱")
    voters = setup.voters
    proxy = Proxy.objects.create(election=setup.election, principal=voters[0], holder=voters[1], reason="age",
                                 authorisation_signed_on=datetime.date(2026, 11, 1),
                                 authorisation_note="委托书第1号", status=Proxy.Status.APPROVED, number=1,
                                 applied_on=datetime.date(2026, 11, 1))
    round_obj = current_round(setup.election)
    BallotIssue.objects.create(round=round_obj, registration=voters[0], station=setup.station, proxy=proxy)
    BallotIssue.objects.create(round=round_obj, registration=voters[2], station=setup.station,
                               helper_name="张帮")
    issue(setup, 15, offset=3)
    issue(setup, 2, station=mobile, offset=18)
    BallotIssue.objects.create(round=round_obj, registration=voters[1], station=mobile)
    count_round = first_round(setup, clerk_a)
    enter_twice(count_round, setup.station, (clerk_a, clerk_a2), returned=17, valid=17, invalid=0,
                totals=totals_by_key(setup, {"chair": {"安国强": 12}, "vice_chair": {"陈秀英": 12},
                                             "member": {"范卫东": 12, "高建华": 11, "黄立新": 10, "刘芳": 3}}))
    enter_twice(count_round, mobile, (clerk_a, clerk_a2), returned=3, valid=2, invalid=1,
                totals=totals_by_key(setup, {"chair": {"安国强": 2}, "vice_chair": {"陈秀英": 2},
                                             "member": {"范卫东": 2, "高建华": 2, "黄立新": 1}}),
                reason="一张无效票")
    round_close(count_round=count_round, actor=clerk_a)
    results_certify(election=setup.election, actor=clerk_a)
    return setup


def test_aft_1_the_results_notice_lists_the_elected_with_their_votes_on_one_page(certified):
    pdf = render_document(certified.refresh(), "results")
    assert page_count(pdf) == 1
    text = text_of(pdf)
    assert "怡丽北园社区居民委员会第" in text and "当选公告" in text
    assert "登记选民29人" in text and "参加投票20人" in text
    assert "有效票19张" in text and "无效票1张" in text
    for row in ("主任安国强男14", "副主任陈秀英女14", "委员范卫东男14", "委员高建华男13", "委员黄立新男11"):
        assert row in text, row
    assert "特此公告" in text and "（盖章）" in text


def test_aft_1_the_report_gives_the_street_office_the_election_data(certified):
    pdf = render_document(certified.refresh(), "results-report")
    assert 1 <= page_count(pdf) <= 2
    text = text_of(pdf)
    assert "选举结果报告单" in text and "北太平庄街道：" in text
    assert "登记选民数29人" in text and "20人（69.0%）" in text
    assert "委托1人，代领选票1张" in text
    assert "3张（发出3张）" in text  # mobile box: returned, issued
    assert "代写选票1张" in text
    assert "刘芳女3" in text  # first-round votes of a candidate not elected
    assert "委员黄立新男46" in text  # age on election day
    assert "当选5人，其中女性1人" in text


def test_the_results_documents_exist_only_once_certified(community_a, clerk_a):
    setup = counting_setup(community_a, clerk_a, voters=5, candidates={"chair": [("周一", "M")]})
    with pytest.raises(DocumentUnavailable):
        render_document(setup.election, "results")


def test_print_document_writes_the_results_and_the_report(certified, tmp_path):
    out = io.StringIO()
    call_command("print_document", "results", "--community", "110108015001", "-o", str(tmp_path / "r.pdf"),
                 "--election", str(certified.election.pk), stdout=out)
    assert "1 page(s)" in out.getvalue() and (tmp_path / "r.pdf").read_bytes().startswith(b"%PDF")
    call_command("print_document", "results-report", "--community", "110108015001",
                 "--election", str(certified.election.pk), "-o", str(tmp_path / "report.pdf"), stdout=out)
    assert (tmp_path / "report.pdf").exists()


def test_print_document_refuses_results_before_certification(community_a, clerk_a, tmp_path):
    setup = counting_setup(community_a, clerk_a, voters=5, candidates={"chair": [("周一", "M")]})
    with pytest.raises(CommandError):
        call_command("print_document", "results", "--community", "110108015001", "--election",
                     str(setup.election.pk), "-o", str(tmp_path / "r.pdf"))


def test_a_rehearsal_prints_with_its_watermark_and_title(certified):
    election = certified.refresh()
    election.is_rehearsal = True
    text = text_of(render_document(election, "results"))
    assert "（演练）" in text
