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
