"""VOT-7 in the change history: supervisors and observers read the audit log, so identity and phone numbers are
masked in every entry when it is written, and on screen in entries written before that, except for the
community's own clerks."""
from django.db.models import QuerySet
from django.urls import reverse

from elections.models import AuditLog
from elections.privacy import mask_phone, mask_private
from elections.services.committee import committee_member_add
from tests.voters import helpers
from voters.importing import residents_import
from voters.services.residents import resident_create, resident_update

PHONE, NEW_PHONE = "13812345678", "13987654321"


def test_phone_numbers_are_masked_like_identity_numbers():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("010-62751234") == "010****1234"
    assert mask_phone("6275123") == "***5123"
    assert mask_phone(mask_phone("13812345678")) == "138****5678"
    assert mask_private({"after": [{"phone": PHONE, "id_number": "11010819800517001X", "name": "王"}]}) == {
        "after": [{"phone": "138****5678", "id_number": "110108********001X", "name": "王"}]}


def test_a_new_resident_is_logged_with_the_phone_masked(community_a, clerk_a, election_a):
    resident = resident_create(community=community_a, actor=clerk_a, name="王芳", id_number=helpers.id_number(),
                               phone=PHONE, household_number="1-1-101")

    entry = AuditLog.objects.get(action="voters.resident.created", object_id=str(resident.pk))
    assert entry.after["phone"] == "138****5678"
    assert PHONE not in str(entry.after)


def test_a_changed_phone_is_logged_masked_before_and_after(community_a, clerk_a, election_a):
    resident = helpers.resident(community_a, phone=PHONE)

    resident_update(resident=resident, actor=clerk_a, phone=NEW_PHONE)

    entry = AuditLog.objects.get(action="voters.resident.updated", object_id=str(resident.pk))
    assert entry.changes(reveal_private=True) == [("phone", "138****5678", "139****4321")]


def test_an_import_that_changes_phones_logs_them_masked(community_a, clerk_a, election_a):
    number = helpers.id_number()
    residents_import(community=community_a, data=helpers.csv_bytes([helpers.row(number=number, phone=PHONE)]),
                     filename="a.csv", actor=clerk_a)

    changed = helpers.csv_bytes([helpers.row(number=number, phone=NEW_PHONE)])
    residents_import(community=community_a, data=changed, filename="b.csv", actor=clerk_a)

    entry = AuditLog.objects.get(action="voters.resident.updated")
    assert (entry.before["phone"], entry.after["phone"]) == ("138****5678", "139****4321")


def test_a_committee_members_phone_is_logged_masked(election_a, clerk_a):
    committee_member_add(election=election_a, actor=clerk_a, name="周敏", sex="F", position="member",
                         phone=PHONE)

    assert AuditLog.objects.filter(action="elections.committee.member_added").latest("id").after["phone"] == \
        "138****5678"


def _old_entry(resident, election):
    """An entry written before phones were masked, as the database still holds it."""
    entry = AuditLog(action="voters.resident.updated", community=resident.community, election=election,
                     object_type="voters.Resident", object_id=str(resident.pk), object_repr=resident.name,
                     before={"phone": PHONE}, after={"phone": NEW_PHONE}, data={"phone": NEW_PHONE})
    QuerySet(AuditLog).bulk_create([entry])  # the plain queryset: no masking


def test_old_history_entries_show_phones_masked_to_supervisors_and_observers(
        client_as, community_a, election_a, supervisor_a, observer_a, district_admin, clerk_a):
    resident = helpers.resident(community_a, phone=NEW_PHONE)
    _old_entry(resident, election_a)
    url = reverse("voters:resident_detail", args=[community_a.code, resident.pk])

    for reader in (supervisor_a, observer_a, district_admin):
        page = client_as(reader).get(url).content.decode()
        assert "138****5678" in page and "139****4321" in page
        assert PHONE not in page and NEW_PHONE not in page

    assert PHONE in client_as(clerk_a).get(url).content.decode()  # the community's own committee


def test_the_election_audit_page_masks_old_phones_except_for_the_communitys_clerks(
        client_as, community_a, election_a, supervisor_a, observer_a, clerk_a):
    resident = helpers.resident(community_a, phone=NEW_PHONE)
    _old_entry(resident, election_a)
    url = reverse("election_audit", args=[election_a.pk])

    for reader in (supervisor_a, observer_a):
        page = client_as(reader).get(url).content.decode()
        # The details read "电话：139****4321" (labels, issue 11 item 5).
        assert "138****5678" in page and "139****4321" in page
        assert PHONE not in page and NEW_PHONE not in page

    page = client_as(clerk_a).get(url).content.decode()
    assert PHONE in page and NEW_PHONE in page
