"""Print documents (PRT): the rendering module, the election announcement (选举公告) and its download view.

PDFs are checked by page count, page size and extracted text; Chinese must come out as text in the Noto CJK
fonts (never boxes or a fallback font).
"""
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from elections import documents, printing
from elections.cn_dates import chinese_date
from elections.models import AuditLog, Election
from elections.services.elections import election_update
from tests import factories

A4 = (595, 842)
A3 = (842, 1191)
ELECTION_DAY = datetime.date(2026, 12, 20)  # a Sunday (tests/factories.election)


def pdf_pages(pdf):
    return PdfReader(io.BytesIO(pdf)).pages


def pdf_text(pdf):
    """The extracted text with all whitespace removed: lines may break inside a phrase or a date."""
    return "".join("".join(page.extract_text() for page in pdf_pages(pdf)).split())


def page_size(page):
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def pdf_font_names(pdf):
    names = set()
    for page in pdf_pages(pdf):
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]))
    return names


@pytest.fixture
def notice_election(election_a, clerk_a):
    """Election A with its method decided (direct), a time and a place: ready for its announcement."""
    factories.ready_for_registration(election_a, clerk_a)
    return election_update(election=election_a, actor=clerk_a, start_time=datetime.time(8, 30),
                           place="怡丽北园社区居委会二楼会议室")


def notice_for(election, **changes):
    Election.objects.filter(pk=election.pk).update(**changes)
    return documents.render_document(Election.objects.get(pk=election.pk), "election-notice")


# --- the election announcement ---------------------------------------------------------------------------

def test_election_notice_is_one_a4_page_announcing_day_time_place_method_and_seats(notice_election):
    pdf = documents.render_document(notice_election, "election-notice")

    pages = pdf_pages(pdf)
    assert len(pages) == 1
    assert page_size(pages[0]) == A4
    text = pdf_text(pdf)
    assert "怡丽北园社区居民委员会第十二届换届选举公告" in text
    assert "二〇二六年十二月二十日（星期日）上午8时30分开始" in text
    assert "怡丽北园社区居委会二楼会议室" in text
    assert "直接选举" in text
    assert "由5名成员组成，其中主任1名、副主任1名、委员3名" in text
    assert "凭选民证" in text
    assert "（盖章）" in text
    assert "怡丽北园社区选举委员会" + chinese_date(timezone.localdate()) in text
    assert "第1页共1页" in text


def test_election_notice_chinese_prints_as_text_in_the_noto_cjk_fonts(notice_election):
    pdf = documents.render_document(notice_election, "election-notice")

    fonts = pdf_font_names(pdf)
    assert fonts and all("Noto-Serif-CJK-SC" in f or "Noto-Sans-CJK-SC" in f for f in fonts)
    text = pdf_text(pdf)
    assert "\ufffd" not in text and "□" not in text
    assert printing.fonts_can_draw(text) == set()


def test_election_notice_counts_the_seat_plan_of_the_election(notice_election, clerk_a):
    election_update(election=notice_election, actor=clerk_a, member_seats=5)

    text = pdf_text(documents.render_document(Election.objects.get(pk=notice_election.pk), "election-notice"))

    assert "由7名成员组成，其中主任1名、副主任1名、委员5名" in text


@pytest.mark.parametrize(("method", "chinese"), [("direct", "直接选举"), ("household", "户代表选举"),
                                                 ("representative", "居民代表选举")])
def test_election_notice_names_the_method_in_chinese(notice_election, method, chinese):
    text = pdf_text(notice_for(notice_election, method=method))

    assert f"本次选举采取{chinese}方式" in text


def test_prx_1_prx_3_direct_election_notice_reminds_of_the_proxy_deadline_and_limit(notice_election):
    text = pdf_text(documents.render_document(notice_election, "election-notice"))

    # seed-district-plan: proxies arranged at least 2 days before, at most 3 authorisations per proxy.
    assert "委托投票须于选举日前2日（即最迟于二〇二六年十二月十八日）办理" in text
    assert "每名受托人接受委托不得超过3人" in text


def test_prx_1_household_election_notice_also_allows_proxies(notice_election):
    text = pdf_text(notice_for(notice_election, method="household"))

    assert "户代表因年老、疾病、残疾等原因" in text


def test_prx_1_representatives_election_notice_has_no_proxy_voting(notice_election):
    text = pdf_text(notice_for(notice_election, method="representative"))

    assert "委托" not in text


