"""seed_demo: realistic, idempotent demo data with logins for every role."""
from io import StringIO

import pytest
from django.core.management import call_command

from elections.models import AuditLog, Community, Election, Role
from voters.models import Resident


@pytest.mark.django_db
def test_seed_demo_runs_twice_and_adds_nothing_the_second_time():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    counts = (Community.objects.count(), Election.objects.count(), Resident.objects.count(),
              Role.objects.count(), AuditLog.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Community.objects.count(), Election.objects.count(), Resident.objects.count(),
            Role.objects.count(), AuditLog.objects.count()) == counts
    text = out.getvalue()
    for username in ("admin", "quadmin", "btz_supervisor", "yili_clerk", "observer"):
        assert username in text


@pytest.mark.django_db
def test_seed_demo_models_yili_beiyuan_from_the_seed_documents():
    call_command("seed_demo", stdout=StringIO())
    yili = Community.objects.get(code="110108015001")
    assert yili.name == "怡丽北园社区" and yili.households == 410
    residents = Resident.objects.filter(community=yili)
    assert 1150 <= residents.count() <= 1250
    assert residents.values("household").distinct().count() == 410
    assert {Role.Kind(k) for k in Role.objects.values_list("kind", flat=True)} == set(Role.Kind)
    states = set(Election.objects.values_list("state", flat=True))
    assert {"preparation", "registration"} <= states
    assert all(len(c.code) == 12 for c in Community.objects.all())


@pytest.mark.django_db
def test_seed_demo_shows_a_community_at_every_stage():
    """Issue 11, item 6: from preparation to closed, one on election day with approved proxies, one in the
    middle of a tie-break round (VOTE-9) — made through the services on the app's clock."""
    from counting.models import CountRound
    from polling.models import BallotIssue, Proxy, Round

    call_command("seed_demo", stdout=StringIO())
    real = Election.objects.filter(is_rehearsal=False)
    assert set(real.values_list("state", flat=True)) == {"preparation", "registration", "nomination", "voting",
                                                         "certified", "handover", "closed"}
    election_day = real.get(community__code="110108015005")
    assert election_day.state == "voting"
    assert Proxy.objects.filter(election=election_day, status="approved").count() == 3  # PRX-2
    assert BallotIssue.objects.filter(round__election=election_day, proxy__isnull=False).count() == 3  # PRX-4
    tie = real.get(community__code="110108015006")
    assert tie.state == "voting"
    current = Round.objects.filter(election=tie).order_by("-number").first()
    assert current.kind == "tie_break" and len(current.contests[0]["candidates"]) == 2
    assert CountRound.objects.get(election=tie, round__number=1).status == "closed"
    assert BallotIssue.objects.filter(round=current).exists()  # its ballots are being issued
    closed = real.get(community__code="110108016005")
    assert closed.handover.is_complete and closed.committee_seats.exists()  # AFT-2, AFT-7
