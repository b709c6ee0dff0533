"""The foundation's pages used as a clerk and a supervisor would, through the test client."""
import datetime

import pytest
from django.urls import reverse

from elections.models import AuditLog, Election, RuleProfile
from tests import factories


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: datetime.date(2026, 11, 22))


def test_a_clerk_creates_an_election_from_the_community_page(client_as, clerk_a, community_a):
    client = client_as(clerk_a)
    profile = RuleProfile.objects.get(key="seed-district-plan")
    response = client.post(reverse("election_create", args=[community_a.code]), {
        "term": 12, "profile": profile.pk, "election_date": "2026-12-20", "start_time": "08:30",
        "place": "怡丽北园广场", "vice_chair_seats": 1, "member_seats": 5})
    election = Election.objects.get(community=community_a)
    assert response.status_code == 302 and response.url == reverse("election_detail", args=[election.pk])
    assert (election.total_seats, election.place, election.profile_snapshot["source_key"]) == (
        7, "怡丽北园广场", "seed-district-plan")
    page = client.get(response.url)
    assert "怡丽北园广场" in page.content.decode()


def test_seat_1_a_bad_seat_plan_is_refused_on_the_form_and_nothing_is_created(client_as, clerk_a, community_a):
    profile = RuleProfile.objects.get(key="seed-district-plan")
    response = client_as(clerk_a).post(reverse("election_create", args=[community_a.code]), {
        "term": 12, "profile": profile.pk, "vice_chair_seats": 2, "member_seats": 3})
    assert response.status_code == 200
    assert "SEAT-1" in response.content.decode()
    assert not Election.objects.exists()


def test_an_election_day_in_the_past_is_refused(client_as, clerk_a, community_a):
    profile = RuleProfile.objects.get(key="seed-district-plan")
    response = client_as(clerk_a).post(reverse("election_create", args=[community_a.code]), {
        "term": 12, "profile": profile.pk, "election_date": "2026-11-21", "vice_chair_seats": 1,
        "member_seats": 3})
    assert response.status_code == 200 and not Election.objects.exists()


def test_the_transition_button_moves_the_election_and_shows_refusals(client_as, clerk_a, election_a):
    client = client_as(clerk_a)
    url = reverse("election_transition", args=[election_a.pk])
    client.post(url, {"to": "registration"})
    election_a.refresh_from_db()
    assert election_a.state == "preparation"
    factories.ready_for_registration(election_a, clerk_a)
    client.post(url, {"to": "registration"})
    election_a.refresh_from_db()
    assert election_a.state == "registration"


def test_the_overview_lists_what_stops_the_next_step(client_as, clerk_a, election_a):
    response = client_as(clerk_a).get(reverse("election_detail", args=[election_a.pk]))
    moves = response.context["moves"]
    assert [m["to"] for m in moves] == ["registration"]
    assert {rule for rule, _m in moves[0]["problems"]} == {"ORG-2", "ORG-3", "MTH-1"}


def test_committee_and_meeting_forms_record_and_audit(client_as, clerk_a, election_a):
    client = client_as(clerk_a)
    client.post(reverse("election_committee", args=[election_a.pk]),
                {"name": "王建国", "sex": "M", "position": "chair", "phone": ""})
    response = client.post(reverse("election_committee", args=[election_a.pk]),
                           {"name": "李四", "sex": "M", "position": "chair", "phone": ""})
    assert "ORG-2" in response.content.decode()
    assert election_a.committee.count() == 1
    response = client.post(reverse("election_meetings", args=[election_a.pk]), {
        "kind": "method", "held_on": "2026-11-01", "representatives_total": 51, "present": 25,
        "votes_for": 20, "votes_against": 0, "abstentions": 0, "method": "direct", "decision": ""})
    assert "ORG-3" in response.content.decode()
    assert not election_a.meetings.exists()


def test_the_checklist_page_shows_each_deadline(client_as, supervisor_a, election_a):
    response = client_as(supervisor_a).get(reverse("election_checklist", args=[election_a.pk]))
    rows = {r.step.key: r for r in response.context["rows"]}
    assert rows["voter_list_published"].deadline.date == datetime.date(2026, 12, 10)
    assert "2026年12月10日" in response.content.decode()


def test_the_audit_page_shows_before_and_after(client_as, supervisor_a, election_a, clerk_a):
    from elections.services.elections import election_update
    election_update(election=election_a, actor=clerk_a, place="社区活动中心")
    response = client_as(supervisor_a).get(reverse("election_audit", args=[election_a.pk]))
    body = response.content.decode()
    assert "elections.election.updated" in body and "社区活动中心" in body


def test_the_supervisor_defers_a_community_with_a_reason(client_as, supervisor_a, community_a):
    client_as(supervisor_a).post(reverse("community_deferral", args=[community_a.code]),
                                 {"deferred": "on", "reason": "整体拆迁", "occupancy_percent": 40})
    community_a.refresh_from_db()
    assert community_a.deferred and community_a.deferred_reason == "整体拆迁"
    assert AuditLog.objects.filter(action="elections.community.deferred").exists()


def test_a_district_admin_copies_and_edits_a_profile_through_the_pages(client_as, district_admin):
    client = client_as(district_admin)
    seed = RuleProfile.objects.get(key="seed-district-plan")
    response = client.post(reverse("profile_copy", args=[seed.pk]), {"key": "haidian", "name": "海淀区方案"})
    copy = RuleProfile.objects.get(key="haidian")
    assert response.url == reverse("profile_edit", args=[copy.pk])
    form = client.get(response.url).context["form"]
    data = {name: form.initial.get(name, field.initial) for name, field in form.fields.items()}
    data = {k: ("on" if v is True else v) for k, v in data.items() if v is not False and v is not None}
    data["residence_months"] = 6
    response = client.post(reverse("profile_edit", args=[copy.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    copy.refresh_from_db()
    assert copy.residence_months == 6 and copy.negative_list == seed.negative_list


def test_the_calendar_page_accepts_a_new_year(client_as, district_admin):
    response = client_as(district_admin).post(reverse("calendar_years"), {
        "year": 2027, "holidays_text": "2027-01-01\n2027-10-01~2027-10-07", "workdays_text": "2027-09-26",
        "source": "国务院办公厅通知"})
    assert response.status_code == 302
    from elections.models import CalendarYear
    entry = CalendarYear.objects.get(year=2027)
    assert len(entry.holidays) == 8 and entry.workdays == ["2027-09-26"]
