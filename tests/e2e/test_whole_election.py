"""The browser rehearsal of a whole election (issue 9): from an empty database to certified results, every step
through the pages a committee uses, in Debian's Chromium.

The app's own clock (elections/clock.py, `settings.CLOCK_TODAY`) walks the calendar: preparation in November,
the voter list posted ten days and more before election day, nominations, the candidates meeting, the posting,
proxies, then election day itself. On election day clerks issue ballots at the meeting, two users type the
count twice and resolve the one difference, a tie at the last member seat goes to a tie-break vote and the
chair, one vote short, to a further round (另行选举): each is opened, printed, issued, closed and counted through
the pages. The committee certifies, and the results notice and report download as PDFs whose text is checked.

Each step saves a screenshot; a failing step saves one named after it (in $E2E_SCREENSHOTS, or pytest's temporary
directory), so a red CI run shows where the journey broke.
"""
import datetime
import io
import re
from contextlib import contextmanager

import openpyxl
import pytest
from django.urls import reverse
from playwright.sync_api import expect
from pypdf import PdfReader

from elections.models import Election, Role
from tests import factories
from voters import idcard

E_DAY = datetime.date(2026, 12, 20)
CODE = "110108015001"

# Eight candidates (seed profile: 20 % more than the seats, at least one: chair 2, vice-chair 2, members 4) and
# 24 more residents: 32 voters. More than half, 17, must take part.
CANDIDATES = [("安国强", "M", "chair"), ("白建军", "M", "chair"), ("陈秀英", "F", "vice_chair"),
              ("丁志明", "M", "vice_chair"), ("范卫东", "M", "member"), ("高建华", "M", "member"),
              ("黄立新", "M", "member"), ("金海涛", "M", "member")]
OTHERS = ["郑明", "孙丽", "周杰", "吴芳", "王磊", "李静", "赵勇", "钱红", "冯涛", "许燕", "何斌", "吕娜",
          "施伟", "张敏", "孔亮", "曹雪", "严峰", "华英", "金玲", "魏强", "陶然", "姜宁", "戚梅", "谢东"]
PRINCIPAL, HOLDER = "孙丽", "郑明"  # 孙丽 is in hospital on election day: 郑明 collects her ballot (PRX-2, PRX-4)
TAKING_PART = 20  # of the 32 voters, the proxy's principal included

# Round 1, as the counters' sheet says: the chair one vote short of 11 (more than half of 20): a further round;
# 黄立新 and 金海涛 tie at the last member seat: a tie-break vote.
ROUND_1 = {"安国强": 10, "白建军": 9, "陈秀英": 14, "丁志明": 6, "范卫东": 16, "高建华": 14, "黄立新": 12,
           "金海涛": 12}
TIE_BREAK = {"黄立新": 8, "金海涛": 12}
FURTHER = {"安国强": 13, "白建军": 7}


@pytest.fixture
def clock(settings):
    def set_day(day):
        settings.CLOCK_TODAY = day
    return set_day


@pytest.fixture
def people():
    """What exists before anyone opens the app: the district and its administrator. The administrator creates
    the street office, the community and its clerk through the administration pages (the first step); the clerk
    adds the counting user who types the count a second time (issue 11, item 4)."""
    district = factories.district(code="110108000000", name="海淀区")
    admin = factories.user("qu_admin", first_name="区管理员")
    factories.role(admin, Role.Kind.DISTRICT_ADMIN, district)
    return {"qu_admin": admin}


