"""The voters pages through the test client: import upload → preview → confirm, lists with constant query
counts, masking of identity numbers (VOT-7), review actions."""
import datetime

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from elections.models import AuditLog, Override
from voters.models import Registration, Resident
from voters.services.registration import registrations_build

from .helpers import csv_bytes, id_number, open_registration, resident, row, xlsx_bytes


def upload(client, community, data, name="居民.xlsx"):
    return client.post(reverse("voters:import", args=[community.code]), {"file": SimpleUploadedFile(name, data)})


def test_upload_shows_the_preview_and_saves_nothing_then_confirm_saves(client_as, clerk_a, community_a):
    client = client_as(clerk_a)
    rows = [row("王建国", id_number(datetime.date(1962, 3, 1))), row("李秀英", id_number(datetime.date(1964, 7, 9), "F"),
                                                                     relation="配偶")]
    response = upload(client, community_a, xlsx_bytes(rows))
    assert response.status_code == 200
    report, token = response.context["report"], response.context["token"]
    assert report.new == 2 and token
    assert Resident.objects.count() == 0
    response = client.post(reverse("voters:import_confirm", args=[community_a.code]), {"token": token})
    assert response.status_code == 302
    assert Resident.objects.filter(community=community_a).count() == 2
    assert AuditLog.objects.filter(action="voters.residents.imported", actor=clerk_a).count() == 1
    # The kept file is gone: confirming twice does nothing more.
    response = client.post(reverse("voters:import_confirm", args=[community_a.code]), {"token": token})
    assert response.status_code == 302 and Resident.objects.count() == 2


def test_a_bad_file_gets_no_confirmation_token(client_as, clerk_a, community_a):
    client = client_as(clerk_a)
    response = upload(client, community_a, csv_bytes([row("王建国", "110108196203010000")], encoding="gbk"),
                      name="居民.csv")
    assert response.status_code == 200
    assert response.context["token"] is None
    assert [(p.row, p.column) for p in response.context["report"].errors] == [(2, "公民身份号码")]


def test_another_users_token_is_not_accepted(client_as, clerk_a, community_a):
    from elections.models import Role
    from tests import factories
    other = factories.user("clerk_a2")
    factories.role(other, Role.Kind.CLERK, community_a)
    token = upload(client_as(clerk_a), community_a, xlsx_bytes([row()])).context["token"]
    client = client_as(other)
    client.post(reverse("voters:import_confirm", args=[community_a.code]), {"token": token})
    assert Resident.objects.count() == 0


