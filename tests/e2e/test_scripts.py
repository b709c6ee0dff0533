"""The page scripts moved out of the templates for the Content-Security-Policy still work in Chromium (and the
page fixture fails any test on a CSP violation)."""
import datetime

from django.urls import reverse
from playwright.sync_api import expect

from polling import testing
from tests.polling.conftest import with_method
from tests.voters.helpers import open_registration, resident
from voters.services.registration import registrations_build


def test_the_language_menu_switches_to_english_and_back(page, live_server, login, clerk_a, election_a):
    login(clerk_a)
    page.goto(live_server.url + reverse("election_detail", args=[election_a.pk]))

    page.select_option("select[name=language]", "en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.select_option("select[name=language]", "zh-hans")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")


def test_the_user_menu_leads_to_the_password_change(page, live_server, login, clerk_a, screens):
    login(clerk_a)

    page.click("#user-menu")
    page.get_by_role("link", name="修改密码").click()

    expect(page.locator("h1")).to_have_text("修改密码")
    screens("password-change")


def test_select_all_ticks_every_registration_on_the_review_page(
        page, live_server, login, clerk_a, election_a, community_a):
    for name in ("张伟", "王芳", "李娜"):
        resident(community_a, name=name)
    registrations_build(election=open_registration(election_a, clerk_a), actor=clerk_a)
    login(clerk_a)
    page.goto(live_server.url + reverse("voters:registrations", args=[election_a.pk]))
    boxes = page.locator("input[name=selected]")
    expect(boxes).to_have_count(3)

    page.check("input[data-select-all]")

    for i in range(3):
        expect(boxes.nth(i)).to_be_checked()


def test_issue_13_the_quorum_card_skips_a_refresh_an_issuance_just_answered(
        page, live_server, login, clerk_a, election_a, settings):
    """The issuance page's quorum card asks the server every 5 s (polling/quorum.js); an issuance answers with
    the quorum too, so a refresh due less than 5 s later is skipped, and the next one asks again. The page's
    clock is Playwright's, paused and moved by the test: no real waiting, no race with a slow machine."""
    election = testing.set_state(with_method(election_a, "direct"))
    settings.CLOCK_TODAY = election.election_date  # CAL-5: ballots on election day only
    voter = testing.make_voters(election, 3)[0]
    station = testing.staffed_station(election)
    asked = []
    page.on("request", lambda request: asked.append(request.url) if "quorum.json" in request.url else None)
    start = datetime.datetime(2026, 12, 20, 9, 0, tzinfo=datetime.timezone.utc)
    page.clock.install(time=start)
    page.clock.pause_at(start + datetime.timedelta(seconds=1))
    login(clerk_a)
    page.goto(live_server.url + reverse("polling:issue", args=[election.pk, station.pk]))  # asks at +6, +11 s…

    with page.expect_request("**/quorum.json"):
        page.clock.run_for(5000)  # +6 s: nothing issued yet, the card asks
    page.clock.run_for(1000)
    page.fill("#id_q", voter.resident.name)  # +7 s: an issuance answers with the quorum
    page.locator("form[role=search] [type=submit]").click()
    page.locator("#voters tr", has_text=voter.resident.name).first.locator(
        "form.issue-form [type=submit]").first.click()
    expect(page.locator("#issue-messages .alert-success")).to_contain_text(voter.resident.name)
    expect(page.locator("#quorum-card [data-q=attended]")).to_have_text("1")
    page.clock.run_for(4000)  # +11 s, 4 s after the issuance: skipped
    page.wait_for_timeout(500)
    assert len(asked) == 1
    with page.expect_request("**/quorum.json"):
        page.clock.run_for(5000)  # +16 s, 9 s after it: the card asks again
    assert len(asked) == 2
