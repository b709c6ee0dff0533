"""voter_list_page_ms: the voter registration review page of an election with 5,000 voters, through the Django
test client as the committee's clerk, median of several requests; target < 300 ms, with the same number of
queries whatever the size (paginated, no N+1). Also the residents page of the community (resident_list_page_ms).

--quick uses 1,000 voters but prints the same names. Everything is rolled back afterwards.
"""
import datetime
import statistics
import time

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench import report

TARGET_MS = 300
GROUPS = 12


def _world(voters):
    from django.contrib.auth import get_user_model

    from elections.models import Community, District, Election, Role, RuleProfile, Street
    from elections.services.elections import election_create
    from voters import idcard
    from voters.models import Household, Registration, Resident, ResidentGroup

    district = District.objects.create(code="990110000000", name="基准区（名单页）")
    street = Street.objects.create(district=district, code="990110015000", name="基准街道")
    community = Community.objects.create(street=street, code="990110015001", name="名单页基准社区")
    election = election_create(community=community, term=12, profile=RuleProfile.objects.get(key="seed-district-plan"),
                               actor=None, election_date=datetime.date(2026, 12, 20))
    Election.objects.filter(pk=election.pk).update(state="registration")  # set-up only, not what is measured
    groups = ResidentGroup.objects.bulk_create([ResidentGroup(community=community, number=n, name=f"第{n}居民小组")
                                                for n in range(1, GROUPS + 1)])
    households = Household.objects.bulk_create([
        Household(community=community, number=f"{h // 24 + 1}-{h}", group=groups[h * GROUPS // (voters // 3 + 1)])
        for h in range(voters // 3 + 1)])
    residents = []
    for i in range(voters):
        born = datetime.date(1940, 1, 1) + datetime.timedelta(days=i * 3)
        sex = "M" if i % 2 else "F"
        household = households[i // 3]
        residents.append(Resident(
            community=community, household=household, group=household.group, name=f"王{i}", sex=sex,
            birth_date=born, id_number=idcard.make("110108", born, (i % 500) * 2 + (sex == "M")),
            relation_to_head="户主" if i % 3 == 0 else "配偶", is_household_head=i % 3 == 0))
    Resident.objects.bulk_create(residents, batch_size=1000)
    Registration.objects.bulk_create([
        Registration(election=election, resident=r, status="confirmed" if i % 10 else "pending",
                     category="hukou_resident", problems=[] if i % 50 else ["VOT-2:living_since_unknown"])
        for i, r in enumerate(residents)], batch_size=1000)
    clerk = get_user_model().objects.create_user("bench_clerk_page")
    Role.objects.create(user=clerk, kind=Role.Kind.CLERK, community=community)
    return election, community, clerk


def _measure(client, url, repeat):
    client.get(url)  # warm: templates compiled, caches filled
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, response.status_code
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return statistics.median(times), len(queries.captured_queries)


def run(quick):
    from django.test import Client
    from django.urls import reverse

    voters = 1000 if quick else 5000
    repeat = 5 if quick else 15
    with transaction.atomic():
        election, community, clerk = _world(voters)
        client = Client()
        client.force_login(clerk)
        review_ms, review_queries = _measure(client, reverse("voters:registrations", args=[election.pk]), repeat)
        last_page_ms, last_page_queries = _measure(
            client, reverse("voters:registrations", args=[election.pk]) + "?page=last&status=confirmed", repeat)
        residents_ms, residents_queries = _measure(client, reverse("voters:residents", args=[community.code]),
                                                   repeat)
        transaction.set_rollback(True)
    report("voter_list_page_ms", review_ms, "ms", target=f"<{TARGET_MS}")
    report("voter_list_page_queries", review_queries, "queries")
    report("voter_list_page_last_filtered_ms", last_page_ms, "ms", target=f"<{TARGET_MS}")
    report("voter_list_page_last_filtered_queries", last_page_queries, "queries")
    report("resident_list_page_ms", residents_ms, "ms", target=f"<{TARGET_MS}")
    report("resident_list_page_queries", residents_queries, "queries")