def test_vote_4_vote_5_direct_election_notice_states_quorum_and_majority(notice_election):
    text = pdf_text(documents.render_document(notice_election, "election-notice"))

    assert "参加投票（领取选票）的选民超过本社区登记选民的一半，选举有效。" in text
    assert "候选人获得参加投票的选民过半数的赞成票，始得当选。" in text


def test_vote_3_representatives_notice_states_the_four_fifths_quorum(notice_election):
    text = pdf_text(notice_for(notice_election, method="representative"))

    assert "出席选举会议的居民代表达到居民代表总数的五分之四以上，选举有效。" in text
    assert "候选人获得参加投票的居民代表过半数的赞成票，始得当选。" in text


def test_vote_3_national_model_notice_states_more_than_two_thirds(community_a, clerk_a):
    election = factories.election(community_a, actor=clerk_a, profile_key="national-model", place="社区礼堂")
    factories.ready_for_registration(election, clerk_a, method="representative")

    text = pdf_text(documents.render_document(election, "election-notice"))

    assert "出席选举会议的居民代表超过居民代表总数的三分之二，选举有效。" in text


def test_rehearsal_notice_says_so_in_its_title(community_a, clerk_a):
    election = factories.election(community_a, actor=clerk_a, term=12, is_rehearsal=True, place="社区礼堂")
    factories.ready_for_registration(election, clerk_a)

    text = pdf_text(documents.render_document(election, "election-notice"))

    assert "怡丽北园社区居民委员会第十二届换届选举公告（演练）" in text


@pytest.mark.parametrize("place_length", [30, 60, 200])  # 200: the longest place the model takes
def test_election_notice_with_the_longest_wording_still_fits_one_page(notice_election, place_length):
    place = ("怡丽北园社区" + "综合服务中心" * 40)[:place_length]
    pdf = notice_for(notice_election, method="household", is_rehearsal=True, place=place)

    assert len(pdf_pages(pdf)) == 1


def test_election_notice_prints_on_a3_when_asked(notice_election):
    pages = pdf_pages(documents.render_document(notice_election, "election-notice", paper="A3"))

    assert [page_size(p) for p in pages] == [A3]


@pytest.mark.parametrize("missing", ["election_date", "method", "place"])
def test_election_notice_is_unavailable_until_day_method_and_place_are_set(notice_election, missing):
    unset = None if missing == "election_date" else ""
    Election.objects.filter(pk=notice_election.pk).update(**{missing: unset})

    with pytest.raises(documents.DocumentUnavailable):
        documents.render_document(Election.objects.get(pk=notice_election.pk), "election-notice")


def test_document_print_writes_who_printed_what_to_the_audit_log(notice_election, observer_a):
    documents.document_print(election=notice_election, kind="election-notice", actor=observer_a)

    entry = AuditLog.objects.get(action="elections.document.printed")
    assert (entry.actor, entry.election) == (observer_a, notice_election)
    assert entry.data["kind"] == "election-notice"


def test_document_filename_is_code_kind_and_term(notice_election, community_a, clerk_a):
    rehearsal = factories.election(community_a, actor=clerk_a, term=12, is_rehearsal=True)

    assert documents.document_filename(notice_election, "election-notice") == (
        "110108015001-election-notice-12.pdf")
    assert documents.document_filename(rehearsal, "election-notice") == (
        "110108015001-election-notice-12-rehearsal.pdf")


def test_unknown_document_kind_is_refused(notice_election):
    with pytest.raises(documents.UnknownDocument):
        documents.render_document(notice_election, "no-such-document")


def test_registering_a_kind_twice_is_refused():
    with pytest.raises(ValueError):
        documents.register("election-notice", title="选举公告", template="print/election_notice.html",
                           context_builder=dict)


# --- Chinese wording helpers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (12, "十二"), (20, "二十"), (99, "九十九")])
def test_chinese_number_writes_terms_as_official_documents_do(n, text):
    assert documents.chinese_number(n) == text


@pytest.mark.parametrize(("time", "text"), [
    (datetime.time(8), "上午8时"), (datetime.time(8, 30), "上午8时30分"), (datetime.time(12), "中午12时"),
    (datetime.time(14, 5), "下午2时5分"), (datetime.time(19), "晚上7时"),
])
def test_chinese_clock_writes_the_time_of_day(time, text):
    assert documents.chinese_clock(time) == text


def test_community_names_derive_both_committees_from_the_community_name(community_a):
    assert documents.community_names(community_a) == ("怡丽北园社区居民委员会", "怡丽北园社区选举委员会")
    community_a.name = "花园路居委会"
    assert documents.community_names(community_a) == ("花园路社区居民委员会", "花园路社区选举委员会")


