"""The street dashboard on a phone (issue 11, item 1): at 390×844 the table becomes cards with the same facts,
nothing is cut off and nothing scrolls sideways; a supervisor filters to what needs review and signs an override
off from the review page. Screenshots at desktop and phone width land in $E2E_SCREENSHOTS."""
import datetime

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from elections import clock
from elections.models import Override, Role
from tests import factories
from tests.aftermath.helpers import certified
from tests.supervision.helpers import override, street_of

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# Every element's right edge, in CSS pixels, that lies beyond the viewport (hidden ones have no box).
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && r.right > window.innerWidth + 0.5; })
  .map((e) => `${e.tagName}.${e.className} right=${Math.round(e.getBoundingClientRect().right)}`)"""


@pytest.fixture
def busy_street(street_a, community_a, clerk_a, supervisor_a):
    """Community A certified (20 of 29 voted, 5 elected) with an override to review, and five more communities
    at the other stages."""
    clerk_a2 = factories.user("clerk_a2")
    factories.role(clerk_a2, Role.Kind.CLERK, community_a)
    setup = certified(community_a, clerk_a, clerk_a2)
    override(setup.election)
    street_of(street_a, 5, clerk_a, today=clock.today() + datetime.timedelta(days=3))
    return setup.election


def test_on_a_phone_the_dashboard_is_cards_with_nothing_cut_off(page, live_server, login, supervisor_a,
                                                                 busy_street, screenshot_dir):
    login(supervisor_a)
    page.goto(live_server.url + reverse("community_list"))
    page.screenshot(path=screenshot_dir / "street-dashboard-desktop-1280.png", full_page=True)
    expect(page.get_by_test_id("dashboard-table")).to_be_visible()

    page.set_viewport_size(PHONE)
    page.goto(live_server.url + reverse("community_list"))
    page.screenshot(path=screenshot_dir / "street-dashboard-phone-390.png", full_page=True)
    expect(page.locator("[data-testid='dashboard-table'] thead")).to_be_hidden()  # no column headers: cards
    cards = page.locator("[data-testid='dashboard-table'] tbody tr[data-community]")
    expect(cards).to_have_count(6)
    first = cards.first.bounding_box()
    assert first["x"] >= 0 and first["x"] + first["width"] <= PHONE["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    assert page.evaluate(OVERFLOWING) == []
    # The same facts as the table's columns: the certified community's turnout, result and review count.
    mine = page.locator(f"tr[data-community='{busy_street.community.code}']")
    expect(mine.get_by_test_id("quorum")).to_have_text("20/29")
    expect(mine.get_by_test_id("elected")).to_contain_text("5/5")
    expect(mine.get_by_test_id("review-count")).to_be_visible()
    # Every column's fact on its own labelled line (the label is the column's header).
    assert mine.locator("td[data-label]").count() == 8
    labels = page.evaluate("""() => [...document.querySelectorAll('tr[data-community] td[data-label]')]
      .slice(0, 8).map((td) => getComputedStyle(td, '::before').content)""")
    assert all(label not in ("none", '""') for label in labels)

    # "Needs my review", then sign the override off from the review page, still on the phone.
    page.locator("[data-testid='dashboard-filters'] [data-filter='review']").click()
    page.wait_for_url(lambda url: "filter=review" in url)
    mine.get_by_test_id("review-count").click()
    page.wait_for_url(lambda url: url.endswith(reverse("election_review", args=[busy_street.pk])))
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.locator("#overrides input[name='note']").fill("已核实居民小组划分")
    page.locator("#overrides button[type='submit']").click()
    expect(page.get_by_test_id("override-reviewed")).to_be_visible()
    page.screenshot(path=screenshot_dir / "street-review-phone-390.png", full_page=True)
    assert Override.objects.get(election=busy_street).review_note == "已核实居民小组划分"
