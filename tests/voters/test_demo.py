"""seed_residents: plausible, valid and quick demo residents."""
import datetime
import time
from collections import Counter

from voters import idcard
from voters.demo import seed_residents
from voters.eligibility import age_on
from voters.models import Household, Resident, ResidentGroup


def test_seed_residents_for_the_demo_community(community_a):
    started = time.perf_counter()
    created = seed_residents(community_a, households=410, residents=1200, seed=1)
    elapsed = time.perf_counter() - started
    assert created == 1200 and elapsed < 5
    residents = list(Resident.objects.filter(community=community_a))
    assert len({r.id_number for r in residents}) == 1200
    for r in residents:
        card = idcard.parse(r.id_number)
        assert (card.birth_date, card.sex) == (r.birth_date, r.sex) and r.id_number.startswith("110108")
    today = datetime.date.today()
    adults = sum(age_on(r.birth_date, today) >= 18 for r in residents)
    assert 0.7 <= adults / 1200 <= 0.9
    sexes = Counter(r.sex for r in residents)
    assert 0.4 <= sexes["M"] / 1200 <= 0.6
    assert all(2 <= len(r.name) <= 4 for r in residents)
    assert Household.objects.filter(community=community_a).count() == 410
    heads = Counter(r.household_id for r in residents if r.is_household_head)
    assert len(heads) == 410 and set(heads.values()) == {1}
    sizes = Counter(Counter(r.household_id for r in residents).values())
    assert set(sizes) <= {1, 2, 3, 4, 5}
    groups = ResidentGroup.objects.filter(community=community_a)
    assert groups.count() == 4
    for group in groups:
        assert 50 <= group.households.count() <= 150  # MTH-2, whole buildings per group
        reps = group.residents.filter(is_representative=True).count()
        assert 2 <= reps <= 3
        assert group.residents.filter(is_group_leader=True).count() == 1


def test_seed_residents_is_idempotent(community_a):
    assert seed_residents(community_a, households=20, residents=50, seed=2) == 50
    assert seed_residents(community_a, households=20, residents=50, seed=2) == 0
    assert Resident.objects.count() == 50


def test_the_same_seed_gives_the_same_people(community_a, community_b):
    seed_residents(community_a, households=30, residents=80, seed=7)
    seed_residents(community_b, households=30, residents=80, seed=7)
    names = [list(Resident.objects.filter(community=c).order_by("id").values_list("name", "id_number"))
             for c in (community_a, community_b)]
    assert names[0] == names[1]
