"""The end of an election in the browser (issue 10): a clerk and a street supervisor, clicking as new users
would from the pages they land on, take a certified election through the handover (items, the three
signatures in order, the record's PDF), the wrap-up and closing."""
import io
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from aftermath.models import Handover
from elections.models import Role
from elections.states import State
from tests import factories
from tests.aftermath.helpers import certified

WORKING_COMMITTEES = ["人民调解委员会", "治安保卫委员会", "公共卫生委员会", "计划生育委员会"]


@pytest.fixture
def certified_election(community_a, clerk_a):
    typist = factories.user("clerk_a2")
    factories.role(typist, Role.Kind.CLERK, community_a)
    return certified(community_a, clerk_a, typist).election


@pytest.fixture
def presiding_official(street_a):
    user = factories.user("jiedao_zhao", first_name="赵监交")
    factories.role(user, Role.Kind.STREET_SUPERVISOR, street_a)
    return user


def log_out(page):
    page.locator("#user-menu").click()  # the user menu holds 修改密码 and 退出
    page.locator("form[action$='/logout/'] button").click()
    page.wait_for_url("**/login/**")


def test_a_clerk_and_a_street_supervisor_hand_over_wrap_up_and_close_a_certified_election(
        page, live_server, login, screens, screenshot_dir, clerk_a, presiding_official, certified_election):
    election = certified_election

    # The clerk lands on the election's page: the handover's deadline and days left, and the door to it.
    login(clerk_a)
    expect(page.get_by_test_id("aftermath-panel")).to_be_visible()
    expect(page.get_by_test_id("handover-deadline")).to_be_visible()
    screens("aftermath-election-certified")
    page.get_by_role("link", name="在工作交接页面开始交接").click()

    # Begin: the outgoing chair's name, the elected chair already filled in.
    expect(page.locator("input[name='incoming_chair']")).to_have_value("安国强")
    page.locator("input[name='outgoing_chair']").fill("周德明")
    page.get_by_role("button", name="开始工作交接").click()
    expect(page.get_by_text("工作交接已开始")).to_be_visible()

    # The items of the rule are listed; fill in each quantity, add one item of our own.
    items = page.get_by_test_id("handover-items")
    quantities = items.locator("input[name$='-quantity']")
    rows = quantities.count()
    assert rows == 9  # the rule's 8 items and an empty row for a new one
    for i, value in enumerate(["1枚", "3间", "电脑4台", "账目1册", "清单1份", "档案42卷", "无", "无"]):
        quantities.nth(i).fill(value)
    items.locator("select[name='form-8-category']").select_option("equipment")
    items.locator("input[name='form-8-description']").fill("投影仪")
    quantities.nth(8).fill("1台")
    screens("aftermath-handover-items")
    page.get_by_role("button", name="保存交接事项").click()
    expect(page.get_by_text("交接事项已保存")).to_be_visible()

    # The two chairs' signatures, recorded by the clerk from the signed paper, in order.
    for party in ("outgoing", "incoming"):
        page.get_by_test_id(f"signature-{party}").get_by_role("button", name="登记签字").click()
        expect(page.get_by_test_id(f"signature-{party}").get_by_text("签字", exact=False).first).to_be_visible()
    expect(page.get_by_test_id("signature-street")).to_contain_text("街道督导人员")
    screens("aftermath-handover-two-signatures")
    log_out(page)

    # The street supervisor finds the community on the dashboard and signs as the presiding official.
    login(presiding_official)
    page.get_by_role("link", name=re.compile(r"^第\d+届$")).click()
    page.get_by_role("link", name="工作交接", exact=True).click()
    street = page.get_by_test_id("signature-street")
    expect(street.locator("input[name='street-signer_name']")).to_have_value("赵监交")
    street.get_by_role("button", name="登记签字").click()
    expect(page.get_by_text("签字已登记")).to_be_visible()
    expect(page.get_by_test_id("signature-street")).to_contain_text("赵监交")
    screens("aftermath-handover-signed")

    # The record's PDF: the items and three signature lines with the names.
    pdf_url = page.get_by_test_id("handover-pdf").get_attribute("href")
    response = page.context.request.get(live_server.url + pdf_url)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    (screenshot_dir / "aftermath-handover.pdf").write_bytes(response.body())
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.body())).pages).replace(" ", "")
    for expected in ("交接清单", "投影仪", "移交人", "接收人", "监交人", "周德明", "安国强", "赵监交"):
        assert expected in text, expected
    log_out(page)

    # The clerk records the wrap-up: the working committees with their heads, the two bodies.
    login(clerk_a)
    page.get_by_role("link", name="后续工作", exact=True).click()
    for i, name in enumerate(WORKING_COMMITTEES):
        page.locator("select[name='name']").select_option(name)
        page.get_by_role("button", name="登记").first.click()
        expect(page.get_by_text("下属委员会已登记")).to_be_visible()
        card = page.get_by_test_id("working-committee").filter(has_text=name)
        card.locator("select[name$='-seat']").select_option(index=1 + i % 5)
        card.locator("select[name$='-role']").select_option("head")
        card.get_by_role("button", name="添加").click()
        expect(page.get_by_text("成员已添加")).to_be_visible()
    for kind, members in (("consultation_council", "孙协商\n李议事\n王代表"), ("supervision_group", "钱监督\n周公开\n吴居民")):
        page.locator("select[name='kind']").select_option(kind)
        page.locator("input[name='chosen_by']").fill("社区居民代表会议")
        page.locator("textarea[name='members']").fill(members)
        page.get_by_role("button", name="登记").last.click()
        expect(page.get_by_text("该组织及其成员已登记")).to_be_visible()
    checklist = page.get_by_test_id("wrap-up-checklist")
    expect(checklist.locator(".status-done")).to_have_count(6)
    screens("aftermath-wrap-up")

    # Closing, from the handover page: nothing is missing, no reason asked.
    page.get_by_role("link", name="工作交接", exact=True).click()
    page.get_by_role("button", name="结束选举").click()
    expect(page.get_by_text("选举已结束").first).to_be_visible()
    screens("aftermath-election-closed")

    election.refresh_from_db()
    assert election.state == State.CLOSED and election.committee_term_ended_on is not None
    assert Handover.objects.get(election=election).is_complete
    assert page.url == live_server.url + reverse("election_detail", args=[election.pk])