def residents_xlsx(path):
    """The residents' spreadsheet the clerk fills in from the household register (DESIGN's template)."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["姓名", "公民身份号码", "居民小组", "户号", "与户主关系", "户籍地址", "居住地址", "联系电话", "文化程度"])
    everyone = [(n, s) for n, s, _p in CANDIDATES] + [(n, "F" if i % 2 else "M") for i, n in enumerate(OTHERS)]
    for i, (name, sex) in enumerate(everyone):
        born = datetime.date(1966 + i % 25, 1 + i % 12, 1 + i % 27)
        number = idcard.make("110108", born, 2 * i + (1 if sex == "M" else 0))
        group = 1 + i // 16
        sheet.append([name, number, group, f"{group}-{i // 2 + 1}", "户主" if i % 2 == 0 else "配偶",
                      "北京市海淀区怡丽北园", "北京市海淀区怡丽北园", "", "本科" if i % 3 else "高中"])
    book.save(path)
    return path


class Journey:
    """The browser, signed in as one user at a time, with a helper per kind of form."""

    def __init__(self, page, live_server, screenshot_dir, people):
        self.page, self.base, self.shots, self.people = page, live_server.url, screenshot_dir, people
        self.count = 0
        # The one-time passwords the pages showed, then the passwords each user chose at the first login.
        self.passwords = {}

    @contextmanager
    def step(self, name):
        self.count += 1
        label = f"whole-{self.count:02d}-{name}"
        try:
            yield
        except Exception:
            self.page.screenshot(path=self.shots / f"{label}-FAILED.png", full_page=True)
            raise
        self.page.screenshot(path=self.shots / f"{label}.png", full_page=True)

    def go(self, name, *args):
        self.page.goto(self.base + reverse(name, args=args))
        return self.page

    def sign_in(self, username):
        page = self.page
        page.context.clear_cookies()
        page.goto(self.base + reverse("login"))
        page.fill("input[name=username]", username)
        page.fill("input[name=password]", self.passwords.get(username, "pw"))
        page.locator("form:has(input[name=password]) [type=submit]").click()
        page.wait_for_load_state()
        assert "/login/" not in page.url, f"{username} could not sign in"
        if page.url.endswith(reverse("password_change")):
            # A first login with a one-time password: every page leads here until the user chooses their own.
            chosen = f"Yili-{username}-2026"
            self.submit({"old_password": self.passwords[username], "new_password1": chosen,
                         "new_password2": chosen})
            self.no_errors()
            self.passwords[username] = chosen

    def fill(self, form, values):
        for name, value in values.items():
            field = form.locator(f"[name='{name}']")
            kind = field.first.evaluate("e => e.tagName.toLowerCase() + ':' + (e.type || '')")
            if kind.startswith("select"):
                field.select_option(str(value))
            elif kind.endswith(":checkbox") or kind.endswith(":radio"):
                form.locator(f"[name='{name}'][value='{value}']").check() if value not in (True, "on") \
                    else field.check()
            else:
                field.fill(str(value))

    def submit(self, values=None, *, form=None, button=None):
        """Fill the form (the one holding the first field, or `form`) and press its submit button."""
        page = self.page
        if form is None:
            first = next(iter(values))
            form = page.locator(f"form:has([name='{first}'])").first
        elif isinstance(form, str):
            form = page.locator(form).first
        self.fill(form, values or {})
        with page.expect_navigation():
            (form.locator(button) if button else form.locator("[type=submit]")).first.click()
        return page

    def pick(self, field, name):
        """Choose a person in a type-ahead picker (voters/pickers.py): type the name, click the suggestion."""
        picker = self.page.locator(f"[data-person-picker]:has([name='{field}'])")
        picker.locator("[data-person-query]").fill(name)
        picker.locator("[role=option]", has_text=name).first.click()

    def post_button(self, text):
        with self.page.expect_navigation():
            self.page.get_by_role("button", name=text).first.click()

    def expect_message(self, pattern):
        expect(self.page.locator(".alert").filter(has_text=re.compile(pattern)).first).to_be_visible()

    def no_errors(self):
        errors = self.page.locator(".alert-danger, .invalid-feedback, .errorlist").all_inner_texts()
        assert not [e for e in errors if e.strip()], errors


@pytest.fixture
def journey(page, live_server, screenshot_dir, people):
    return Journey(page, live_server, screenshot_dir, people)


def test_a_committee_runs_a_whole_election_with_a_tie_and_a_further_round_in_the_browser(
        journey, clock, tmp_path, settings):
    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "media" / "private"
    j, page = journey, journey.page

    # --- the district's administrator sets up the street office, the community and its clerk ---------------
    clock(datetime.date(2026, 11, 2))
    j.sign_in("qu_admin")
    with j.step("admin-street-community-clerk"):
        j.go("manage_street_create")
        j.submit({"code": "110108015000", "name": "北太平庄街道"})
        j.no_errors()
        page.get_by_role("link", name="新建社区").click()
        j.submit({"code": CODE, "name": "怡丽北园社区", "households": 410, "population": 1200})
        j.no_errors()
        row = page.locator("tr", has_text=CODE)
        expect(row).to_contain_text("尚无")
        with page.expect_navigation():
            row.get_by_role("link", name="增加工作人员").click()
        j.submit({"username": "li_clerk", "full_name": "李文", "phone": "13812345678"})
        j.no_errors()
        j.passwords["li_clerk"] = page.locator("#one-time-password").inner_text()
        j.go("manage_street", "110108015000")
        expect(page.locator("tr", has_text=CODE)).to_contain_text("李文")

    # --- preparation (November) ----------------------------------------------------------------------------
    j.sign_in("li_clerk")
    with j.step("create-election"):
        j.go("election_create", CODE)
        j.submit({"term": 12, "election_date": E_DAY.isoformat(), "start_time": "08:00",
                  "place": "怡丽北园社区居委会会议室", "vice_chair_seats": 1, "member_seats": 3})
        j.no_errors()
        election = Election.objects.get(community__code=CODE)
        e = election.pk
    with j.step("counting-user"):
        # The second typist of the count: a counting user of this election only (VOTE-6 double entry).
        j.go("election_counters", e)
        j.submit({"username": "zhou_clerk", "full_name": "周红"})
        j.no_errors()
        j.passwords["zhou_clerk"] = page.locator("#one-time-password").inner_text()
    with j.step("committee"):
        for name, sex, position in (("欧阳立群", "M", "chair"), ("司马文静", "F", "vice_chair"),
                                    ("上官志远", "M", "vice_chair"), ("诸葛丽华", "F", "member"),
                                    ("东方明远", "M", "member")):
            j.go("election_committee", e)
            j.submit({"name": name, "sex": sex, "position": position})
            j.no_errors()
    with j.step("meetings"):
        for kind, extra in (("committee", {}), ("method", {"method": "direct"})):
            j.go("election_meetings", e)
            j.submit({"kind": kind, "held_on": "2026-11-02", "representatives_total": 51, "present": 45,
                      "votes_for": 44, **extra})
            j.no_errors()
    with j.step("open-registration"):
        j.go("election_detail", e)
        j.submit(form="form:has(input[name=to][value=registration])")
        assert Election.objects.get(pk=e).state == "registration"

    # --- voters: import, review, post (VOT-1…VOT-5) ------------------------------------------------------
    clock(datetime.date(2026, 12, 5))
    with j.step("import-residents"):
        j.go("voters:import", CODE)
        page.set_input_files("input[type=file]", str(residents_xlsx(tmp_path / "居民名册.xlsx")))
        with page.expect_navigation():
            page.locator("form:has(input[type=file]) [type=submit]").click()
        expect(page.get_by_text("32").first).to_be_visible()
        with page.expect_navigation():
            page.locator("form:has(input[name=token]) [type=submit]").click()
        j.no_errors()
    with j.step("register-voters"):
        j.go("voters:registrations", e)
        j.submit(form=f"form[action='{reverse('voters:registrations_build', args=[e])}']")
        j.submit(form="form:has(input[name=action][value=confirm_clean])")
        j.no_errors()
    with j.step("post-voter-list"):
        j.go("voters:lists", e)
        j.submit({"posted_on": "2026-12-05", "confirm": True}, form=f"form[action='{reverse('voters:list_publish', args=[e])}']")
        j.no_errors()
        j.go("election_detail", e)
        j.submit(form="form:has(input[name=to][value=nomination])")
        assert Election.objects.get(pk=e).state == "nomination"

    # --- candidates (CAN-1…CAN-6) ------------------------------------------------------------------------
    clock(datetime.date(2026, 12, 7))
    with j.step("nominate"):
        for name, _sex, position in CANDIDATES:
            j.go("candidates:nomination_new", e)
            j.pick("resident", name)
            j.submit({"source": "self", "positions": position, "nominated_on": "2026-12-07"})
            j.no_errors()
    with j.step("negative-list"):
        for _i in range(len(CANDIDATES)):
            j.go("candidates:election_nominations", e)
            forms = page.locator("form.no-finding-form")
            if not forms.count():
                break
            j.submit({"evidence": "已查询失信被执行人名单、派出所记录，均无九不选情形"}, form=forms.first)
        assert not page.locator("form.no-finding-form").count()
    clock(datetime.date(2026, 12, 10))
    with j.step("candidates-meeting"):
        j.go("candidates:candidates_meeting", e)
        values = {"held_on": "2026-12-10", "representatives_total": 51, "present": 45, "decision": "差额确定正式候选人"}
        j.fill(page.locator("form:has([name=held_on])").first, values)
        for row in page.locator("[name^=votes_]").all():
            row.fill("40")
        for box in page.locator("[name^=chosen_]").all():
            box.check()
        with page.expect_navigation():
            page.locator("form:has([name=held_on]) [type=submit]").first.click()
        j.no_errors()
    clock(datetime.date(2026, 12, 12))
    with j.step("post-candidates"):
        j.go("candidates:election_candidates", e)
        j.submit(form=f"form[action='{reverse('candidates:candidates_post', args=[e])}']")
        j.no_errors()
        j.go("election_detail", e)
        j.submit(form="form:has(input[name=to][value=voting])")
        assert Election.objects.get(pk=e).state == "voting"

    # --- election day preparations: proxy, polling plan, ballots ------------------------------------------
    clock(datetime.date(2026, 12, 14))
    with j.step("proxy"):
        j.go("polling:proxies", e)
        j.pick("principal", PRINCIPAL)
        j.pick("holder", HOLDER)
        j.submit({"reason": "illness", "authorisation_signed_on": "2026-12-14", "authorisation_note": "委托书第1号",
                  "applied_on": "2026-12-14"})
        j.no_errors()
        proxy = election.proxies.get()
        j.go("polling:proxy_detail", e, proxy.pk)
        j.submit(form=f"form[action='{reverse('polling:proxy_approve', args=[e, proxy.pk])}']")
        proxy.refresh_from_db()
        assert proxy.status == "approved"
    with j.step("polling-plan"):
        j.go("polling:plan", e)
        j.submit({"kind": "meeting", "name": "选举大会会场", "place": "社区活动中心"})
        station = election.polling_stations.get()
        for staff, duty in (("郑立", "chief"), ("王芳", "issuer"), ("刘强", "teller"), ("陈平", "scrutineer")):
            j.go("polling:station", e, station.pk)
            j.submit({"name": staff, "duty": duty})
        j.no_errors()
    with j.step("ballots"):
        j.go("polling:ballots", e)
        j.submit({"voters": 32, "spare": 2})
        expect(page.get_by_text("0001").first).to_be_visible()

    # --- election day: issuance, closing, the count twice -------------------------------------------------
    clock(E_DAY)
    voters = [n for n in OTHERS if n != PRINCIPAL][:TAKING_PART - len(CANDIDATES) - 1] + [n for n, *_ in CANDIDATES]
    with j.step("issue-ballots"):
        issue_ballots(j, e, station, voters + [PRINCIPAL])
        assert election.polling_rounds.get().issues.count() == TAKING_PART
    with j.step("close-issuance"):
        j.go("polling:overview", e)
        j.submit({"confirm": "1"})
        assert Election.objects.get(pk=e).state == "counting"
    with j.step("count-round-1"):
        count_box(j, e, station, ROUND_1, TAKING_PART, typo=("金海涛", 11))
        j.go("counting:overview", e)
        j.submit(form="form[action$='/close/']")
        expect(page.get_by_text(re.compile("得票相等|再次投票")).first).to_be_visible()

    # --- the tie-break vote among 黄立新 and 金海涛 (VOTE-9), the same day -----------------------------------
    with j.step("tie-break"):
        hold_round(j, e, station, voters + [PRINCIPAL], TIE_BREAK, names=["黄立新", "金海涛"], title="再次投票")
    # --- the chair's further round among the next candidates (VOTE-9) ----------------------------------------
    with j.step("further-round"):
        hold_round(j, e, station, voters + [PRINCIPAL], FURTHER, names=["安国强", "白建军"], title="另行选举")

    # --- certification and the documents (AFT-1) ------------------------------------------------------------
    with j.step("certify"):
        j.go("counting:results", e)
        j.submit(form=f"form[action='{reverse('counting:certify', args=[e])}']")
        assert Election.objects.get(pk=e).state == "certified"
    with j.step("documents"):
        for kind, title, names in (("results", "当选公告", ["安国强", "陈秀英", "范卫东", "高建华", "金海涛"]),
                                   ("results-report", "结果报告", ["安国强", "金海涛", "黄立新"])):
            j.go("counting:results", e)
            with page.expect_download() as download:
                page.locator(f"a[href$='/documents/{kind}.pdf']").first.click()
            data = open(download.value.path(), "rb").read()
            assert data.startswith(b"%PDF")
            text = re.sub(r"\s", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages))
            assert title in text and all(n in text for n in names), (kind, text[:300])
    j.go("counting:results", e)


def issue_ballots(j, e, station, names):
    """At the meeting's station: find each voter by name and hand out their ballot (or the proxy's). The
    page's script searches and issues without reloading (issue 13, polling/issue.js): the row appears, and after the
    click the page says the ballot is issued and the row shows it."""
    page = j.page

    def find(name):
        j.go("polling:issue", e, station.pk)
        page.fill("#id_q", name)
        page.locator("form[role=search] [type=submit]").click()
        page.locator("#voters").wait_for()

    for name in names:
        find(HOLDER if name == PRINCIPAL else name)  # her ballot goes to her proxy, from the proxy's row
        row = page.locator("#voters tr", has_text=name).first
        row.locator("form.issue-form [type=submit]").first.click()
        expect(page.locator("#issue-messages .alert-success")).to_contain_text(name)
        expect(row.locator(".badge.text-bg-success")).to_be_visible()
        j.no_errors()


def count_box(j, e, station, votes, returned, typo=None):
    """Open the box, type the counters' sheet as the first clerk and again as the second (with `typo`), and
    resolve the difference for the first entry, checked against the paper."""
    page = j.page
    j.go("counting:overview", e)
    j.submit({"mode": "totals"}, form=f"form[action='{reverse('counting:box_open', args=[e])}']")
    box_url = page.url
    for username, wrong in (("li_clerk", None), ("zhou_clerk", typo)):
        j.sign_in(username)
        page.goto(box_url)
        with page.expect_navigation():
            page.locator("form[action$='/entry/'] [type=submit]").click()
        sheet = {"returned": returned, "valid": returned, "invalid": 0, "blank": 0}
        form = page.locator("form:has([name=returned])").first
        j.fill(form, sheet)
        for name, n in votes.items():
            form.get_by_label(name, exact=True).fill(str(wrong[1] if wrong and wrong[0] == name else n))
        with page.expect_navigation():
            form.locator("[type=submit]").click()
        j.no_errors()
        with page.expect_navigation():
            page.locator("form[action$='/submit/'] [type=submit]").click()
        if page.locator("[name=reason]").count() and "submit" in page.url:
            j.submit({"reason": "已与纸质计票单核对"}, form="form[action$='/submit/']")
    j.sign_in("li_clerk")
    page.goto(box_url)
    if typo:
        j.submit({"reason": "核对纸质计票单：第一次录入正确", "all": "first"},
                 form="form[action$='/resolve/']")
    expect(page.locator(".badge", has_text="已核对一致").first).to_be_visible()


def hold_round(j, e, station, voters, votes, *, names, title):
    """Open the round the count needs, print its ballots, issue them, close the issuance, count, close."""
    page = j.page
    j.go("counting:overview", e)
    j.submit({"voting_day": E_DAY.isoformat()}, form=f"form[action='{reverse('counting:round_next', args=[e])}']")
    assert "/ballots/" in page.url and Election.objects.get(pk=e).state == "voting"
    for name in names:
        expect(page.get_by_text(name).first).to_be_visible()
    specimen = page.request.get(j.base + page.locator("a[href$='specimen.pdf']").first.get_attribute("href"))
    assert specimen.headers["content-type"] == "application/pdf"
    text = re.sub(r"\s", "", PdfReader(io.BytesIO(specimen.body())).pages[0].extract_text())
    assert title in text, text[:200]
    j.submit({"voters": 32, "spare": 2})
    issue_ballots(j, e, station, voters)
    j.go("polling:overview", e)
    j.submit({"confirm": "1"})
    count_box(j, e, station, votes, len(voters))
    j.go("counting:overview", e)
    j.submit(form="form[action$='/close/']")
    j.no_errors()
