"""Dashboards at city scale (issue 11, Speed): a district of 3,000 communities made by generate_district
(--quick: 300), then

- generate_district_s: how long the generation took (3,000 communities "in minutes, not hours");
- dashboard_street_ms: the street dashboard (URL `community_list`) as the supervisor of one street office, and
  dashboard_district_ms: the district statistics page (`district_dashboard`) as the district administrator —
  the median of several requests through the Django test client, target < 500 ms each;
- dashboard_queries_small / dashboard_queries_large, for each page: the queries of one request for a district
  of 30 communities and for the whole large district, as its administrator — they must be equal (the query
  count does not grow with the number of communities);
- district_export_xlsx_s: the .xlsx export of every table of the large district, target < 10 s.
"""
import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bench import report

LARGE, QUICK, SMALL = 3000, 300, 30
REPEAT = 5


def _client(user):
    client = Client()
    client.force_login(user)
    return client


def _median_ms(client, url):
    client.get(url)  # warm: templates, translations, the role cache of the session's user
    runs = []
    for _i in range(REPEAT):
        start = time.perf_counter()
        response = client.get(url)
        runs.append(time.perf_counter() - start)
        assert response.status_code == 200, response.status_code
    return 1000 * statistics.median(runs)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, response.status_code
    return len(queries.captured_queries)


def run(quick=False):
    from supervision.generate import generate_district

    n = QUICK if quick else LARGE
    start = time.perf_counter()
    large = generate_district(n, seed=61)
    report("generate_district_s", time.perf_counter() - start, "s", f"<{600 if not quick else 120}")
    report("generate_district_communities", n, "communities")
    small = generate_district(SMALL, seed=62)

    street_url, district_url = reverse("community_list"), reverse("district_dashboard")
    report("dashboard_street_ms", _median_ms(_client(large.users["street1"]), street_url), "ms", "<500")
    report("dashboard_district_ms", _median_ms(_client(large.users["admin"]), district_url), "ms", "<500")
    for page, url in (("street", street_url), ("district", district_url)):
        small_count = _queries(_client(small.users["admin"]), url)
        large_count = _queries(_client(large.users["admin"]), url)
        report(f"dashboard_queries_small_{page}", small_count, "queries", f"={large_count}")
        report(f"dashboard_queries_large_{page}", large_count, "queries", f"={small_count}")

    client = _client(large.users["admin"])
    start = time.perf_counter()
    response = client.get(reverse("district_export"))
    seconds = time.perf_counter() - start
    assert response.status_code == 200 and response.content[:2] == b"PK"
    report("district_export_xlsx_s", seconds, "s", "<10")
