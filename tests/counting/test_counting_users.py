"""A committee's counting user (issue 11, item 4): added by a clerk, scoped to one election, it enters that
election's tallies (the second entry of the double entry, VOTE-6) and opens nothing else: another election's tally
pages answer 404, every other page 403 (elections/access.py `counter_refusal`)."""
import pytest
from django.urls import reverse

from counting.models import TallyBox, TallyEntry
from counting.services import entry as entry_services
from elections.models import Account, Role
from elections.services import users as user_services
from tests.counting.helpers import counting_setup, first_round, issue

from .test_scenarios import CANDIDATES

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted(community_a, clerk_a):
    """Election A counting round 1: a box open in totals mode, clerk_a's first entry finished."""
    setup = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES)
    issue(setup, 20)
    count_round = first_round(setup, clerk_a)
    box = entry_services.box_open(count_round=count_round, station=setup.station, mode=TallyBox.Mode.TOTALS,
                                  actor=clerk_a)
    return setup, box


@pytest.fixture
def counter(client, clerk_a, counted):
    """A counting user of election A, added by clerk A through the election's page, logged in."""
    setup, _box = counted
    client.force_login(clerk_a)
    response = client.post(reverse("election_counters", args=[setup.election.pk]),
                           {"username": "counter_a", "full_name": "计票员甲", "phone": ""})
    assert response.status_code == 200 and response.context["password"]
    user = Role.objects.get(kind=Role.Kind.COUNTER, election=setup.election).user
    Account.objects.filter(user=user).update(must_change_password=False)  # as after their first login
    client.logout()
    client.force_login(user)
    return user


def test_a_counting_user_enters_the_tallies_of_its_election(client, counter, counted):
    setup, box = counted
    e = setup.election.pk
    assert client.get(reverse("home")).url == reverse("counting:overview", args=[e])
    assert client.get(reverse("counting:overview", args=[e])).status_code == 200
    page = client.get(reverse("counting:box", args=[e, box.pk]))
    assert page.status_code == 200 and page.context["can_tally"]
    response = client.post(reverse("counting:entry_start", args=[e, box.pk]))
    entry = TallyEntry.objects.get(box=box, entered_by=counter)
    assert response.url == reverse("counting:entry", args=[e, entry.pk])
    assert client.get(response.url).status_code == 200
    assert client.get(response.url).context["typist"]


def test_a_counting_user_sees_no_other_page(client, counter, counted, election_b, community_a, clerk_a):
    setup, box = counted
    e = setup.election.pk
    refused = {
        reverse("counting:overview", args=[election_b.pk]): 404,
        reverse("counting:box", args=[election_b.pk, box.pk]): 404,
        reverse("counting:results", args=[e]): 403,
        reverse("counting:decisions", args=[e]): 403,
        reverse("election_detail", args=[e]): 403,
        reverse("election_audit", args=[e]): 403,
        reverse("election_counters", args=[e]): 403,
        reverse("election_checklist", args=[e]): 403,
        reverse("community_detail", args=[community_a.code]): 403,
        reverse("community_list"): 403,
        reverse("profile_list"): 403,
        reverse("calendar_years"): 403,
        reverse("audit_trail"): 403,
        reverse("manage_users"): 403,
        reverse("manage_organisations"): 403,
        reverse("polling:overview", args=[e]): 403,
        reverse("voters:residents", args=[community_a.code]): 403,
        reverse("election_document", args=[e, "results"]): 403,
        reverse("admin:index"): 403,
    }
    got = {url: client.get(url).status_code for url in refused}
    assert got == refused
    posts = {
        reverse("counting:box_open", args=[e]): 403,
        reverse("counting:round_close", args=[e, 1]): 403,
        reverse("counting:resolve", args=[e, box.pk]): 403,
        reverse("counting:certify", args=[e]): 403,
        reverse("election_transition", args=[e]): 403,
        reverse("counting:entry_start", args=[election_b.pk, box.pk]): 404,
    }
    assert {url: client.post(url, {}).status_code for url in posts} == posts
    assert not TallyEntry.objects.filter(entered_by=counter).exists()
    # Its own password it may change.
    assert client.get(reverse("password_change")).status_code == 200


def test_a_counting_user_types_the_second_entry_and_the_box_agrees(client, counter, counted, clerk_a):
    from tests.counting.helpers import enter_totals, totals_by_key
    setup, box = counted
    totals = totals_by_key(setup, {"chair": {"安国强": 12}})
    enter_totals(box, clerk_a, returned=20, valid=20, invalid=0, blank=8, totals=totals,
                 reason="与计票单核对无误")
    enter_totals(box, counter, returned=20, valid=20, invalid=0, blank=8, totals=totals, reason="与计票单核对无误")
    box.refresh_from_db()
    assert box.status == TallyBox.Status.AGREED and box.second_by == counter


def test_a_disabled_counting_user_is_logged_out(client, counter, counted, clerk_a):
    setup, _box = counted
    user_services.user_disable(actor=clerk_a, user=counter, reason="计票结束")
    response = client.get(reverse("counting:overview", args=[setup.election.pk]))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