def test_the_complaint_and_committee_pages_show_their_forms_and_fit_the_screen(
        page, live_server, login, screens, clerk_a, presiding_official, certified_election):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from aftermath.services.complaints import complaint_evidence_add, complaint_record
    from aftermath.services.handover import election_close
    from elections import clock
    from tests.aftermath.helpers import begun, sign_all

    election = certified_election
    sign_all(begun(election, clerk_a), clerk_a, presiding_official)
    election_close(election=election, actor=clerk_a, reason="下属委员会待居民会议后组建")
    complaint = complaint_record(election=election, actor=clerk_a, received_on=clock.today(), channel="visit",
                                 subject="bribery", summary="反映有候选人请客拉票", complainant="张某",
                                 contact="139****1234")
    complaint_evidence_add(complaint=complaint, actor=clerk_a,
                           upload=SimpleUploadedFile("照片.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64))

    # The clerk sends the complaint on; the committee page offers recalls and by-elections.
    login(clerk_a)
    page.get_by_role("link", name="来信来访", exact=True).click()
    page.get_by_role("link", name=str(complaint.number), exact=True).click()
    page.get_by_role("button", name="转交", exact=True).click()
    expect(page.get_by_test_id("complaint-status")).to_contain_text("已转街道处理")
    page.get_by_role("link", name="在任居委会", exact=True).click()
    expect(page.get_by_test_id("seat")).to_have_count(5)
    screens("aftermath-committee")
    log_out(page)

    # The street supervisor decides it.
    login(presiding_official)
    page.get_by_role("link", name=re.compile(r"待处理")).first.click()
    page.get_by_role("link", name=str(complaint.number), exact=True).click()
    screens("aftermath-complaint")
    page.locator("textarea[name='decision']").fill("经调查核实，反映情况不属实。")
    page.get_by_role("button", name="登记决定").click()
    expect(page.get_by_test_id("complaint-status")).to_contain_text("已处理")
