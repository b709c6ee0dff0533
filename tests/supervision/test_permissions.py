"""The home page and the communities dashboard × every persona (STYLE: permission tables): everyone signed in
sees the dashboard of their own scope; a clerk of one community goes straight to its election."""
import pytest
from django.urls import reverse

from tests.permissions import LOGIN, check_permission_row

EVERYONE = {"clerk_a": 200, "clerk_b": 200, "supervisor_a": 200, "district_admin": 200, "observer_a": 200,
            "anonymous": LOGIN}
HOME = {**EVERYONE, "clerk_a": 302, "clerk_b": 302}

# The district statistics (issue 11, item 2): district administrators and supervisors (their own streets); a
# committee's clerk and a community's observer have no roll-up.
STATISTICS = {"clerk_a": 403, "clerk_b": 403, "supervisor_a": 200, "district_admin": 200, "observer_a": 403,
              "anonymous": LOGIN}

CASES = [("GET", "community_list", EVERYONE), ("GET", "home", HOME), ("GET", "district_dashboard", STATISTICS),
         ("GET", "district_export", STATISTICS)]


@pytest.mark.parametrize("method,name,expected", CASES, ids=[f"{m}-{n}" for m, n, _e in CASES])
def test_permission_table(method, name, expected, personas, client_as, election_a, election_b):
    check_permission_row(client_as, personas, method, reverse(name), expected)


def test_home_redirects_a_clerk_to_their_election(client_as, clerk_a, election_a):
    response = client_as(clerk_a).get(reverse("home"))
    assert response.status_code == 302 and response.url == reverse("election_detail", args=[election_a.pk])


def test_supervisor_home_lists_only_their_streets(client_as, supervisor_a, election_a, election_b):
    response = client_as(supervisor_a).get(reverse("home"))
    assert response.status_code == 200
    names = [row.community.name for row in response.context["rows"]]
    assert names == ["怡丽北园社区"]


def test_district_admin_home_lists_every_community_of_the_district(client_as, district_admin, election_a,
                                                                   election_b):
    response = client_as(district_admin).get(reverse("home"))
    assert {row.community.name for row in response.context["rows"]} == {"怡丽北园社区", "花园东路社区"}


def test_anonymous_home_redirects_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


@pytest.mark.parametrize("scope", ["district", "street"])
def test_an_observer_of_a_district_or_a_street_sees_the_statistics(client_as, district, street_a, election_a,
                                                                   election_b, scope):
    from elections.models import Role
    from tests import factories

    observer = factories.user(f"observer_{scope}")
    factories.role(observer, Role.Kind.OBSERVER, district if scope == "district" else street_a)
    response = client_as(observer).get(reverse("district_dashboard"))
    assert response.status_code == 200
    assert len(response.context["statistics"].streets) == (2 if scope == "district" else 1)
    assert client_as(observer).get(reverse("district_export")).status_code == 200


def test_the_menu_shows_the_statistics_only_to_those_who_may_see_them(client_as, clerk_a, district_admin,
                                                                      election_a):
    link = reverse("district_dashboard")
    assert link in client_as(district_admin).get(reverse("community_list")).content.decode()
    assert link not in client_as(clerk_a).get(reverse("community_list")).content.decode()
