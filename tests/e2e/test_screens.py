"""The main screens in headless Chromium: they show their Chinese content and never scroll sideways, at desktop
(1280 px) or tablet (800 px) width. Screenshots land in $E2E_SCREENSHOTS."""
import pytest
from django.urls import reverse
from playwright.sync_api import expect


def test_login_page_is_titled_in_chinese(page, live_server, screens):
    page.goto(live_server.url + reverse("login"))
    # Translated text on purpose, the one exception to "never assert on translated UI strings": this is the check
    # that the zh-hans catalogue reaches the browser. "登录" ("Log in") is in Django's own zh_Hans catalogue
    # (contrib.admin) and will be in ours; it needs the login template to use {% translate "Log in" %}.
    title_and_headings = page.title() + " " + " ".join(page.locator("h1, h2").all_inner_texts())
    assert "登录" in title_and_headings
    screens("login")


def test_supervisor_home_lists_the_communities_of_their_street_only(
        page, live_server, login, screens, supervisor_a, election_a, community_b):
    login(supervisor_a)

    assert page.url == live_server.url + reverse("home")
    expect(page.get_by_text("怡丽北园社区").first).to_be_visible()
    assert "花园东路社区" not in page.content()  # community B lies in another street
    screens("supervisor-home")


@pytest.mark.parametrize("url_name", ["election_detail", "election_checklist"])
def test_election_pages_name_the_community_and_election_day(
        page, live_server, login, screens, clerk_a, election_a, url_name):
    login(clerk_a)
    page.goto(live_server.url + reverse(url_name, args=[election_a.pk]))

    expect(page.locator("h1").first).to_contain_text("怡丽北园社区")
    expect(page.get_by_text("2026年12月20日").first).to_be_visible()
    screens(url_name.replace("_", "-"))


def test_vot_5_checklist_shows_the_voter_list_deadline_ten_days_before_election_day(
        page, live_server, login, clerk_a, election_a):
    login(clerk_a)
    page.goto(live_server.url + reverse("election_checklist", args=[election_a.pk]))

    # Seed profile: voter list posted at least 10 days before 2026-12-20.
    expect(page.get_by_text("2026年12月10日").first).to_be_visible()
