"""generate_district (issue 11, item 6): a district in bulk whose rows are those the services would leave —
checked here against the rules, and read by the real pages of every stage."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from aftermath.models import CommitteeSeat, Handover
from counting.models import Certification, CountRound
from elections.models import Community, Election, ElectionStateChange, Street
from elections.states import ORDER
from polling.models import BallotIssue, Proxy
from voters.models import Registration

CODE = "119907000000"


@pytest.fixture
def district(db):
    out = StringIO()
    call_command("generate_district", "--communities", "45", "--seed", "7", stdout=out)
    assert f"District {CODE}" in out.getvalue()
    return out.getvalue()


def test_streets_of_about_20_communities_at_every_stage(district):
    assert Street.objects.filter(district__code=CODE).count() == 3
    assert Community.objects.filter(street__district__code=CODE).count() == 45
    elections = Election.objects.filter(community__street__district__code=CODE, term=12, is_rehearsal=False)
    assert {"registration", "nomination", "certified", "handover", "closed"} <= set(
        elections.values_list("state", flat=True))
    assert Election.objects.filter(community__street__district__code=CODE, is_rehearsal=True).exists()
    # ORG-6: every street office has a pilot community.
    for street in Street.objects.filter(district__code=CODE):
        assert street.communities.filter(is_pilot=True).exists()


def test_the_rows_are_those_the_services_would_leave(district):
    elections = Election.objects.filter(community__street__district__code=CODE)
    for election in elections:
        # CAL-1: the recorded moves lead to the election's state.
        changes = list(ElectionStateChange.objects.filter(election=election).order_by("id"))
        assert (changes[-1].to_state if changes else "preparation") == election.state, election
        assert all(ORDER.index(c.to_state) == ORDER.index(c.from_state) + 1 or c.door == "round_open"
                   for c in changes)
        certified = election.state in ("certified", "handover", "closed") and election.term == 12
        certifications = Certification.objects.filter(election=election, revoked_at__isnull=True)
        assert certifications.count() == (1 if certified else 0), election
        if certified:
            snapshot = certifications.get().snapshot
            first = CountRound.objects.get(election=election, purpose="first")
            assert first.status == "closed" and first.result["issued"] == snapshot["rounds"][0]["issued"]
            issued = BallotIssue.objects.filter(round__election=election, round__number=1).count()
            assert issued == first.result["issued"] <= first.result["eligible"]
            assert issued > first.result["eligible"] / 2  # VOTE-4: the quorum was reached
            assert all(row["votes"] > issued / 2 for row in snapshot["elected"])  # VOTE-5
            assert len(snapshot["elected"]) + sum(snapshot["vacancies"].values()) == election.total_seats
        if election.state in ("handover", "closed") and election.term == 12 and not election.is_rehearsal:
            seats = CommitteeSeat.objects.filter(election=election)
            assert seats.count() == len(certifications.get().snapshot["elected"])  # AFT-6: they took office
            handover = Handover.objects.get(election=election)
            assert handover.is_complete == (election.state == "closed")  # AFT-7
            assert handover.signatures.count() == (3 if election.state == "closed" else 0)
    # PRX-1: no proxy under the residents' representatives method; PRX-4: at most 3 per holder.
    assert not Proxy.objects.filter(election__in=elections, election__method="representative").exists()
    # VOT-1: every voter is 18 on election day.
    for registration in Registration.objects.filter(election__in=elections).select_related("election",
                                                                                           "resident")[:500]:
        born, day = registration.resident.birth_date, registration.election.election_date
        assert (day.year - born.year - ((day.month, day.day) < (born.month, born.day))) >= 18


def test_the_pages_of_every_stage_read_the_generated_rows(district, client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="d119907_admin")
    client.force_login(admin)
    assert client.get(reverse("community_list")).status_code == 200
    assert client.get(reverse("district_dashboard")).status_code == 200
    for state in ("preparation", "registration", "nomination", "voting", "counting", "certified", "handover",
                  "closed"):
        election = Election.objects.filter(community__street__district__code=CODE, state=state, term=12,
                                           is_rehearsal=False).first()
        if election is None:
            continue
        assert client.get(reverse("election_detail", args=[election.pk])).status_code == 200, state
        if state in ("counting", "certified", "handover", "closed"):
            assert client.get(reverse("counting:results", args=[election.pk])).status_code == 200, state
        if state in ("handover", "closed"):
            assert client.get(reverse("aftermath:handover", args=[election.pk])).status_code == 200, state


def test_the_same_district_twice_is_refused(district):
    with pytest.raises(CommandError, match="exists already"):
        call_command("generate_district", "--communities", "3", "--seed", "7", stdout=StringIO())
