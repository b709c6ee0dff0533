"""Less clicking (issue 9, finding 8) in the browser: the type-ahead person picker offers only the people the
field allows and fills the form; a nominee's whole negative list is checked in one form; the nominations list
offers "no finding" per nominee. Screenshots land in $E2E_SCREENSHOTS."""
import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from candidates.models import NegativeCheck, Nominee
from tests.candidates.conftest import add_resident, self_nominate, to_nomination
from voters.models import Registration


@pytest.fixture
def nominating(election_a, clerk_a):
    election = to_nomination(election_a, clerk_a)
    add_resident(election, "王伟")
    add_resident(election, "王伟", birth_date=datetime.date(1975, 3, 9))
    add_resident(election, "王芳", status=Registration.Status.PENDING)
    add_resident(election, "王小宝", birth_date=datetime.date(2015, 1, 1), status=None)
    return election


def test_can_1_the_nominee_picker_offers_confirmed_voters_and_fills_the_form(
        page, live_server, login, screens, screenshot_dir, clerk_a, nominating):
    login(clerk_a)
    page.goto(live_server.url + reverse("candidates:nomination_new", args=[nominating.pk]))
    box = page.get_by_role("combobox", name="被提名人")
    box.press_sequentially("王", delay=50)
    options = page.locator("#id_resident_suggestions").get_by_role("option")
    expect(options).to_have_count(2)  # the two confirmed 王伟; not the pending 王芳, not the child
    expect(page.locator("#id_resident_suggestions")).not_to_contain_text("王芳")
    expect(options.first).to_contain_text("110108********")
    page.screenshot(path=screenshot_dir / "nominee-picker-open.png", full_page=False)

    chosen = Registration.objects.filter(election=nominating, resident__name="王伟").order_by("resident__pk")
    tail = chosen.last().resident.id_number[-4:]
    box.press_sequentially(f" {tail}", delay=50)
    expect(options).to_have_count(1)
    box.press("Enter")
    expect(box).to_have_value(f"王伟 · 第1居民小组 · {chosen.last().resident.masked_id}")
    page.get_by_label("来源").select_option("self")
    page.get_by_role("checkbox", name="委员", exact=True).check()
    screens("nomination-form-picked")
    page.get_by_role("button", name="登记提名").click()

    nominee = Nominee.objects.get(election=nominating)
    assert nominee.resident == chosen.last().resident
    expect(page.locator("h2").first).to_contain_text("王伟")


def test_can_2_the_whole_negative_list_in_one_form(page, live_server, login, screens, clerk_a, nominating):
    nominee = self_nominate(nominating, add_resident(nominating, "蒋清"), clerk_a)
    login(clerk_a)
    page.goto(live_server.url + reverse("candidates:nominee_detail", args=[nominating.pk, nominee.pk]))
    form = page.locator("#negative-checks-form")
    expect(form.locator("tbody tr")).to_have_count(10)
    ninth = nominee.negative_checks.get(number=9)
    form.locator(f"#id_found_{ninth.pk}").check()
    form.locator(f"#id_note_{ninth.pk}").fill("列入失信被执行人名单（2025）京0108执1234号")
    form.get_by_label("核查依据（各项共用一条说明）").fill("12月1日查询区法院失信被执行人名单和派出所记录")
    screens("negative-list-one-form")
    form.get_by_role("button", name="登记10项核查结果").click()

    expect(page.get_by_text("已完成蒋清负面清单10项的核查，其中1项存在此情形。")).to_be_visible()
    assert dict(NegativeCheck.objects.filter(nominee=nominee).values_list("number", "finding")) == {
        n: "found" if n == 9 else "clear" for n in range(1, 11)}
    screens("negative-list-recorded")


def test_can_2_no_finding_per_nominee_from_the_nominations_list(
        page, live_server, login, screens, clerk_a, nominating):
    nominees = [self_nominate(nominating, add_resident(nominating, name), clerk_a) for name in ("甲一", "乙二")]
    login(clerk_a)
    page.goto(live_server.url + reverse("candidates:election_nominations", args=[nominating.pk]))
    row = page.locator(f"#nominee-{nominees[0].pk}")
    row.get_by_label("依据材料 · 甲一").fill("12月1日查询区法院和派出所记录，均无此情形")
    screens("nominations-no-finding")
    row.get_by_role("button", name="全部无此情形（10项）").click()

    expect(page.locator(f"#nominee-{nominees[0].pk}")).not_to_contain_text("全部无此情形")
    expect(page.locator(f"#nominee-{nominees[1].pk}").get_by_role("button")).to_contain_text("10项")
    # The second nominee's form starts from the evidence just used.
    expect(page.locator(f"#nominee-{nominees[1].pk}").get_by_label("依据材料 · 乙二")).to_have_value(
        "12月1日查询区法院和派出所记录，均无此情形")
    assert set(NegativeCheck.objects.filter(nominee=nominees[0]).values_list("finding", "checked_by")) == {
        ("clear", clerk_a.pk)}


def test_prx_4_the_proxy_pickers_show_who_may_give_and_who_may_hold_a_proxy(
        page, live_server, login, screens, screenshot_dir, clerk_a, election_a):
    from django.utils import timezone

    from polling import testing
    from polling.models import Proxy

    election = testing.set_state(election_a, election_date=timezone.localdate() + datetime.timedelta(days=30))
    type(election).objects.filter(pk=election.pk).update(method="direct")
    voters = testing.make_voters(election, 6)
    today = timezone.localdate()
    Proxy.objects.create(election=election, principal=voters[0], holder=voters[1], reason="age",
                         authorisation_signed_on=today, authorisation_note="委托书第1号", applied_on=today)
    login(clerk_a)
    page.goto(live_server.url + reverse("polling:proxies", args=[election.pk]))

    principal = page.get_by_role("combobox", name="委托人")
    principal.press_sequentially(voters[0].resident.name, delay=50)
    expect(page.locator("#id_principal_suggestions")).to_contain_text("没有符合条件的人员")  # gave a proxy
    principal.fill("")
    principal.press_sequentially(voters[4].resident.name, delay=50)
    page.locator("#id_principal_suggestions").get_by_role("option").first.click()
    holder = page.get_by_role("combobox", name="受托人")
    holder.press_sequentially(voters[1].resident.name, delay=50)
    expect(page.locator("#id_holder_suggestions").get_by_role("option").first).to_contain_text("已受托1/")
    page.screenshot(path=screenshot_dir / "proxy-holder-picker-open.png", full_page=False)
    holder.press("ArrowDown")
    holder.press("Enter")
    page.locator("#id_authorisation_note").fill("委托书第2号")
    page.get_by_role("button", name="登记", exact=True).click()

    expect(page.get_by_text("申请已登记")).to_be_visible()
    assert Proxy.objects.filter(principal=voters[4], holder=voters[1]).exists()
