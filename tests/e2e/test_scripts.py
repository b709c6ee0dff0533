"""The page scripts moved out of the templates for the Content-Security-Policy still work in Chromium (and the
page fixture fails any test on a CSP violation)."""
from django.urls import reverse
from playwright.sync_api import expect

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