def test_the_template_downloads_as_xlsx(client_as, clerk_a, community_a):
    response = client_as(clerk_a).get(reverse("voters:import_template", args=[community_a.code]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response.content[:2] == b"PK"


def _many(community, n, group_number=1):
    for i in range(n):
        resident(community, household=f"{group_number}-{i // 3}", group_number=group_number)


def _queries(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_resident_list_needs_the_same_queries_for_5_or_60_residents(client_as, clerk_a, community_a, election_a):
    client = client_as(clerk_a)
    url = reverse("voters:residents", args=[community_a.code])
    _many(community_a, 5)
    few = _queries(client, url)
    _many(community_a, 55, group_number=2)
    assert _queries(client, url) == few


def test_the_review_page_needs_the_same_queries_for_5_or_60_registrations(client_as, clerk_a, community_a,
                                                                          election_a):
    election = open_registration(election_a, clerk_a)
    client = client_as(clerk_a)
    url = reverse("voters:registrations", args=[election.pk])
    _many(community_a, 5)
    registrations_build(election=election, actor=clerk_a)
    few = _queries(client, url)
    _many(community_a, 55, group_number=2)
    registrations_build(election=election, actor=clerk_a)
    assert _queries(client, url) == few


def test_the_resident_list_filters_by_group_and_searches_name_or_last_digits(client_as, clerk_a, community_a):
    a = resident(community_a, name="欧阳娜娜", group_number=1)
    b = resident(community_a, name="李四", group_number=2)
    client = client_as(clerk_a)
    url = reverse("voters:residents", args=[community_a.code])
    assert list(client.get(url, {"q": "欧阳"}).context["page"]) == [a]
    assert list(client.get(url, {"q": b.id_number[-6:]}).context["page"]) == [b]
    assert list(client.get(url, {"group": b.group.pk}).context["page"]) == [b]


def test_vot_7_supervisors_and_other_clerks_never_see_a_full_identity_number(client_as, clerk_a, supervisor_a,
                                                                            district_admin, observer_a, community_a,
                                                                            election_a):
    person = resident(community_a, name="张三", phone="13812345678")
    election = open_registration(election_a, clerk_a)
    registrations_build(election=election, actor=clerk_a)
    reg = Registration.objects.get()
    urls = [reverse("voters:residents", args=[community_a.code]),
            reverse("voters:resident_detail", args=[community_a.code, person.pk]),
            reverse("voters:group_detail", args=[community_a.code, person.group.pk]),
            reverse("voters:registrations", args=[election.pk]),
            reverse("voters:registration_detail", args=[election.pk, reg.pk]),
            reverse("voters:conflicts", args=[election.pk])]
    for user in (supervisor_a, district_admin, observer_a):
        client = client_as(user)
        for url in urls:
            content = client.get(url).content.decode()
            assert person.id_number not in content, (user, url)
            assert person.masked_id in content or "conflicts" in url or "group" in url, (user, url)
    # The clerk sees the full number on the resident's own page only.
    client = client_as(clerk_a)
    for url in urls:
        content = client.get(url).content.decode()
        assert (person.id_number in content) == ("residents/%d/" % person.pk in url), url


def test_searching_hidden_digits_reveals_nothing_to_read_only_users(client_as, supervisor_a, community_a):
    person = resident(community_a)
    url = reverse("voters:residents", args=[community_a.code])
    client = client_as(supervisor_a)
    # Only the visible last 4 characters are searched: a query on 8 trailing digits matches on its last 4.
    wrong = "99999999"[:4] + person.id_number[-4:]
    assert list(client.get(url, {"q": wrong}).context["page"]) == [person]


def test_clerks_add_and_edit_a_resident_with_sex_and_birth_date_from_the_id(client_as, clerk_a, community_a):
    client = client_as(clerk_a)
    group = resident(community_a).group
    number = id_number(datetime.date(1975, 6, 6), "F")
    response = client.post(reverse("voters:resident_add", args=[community_a.code]), {
        "name": "刘芳", "id_number": number.lower(), "group": group.pk, "household_number": "5-1-101",
        "relation_to_head": "户主", "hukou_address": "x", "residence_address": "y", "hukou_here": "on",
        "lives_here": "on"})
    assert response.status_code == 302, response.context["form"].errors
    person = Resident.objects.get(name="刘芳")
    assert (person.id_number, person.sex, person.birth_date) == (number, "F", datetime.date(1975, 6, 6))
    assert person.household.number == "5-1-101"
    response = client.post(reverse("voters:resident_edit", args=[community_a.code, person.pk]), {
        "name": "刘芳", "id_number": number, "sex": "M", "group": group.pk, "household_number": "5-1-101",
        "relation_to_head": "户主", "hukou_address": "x", "residence_address": "y", "hukou_here": "on",
        "lives_here": "on"})
    assert response.status_code == 200
    assert "sex" in response.context["form"].errors


def test_a_duplicate_identity_number_in_the_community_is_refused_on_the_form(client_as, clerk_a, community_a):
    existing = resident(community_a)
    response = client_as(clerk_a).post(reverse("voters:resident_add", args=[community_a.code]), {
        "name": "重复", "id_number": existing.id_number, "group": existing.group.pk, "relation_to_head": "户主",
        "hukou_address": "x", "residence_address": "y"})
    assert response.status_code == 200
    assert Resident.objects.count() == 1


def test_review_bulk_confirm_and_refuse_through_the_page(client_as, clerk_a, community_a, election_a):
    election = open_registration(election_a, clerk_a)
    people = [resident(community_a) for _ in range(3)]
    client = client_as(clerk_a)
    client.post(reverse("voters:registrations_build", args=[election.pk]))
    assert Registration.objects.count() == 3
    refuse = Registration.objects.get(resident=people[0])
    client.post(reverse("voters:registrations_bulk", args=[election.pk]),
                {"action": "refuse_selected", "selected": [refuse.pk], "reason": "已去世"})
    client.post(reverse("voters:registrations_bulk", args=[election.pk]), {"action": "confirm_clean"})
    assert sorted(Registration.objects.values_list("status", flat=True)) == ["confirmed", "confirmed", "refused"]
    response = client.get(reverse("voters:registrations", args=[election.pk]), {"status": "refused"})
    assert [r.resident for r in response.context["page"]] == [people[0]]


def test_the_review_filters_by_problem(client_as, clerk_a, community_a, election_a):
    election = open_registration(election_a, clerk_a)
    resident(community_a)
    elsewhere = resident(community_a, hukou_here=False)
    registrations_build(election=election, actor=clerk_a)
    client = client_as(clerk_a)
    url = reverse("voters:registrations", args=[election.pk])
    assert [r.resident for r in client.get(url, {"problem": "VOT-2:living_since_unknown"}).context["page"]] == [
        elsewhere]
    assert len(client.get(url, {"problem": "clean"}).context["page"]) == 1


def test_mth_2_and_mth_3_warnings_are_accepted_with_a_reason(client_as, clerk_a, community_a, election_a):
    resident(community_a)
    client = client_as(clerk_a)
    response = client.get(reverse("voters:groups", args=[community_a.code]))
    rules = {w.rule for w in response.context["warnings"]}
    assert rules == {"MTH-2", "MTH-3"}
    client.post(reverse("voters:group_warnings_accept", args=[community_a.code]), {"reason": "新建小区，仅一栋楼"})
    n = Override.objects.filter(election=election_a).count()
    assert n == len(response.context["warnings"])
    client.post(reverse("voters:group_warnings_accept", args=[community_a.code]), {"reason": "again"})
    assert Override.objects.filter(election=election_a).count() == n


def test_the_admin_lists_voters_data_with_masked_numbers(client_as, community_a):
    from django.contrib.auth import get_user_model
    person = resident(community_a)
    admin = get_user_model().objects.create_superuser("root", password="pw")
    client = client_as(admin)
    for model in ("residentgroup", "household", "resident", "registration", "registrationconflict"):
        assert client.get(reverse(f"admin:voters_{model}_changelist")).status_code == 200, model
    content = client.get(reverse("admin:voters_resident_changelist")).content.decode()
    assert person.masked_id in content and person.id_number not in content


def test_the_preview_lists_a_change_of_name_for_confirmation_and_only_ticked_rows_apply(client_as, clerk_a,
                                                                                        community_a):
    """Issue 9, finding 6: an identity number registered under another name is never a silent update."""
    client = client_as(clerk_a)
    rows = [row("王建国", id_number(datetime.date(1962, 3, 1))),
            row("李秀英", id_number(datetime.date(1964, 7, 9), "F"), relation="配偶"),
            row("赵丽", id_number(datetime.date(1990, 10, 2), "F"), household="2-1-201")]
    token = upload(client, community_a, xlsx_bytes(rows)).context["token"]
    client.post(reverse("voters:import_confirm", args=[community_a.code]), {"token": token})
    rows[1]["姓名"], rows[2]["姓名"] = "李秀云", "赵莉"
    rows.append(row("孙浩", id_number(datetime.date(1985, 4, 4)), household="4-1-101"))

    response = upload(client, community_a, xlsx_bytes(rows))
    report, token = response.context["report"], response.context["token"]
    assert token and [c.row for c in report.name_changes] == [3, 4]
    page = response.content.decode()
    assert 'name="confirm"' in page and "李秀英" in page and "李秀云" in page
    assert "没有勾选的行不导入" in page
    response = client.post(reverse("voters:import_confirm", args=[community_a.code]),
                           {"token": token, "confirm": [report.name_changes[0].key]}, follow=True)
    assert set(Resident.objects.values_list("name", flat=True)) == {"王建国", "李秀云", "赵丽", "孙浩"}
    assert "未经确认，未导入：第4行" in response.content.decode()
