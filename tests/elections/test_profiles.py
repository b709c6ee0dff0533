"""Rule profiles: the two shipped ones, copying and editing, and an election's frozen copy."""
import pytest

from elections.models import AuditLog, RuleProfile
from elections.services.errors import RuleViolation
from elections.services.profiles import profile_copy, profile_update
from tests import factories


def test_two_profiles_ship_with_the_system(db):
    seed = RuleProfile.objects.get(key="seed-district-plan")
    national = RuleProfile.objects.get(key="national-model")
    assert (seed.voter_list_days_before, national.voter_list_days_before) == (10, 20)
    assert (seed.candidates_days_before, national.candidates_days_before) == (3, 5)
    assert (seed.rep_quorum_numerator, seed.rep_quorum_denominator, seed.rep_quorum_strict) == (4, 5, False)
    assert (national.rep_quorum_numerator, national.rep_quorum_denominator, national.rep_quorum_strict) == (2, 3, True)
    assert (seed.handover_days, seed.handover_working_days) == (5, True)
    assert (national.handover_days, national.handover_working_days) == (10, False)
    assert (national.vice_chairs_min, national.vice_chairs_max) == (1, 2)
    assert seed.builtin and national.builtin
    assert "有恶意失信行为被法院纳入失信被执行人名单且至今未撤销的" in seed.negative_list


def test_the_shipped_profiles_cannot_be_edited(db, district_admin):
    with pytest.raises(RuleViolation):
        profile_update(profile=RuleProfile.objects.get(key="seed-district-plan"), actor=district_admin,
                       voter_list_days_before=7)


def test_an_administrator_copies_and_edits_a_profile(district, district_admin):
    copy = profile_copy(profile=RuleProfile.objects.get(key="national-model"), actor=district_admin,
                        district=district, key="gansu-2025", name="甘肃2025")
    profile_update(profile=copy, actor=district_admin, residence_months=6)
    copy.refresh_from_db()
    assert copy.residence_months == 6 and copy.voter_list_days_before == 20 and not copy.builtin
    assert AuditLog.objects.filter(action="elections.profile.updated", object_id=str(copy.pk)).get().changes() == [
        ("residence_months", 12, 6)]


def test_profiles_refuse_a_range_upside_down(district, district_admin):
    copy = profile_copy(profile=RuleProfile.objects.get(key="national-model"), actor=district_admin,
                        district=district, key="bad", name="bad")
    with pytest.raises(Exception):
        profile_update(profile=copy, actor=district_admin, vice_chairs_min=3, vice_chairs_max=2)


def test_an_election_keeps_the_frozen_copy_it_started_with(district, district_admin, community_a, clerk_a):
    copy = profile_copy(profile=RuleProfile.objects.get(key="seed-district-plan"), actor=district_admin,
                        district=district, key="haidian", name="海淀方案")
    election = factories.election(community_a, actor=clerk_a, profile_key="haidian")
    profile_update(profile=copy, actor=district_admin, voter_list_days_before=15, proxy_max_authorisations=2)
    election = type(election).objects.get(pk=election.pk)
    assert election.rules.voter_list_days_before == 10
    assert election.rules.proxy_max_authorisations == 3
    assert election.rules.name == "海淀方案"
    assert election.profile.voter_list_days_before == 15
