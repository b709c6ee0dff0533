"""elections.access.preload_election: the row the read-only middleware read (AFT-4) is offered to the request's
first get_election of that election, once, and never to another election, another request or without the
scope test."""
import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elections import access


def _election_reads(action):
    with CaptureQueriesContext(connection) as ctx:
        result = action()
    return result, sum('FROM "elections_election"' in q["sql"] for q in ctx.captured_queries)


def test_the_preloaded_row_is_offered_once(election_a, clerk_a):
    access.preload_election(election_a.pk)
    try:
        first, reads = _election_reads(lambda: access.get_election(clerk_a, election_a.pk))
        assert first == election_a and reads == 0
        second, reads = _election_reads(lambda: access.get_election(clerk_a, election_a.pk))
        assert second == election_a and second is not first and reads == 1
    finally:
        access.forget_preloaded_election()


def test_it_is_not_offered_for_another_election(election_a, election_b, clerk_b):
    access.preload_election(election_a.pk)
    try:
        other, reads = _election_reads(lambda: access.get_election(clerk_b, election_b.pk))
        assert other == election_b and reads == 1
    finally:
        access.forget_preloaded_election()


def test_the_scope_is_tested_on_it(election_a, clerk_b):
    access.preload_election(election_a.pk)
    try:
        with pytest.raises(Http404):
            access.get_election(clerk_b, election_a.pk)
    finally:
        access.forget_preloaded_election()


def test_it_is_forgotten_when_the_request_ends(client, clerk_a, election_a):
    """The middleware drops it after the response, even when the view never asked for it (here: nobody is
    logged in, and the view sends the request to the login page before any lookup)."""
    response = client.post(reverse("election_detail", args=[election_a.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert access._preloaded.get() is None
    _, reads = _election_reads(lambda: access.get_election(clerk_a, election_a.pk))
    assert reads == 1