# --- the rendering module --------------------------------------------------------------------------------

def test_render_pdf_turns_the_page_for_landscape(notice_election):
    context = documents.common_context(notice_election) | {"document_title": "测试"}

    pdf = printing.render_pdf("print/base_print.html", context, landscape=True)

    assert [page_size(p) for p in pdf_pages(pdf)] == [(842, 595)]


def test_render_pdf_refuses_an_unknown_paper_size():
    with pytest.raises(ValueError):
        printing.render_pdf("print/base_print.html", {}, paper="Letter")


def test_render_pdf_refuses_to_fetch_anything_but_our_static_files(tmp_path, settings):
    (tmp_path / "print").mkdir()
    (tmp_path / "print" / "external.html").write_text(
        '{% extends "print/base_print.html" %}{% block content %}<img src="https://example.com/seal.png">'
        "{% endblock %}", encoding="utf-8")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], tmp_path]}]

    with pytest.raises(printing.PrintResourceRefused):
        printing.render_pdf("print/external.html", {"document_title": "测试"})


def test_static_files_fetcher_serves_our_static_files_only():
    fetcher = printing.static_files_fetcher()

    response = fetcher.fetch(printing.PRINT_ORIGIN + "static/css/app.css")
    assert response.read().startswith(b"body")
    response.close()
    for url in ["https://example.com/static/css/app.css", "file:///etc/passwd",
                printing.PRINT_ORIGIN + "static/../config/settings.py", printing.PRINT_ORIGIN + "admin/"]:
        with pytest.raises(printing.PrintResourceRefused):
            fetcher.fetch(url)


def test_fonts_can_draw_everyday_names_and_the_rare_ones_noto_has():
    # 䶮 (CJK Extension A) prints as a box with WenQuanYi Micro Hei but not with Noto (PRINTING.md).
    assert printing.fonts_can_draw("王建国 李䶮\n欧阳秀英") == set()


def test_fonts_can_draw_reports_the_characters_no_print_font_has():
    # U+30000 (CJK Extension G) and a private-use character are in no Noto CJK font.
    assert printing.fonts_can_draw("张\U00030000\ue000伟") == {"\U00030000", "\ue000"}


# --- the download view -----------------------------------------------------------------------------------

def document_url(election, kind="election-notice"):
    return reverse("election_document", args=[election.pk, kind])


@pytest.mark.parametrize(("persona", "status"), [("clerk_a", 200), ("clerk_b", 404), ("supervisor_a", 200),
                                                 ("district_admin", 200), ("observer_a", 200)])
def test_document_pdf_is_for_those_who_may_see_the_election(notice_election, personas, client_as, persona,
                                                            status):
    response = client_as(personas[persona]).get(document_url(notice_election))

    assert response.status_code == status
    if status == 200:
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"] == 'attachment; filename="110108015001-election-notice-12.pdf"'
        assert response.content.startswith(b"%PDF")
        entry = AuditLog.objects.get(action="elections.document.printed")
        assert (entry.actor, entry.data["kind"]) == (personas[persona], "election-notice")
    else:
        assert not AuditLog.objects.filter(action="elections.document.printed").exists()


def test_document_pdf_sends_anonymous_visitors_to_the_login_page(notice_election, client):
    url = document_url(notice_election)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_document_pdf_of_an_unknown_kind_is_not_found(notice_election, client_as, clerk_a):
    response = client_as(clerk_a).get(document_url(notice_election, "no-such-document"))

    assert response.status_code == 404


def test_document_pdf_prints_a3_on_request_and_refuses_other_papers(notice_election, client_as, clerk_a):
    url = document_url(notice_election)
    client = client_as(clerk_a)

    assert [page_size(p) for p in pdf_pages(client.get(url, {"paper": "A3"}).content)] == [A3]
    assert client.get(url, {"paper": "Letter"}).status_code == 404


def test_document_pdf_of_an_unavailable_document_is_a_refusal_saying_why_not_another_page(
        election_a, client_as, clerk_a):
    # election_a has its day but neither method nor place yet.
    response = client_as(clerk_a).get(document_url(election_a))

    assert response.status_code == 409 and response["Content-Type"].startswith("text/html")
    assert response.templates[0].name == "elections/document_unavailable.html"
    assert "选举方式" in response.context["reason"]  # names what is missing
    assert not AuditLog.objects.filter(action="elections.document.printed").exists()
