"""Posting the voter list (VOT-5), changes after posting and supplementary lists (VOT-10)."""
import datetime

import pytest
from django.db import IntegrityError, transaction

from elections.models import AuditLog, StepCompletion
from elections.services.errors import RuleViolation
from elections.services.elections import election_transition
from tests import factories
from tests.voters.conftest_publication import *  # noqa: F403
from tests.voters.conftest_publication import add_residents, add_voters, open_registration
from voters.models import Registration, RegistrationConflict
from voters.models.publication import VoterListChange, VoterListEntry, VoterListVersion
from voters.selectors import registered_voter_count
from voters.services.publication import (last_posting_day, pending_changes, publication_problems,
                                         supplementary_list_publish, voter_add_after_posting,
                                         voter_list_publish, voter_remove_after_posting)

DEC = lambda day: datetime.date(2026, 12, day)  # noqa: E731


def _national_election(community_a, clerk_a):
    election = factories.election(community_a, actor=clerk_a, term=13, profile_key="national-model")
    open_registration(election, clerk_a)
    add_voters(election, 5)
    return election


# --- VOT-5: the deadline ---------------------------------------------------------------------------------

def test_vot_5_last_posting_day_is_ten_days_before_election_day_under_the_seed_profile(registering):
    assert last_posting_day(registering) == DEC(10)


@pytest.mark.parametrize("posted_on", [DEC(9), DEC(10)])
def test_vot_5_publishes_up_to_the_last_allowed_day(registering, voters, clerk_a, posted_on):
    version = voter_list_publish(election=registering, actor=clerk_a, posted_on=posted_on)
    assert (version.number, version.kind, version.posted_on) == (1, "main", posted_on)


def test_vot_5_refuses_publication_the_day_after_the_last_allowed_day(registering, voters, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(11))
    assert exc.value.rule == "VOT-5"
    message = exc.value.messages[0]
    assert "2026年12月10日" in message and "VOT-5" in message
    assert not VoterListVersion.objects.filter(election=registering).exists()


@pytest.mark.parametrize("posted_on, allowed", [
    (datetime.date(2026, 11, 29), True), (datetime.date(2026, 11, 30), True),
    (datetime.date(2026, 12, 1), False)])
def test_vot_5_national_model_posts_twenty_days_before(community_a, clerk_a, posted_on, allowed):
    election = _national_election(community_a, clerk_a)
    assert last_posting_day(election) == datetime.date(2026, 11, 30)
    if allowed:
        assert voter_list_publish(election=election, actor=clerk_a, posted_on=posted_on).voter_count == 5
    else:
        with pytest.raises(RuleViolation) as exc:
            voter_list_publish(election=election, actor=clerk_a, posted_on=posted_on)
        assert exc.value.rule == "VOT-5"
        assert "2026年11月30日" in exc.value.messages[0]


# --- what publishing freezes -----------------------------------------------------------------------------

def test_vot_5_publication_freezes_every_confirmed_voter_as_printed(registering, voters, clerk_a):
    add_voters(registering, 2, status=Registration.Status.REFUSED, reason="不住本社区")
    version = voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    entries = list(version.entries.all())
    assert version.voter_count == 30 == len(entries) == registered_voter_count(registering)
    assert [e.group_number for e in entries] == sorted(e.group_number for e in entries)
    first = voters[0]
    entry = next(e for e in entries if e.registration.resident_id == first.pk)
    assert (entry.name, entry.group_name, entry.sex, entry.change) == (
        first.name, "第一居民小组", first.sex, "listed")
    assert entry.masked_id == first.masked_id and first.id_number not in entry.masked_id


def test_publication_marks_the_checklist_step_and_writes_the_audit_log(registering, voters, clerk_a):
    version = voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    step = StepCompletion.objects.get(election=registering, step="voter_list_published")
    assert step.actor == clerk_a
    log = AuditLog.objects.get(action="voters.voter_list.published")
    assert (log.election, log.actor, log.object_id) == (registering, clerk_a, str(version.pk))
    assert log.data["voters"] == 30 and log.data["last_allowed_day"] == "2026-12-10"


def test_vot_10_the_posted_list_refuses_edits_and_deletes(posted):
    entry = posted.entries.first()
    entry.name = "改名"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        VoterListEntry.objects.filter(version=posted).update(name="x")
    with pytest.raises(PermissionError):
        posted.delete()


# --- refusals --------------------------------------------------------------------------------------------

def test_vot_4_refuses_publication_while_registrations_await_review(registering, voters, clerk_a):
    add_voters(registering, 3, status=Registration.Status.PENDING)
    with pytest.raises(RuleViolation) as exc:
        voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    assert exc.value.rule == "VOT-4"
    assert "3" in exc.value.messages[0]


def test_vot_3_refuses_publication_while_a_conflict_is_unresolved(registering, voters, clerk_a):
    conflict = RegistrationConflict.objects.create(id_number=voters[0].id_number)
    conflict.registrations.add(Registration.objects.get(resident=voters[0]))
    with pytest.raises(RuleViolation) as exc:
        voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    assert exc.value.rule == "VOT-3"


def test_vot_5_refuses_a_list_without_any_confirmed_voter(registering, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    assert exc.value.rule == "VOT-5"


def test_cal_1_refuses_publication_outside_voter_registration(election_a, clerk_a):
    add_voters(election_a, 3)
    with pytest.raises(RuleViolation) as exc:
        voter_list_publish(election=election_a, actor=clerk_a, posted_on=DEC(10))
    assert exc.value.rule == "CAL-1"


def test_vot_10_refuses_publishing_the_list_twice(posted, registering, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    assert exc.value.rule == "VOT-10"
    assert VoterListVersion.objects.filter(election=registering).count() == 1


def test_the_database_allows_one_main_list_per_election(posted, registering):
    with pytest.raises(IntegrityError), transaction.atomic():
        VoterListVersion.objects.create(election=registering, number=2, kind="main", posted_on=DEC(10),
                                        voter_count=0)


def test_publication_problems_lists_everything_that_stops_posting(registering, voters):
    add_voters(registering, 1, status=Registration.Status.PENDING)
    assert [rule for rule, _m in publication_problems(registering, DEC(11))] == ["VOT-5", "VOT-4"]
    assert publication_problems(registering, DEC(10))[0][0] == "VOT-4"


# --- VOT-10: additions and removals after posting ----------------------------------------------------------

def test_vot_10_an_addition_after_posting_confirms_the_resident_and_waits_for_the_supplementary_list(
        posted, registering, clerk_a):
    newcomer = add_residents(registering.community, 1)[0]
    change = voter_add_after_posting(election=registering, resident=newcomer, reason_kind="moved_in",
                                     reason="2026年12月12日迁入5号楼", actor=clerk_a, on=DEC(12))
    registration = Registration.objects.get(election=registering, resident=newcomer)
    assert (registration.status, registration.after_posting) == ("confirmed", True)
    assert (change.change, change.version) == ("added", None)
    assert registered_voter_count(registering) == 31
    assert list(pending_changes(registering)) == [change]
    assert AuditLog.objects.filter(action="voters.voter_list.addition", election=registering).count() == 1


def test_vot_10_a_removal_after_posting_takes_the_voter_off_with_the_reason(posted, registering, voters,
                                                                           clerk_a):
    registration = Registration.objects.get(resident=voters[0])
    voter_remove_after_posting(registration=registration, reason_kind="died", reason="2026年12月11日病故",
                               actor=clerk_a, on=DEC(12))
    registration.refresh_from_db()
    assert registration.status == "removed" and registration.reason.endswith("2026年12月11日病故")
    assert registered_voter_count(registering) == 29


@pytest.mark.parametrize("reason_kind, reason, rule", [
    ("moved_in", "  ", "VOT-10"),            # no written reason
    ("died", "病故", "VOT-10"),               # a removal reason for an addition
    ("moved_in", "联系电话13812345678", "VOT-7"),  # a phone number would be printed on the notice
    ("objection", "申诉成立", "VOT-6"),        # an objection-based change names its objection
])
def test_vot_10_an_addition_needs_a_fitting_written_reason(posted, registering, clerk_a, reason_kind, reason,
                                                           rule):
    newcomer = add_residents(registering.community, 1)[0]
    with pytest.raises(RuleViolation) as exc:
        voter_add_after_posting(election=registering, resident=newcomer, reason_kind=reason_kind,
                                reason=reason, actor=clerk_a, on=DEC(12))
    assert exc.value.rule == rule
    assert not Registration.objects.filter(resident=newcomer).exists()


def test_vot_1_an_addition_of_someone_under_age_on_election_day_is_refused(posted, registering, clerk_a):
    young = add_residents(registering.community, 1, birth_date=datetime.date(2008, 12, 21))[0]
    with pytest.raises(RuleViolation) as exc:
        voter_add_after_posting(election=registering, resident=young, reason_kind="turned_18",
                                reason="年满18周岁", actor=clerk_a, on=DEC(12))
    assert exc.value.rule == "VOT-1"


def test_vot_10_changes_are_refused_before_posting_and_from_election_day(registering, voters, clerk_a):
    newcomer = add_residents(registering.community, 1)[0]
    with pytest.raises(RuleViolation) as exc:
        voter_add_after_posting(election=registering, resident=newcomer, reason_kind="moved_in", reason="迁入",
                                actor=clerk_a, on=DEC(5))
    assert exc.value.rule == "VOT-10"
    voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    with pytest.raises(RuleViolation) as exc:
        voter_add_after_posting(election=registering, resident=newcomer, reason_kind="moved_in", reason="迁入",
                                actor=clerk_a, on=DEC(20))
    assert exc.value.rule == "VOT-10"
    assert voter_add_after_posting(election=registering, resident=newcomer, reason_kind="moved_in",
                                   reason="迁入", actor=clerk_a, on=DEC(19)).change == "added"


def test_vot_10_a_voter_already_listed_cannot_be_added_nor_a_removed_one_removed(posted, registering, voters,
                                                                                   clerk_a):
    with pytest.raises(RuleViolation):
        voter_add_after_posting(election=registering, resident=voters[0], reason_kind="moved_in", reason="迁入",
                                actor=clerk_a, on=DEC(12))
    registration = Registration.objects.get(resident=voters[1])
    voter_remove_after_posting(registration=registration, reason_kind="moved_out", reason="迁出", actor=clerk_a,
                               on=DEC(12))
    with pytest.raises(RuleViolation):
        voter_remove_after_posting(registration=registration, reason_kind="moved_out", reason="迁出",
                                   actor=clerk_a, on=DEC(12))


# --- supplementary lists ---------------------------------------------------------------------------------

def test_vot_10_the_supplementary_list_posts_additions_and_removals_with_their_reasons(posted, registering,
                                                                                     voters, clerk_a):
    newcomer = add_residents(registering.community, 1)[0]
    voter_add_after_posting(election=registering, resident=newcomer, reason_kind="moved_in",
                            reason="12月12日迁入", actor=clerk_a, on=DEC(12))
    voter_remove_after_posting(registration=Registration.objects.get(resident=voters[3]), reason_kind="died",
                               reason="12月11日病故", actor=clerk_a, on=DEC(12))
    version = supplementary_list_publish(election=registering, actor=clerk_a, posted_on=DEC(13))
    assert (version.number, version.kind, version.voter_count) == (2, "supplementary", 30)
    entries = {e.name: (e.change, e.reason) for e in version.entries.all()}
    assert entries == {newcomer.name: ("added", "迁入本社区：12月12日迁入"),
                       voters[3].name: ("removed", "死亡：12月11日病故")}
    assert not pending_changes(registering).exists()
    assert VoterListChange.objects.filter(version=version).count() == 2
    assert AuditLog.objects.filter(action="voters.voter_list.supplementary_published").count() == 1


def test_vot_10_an_addition_undone_before_the_supplementary_list_is_not_printed(posted, registering, voters,
                                                                               clerk_a):
    newcomer = add_residents(registering.community, 1)[0]
    voter_add_after_posting(election=registering, resident=newcomer, reason_kind="moved_in", reason="迁入",
                            actor=clerk_a, on=DEC(12))
    voter_remove_after_posting(registration=Registration.objects.get(resident=newcomer),
                               reason_kind="moved_out", reason="登记有误，实未迁入", actor=clerk_a, on=DEC(12))
    voter_remove_after_posting(registration=Registration.objects.get(resident=voters[0]),
                               reason_kind="moved_out", reason="迁出", actor=clerk_a, on=DEC(12))
    version = supplementary_list_publish(election=registering, actor=clerk_a, posted_on=DEC(13))
    assert [(e.name, e.change) for e in version.entries.all()] == [(voters[0].name, "removed")]
    assert version.changes.count() == 3


def test_vot_10_a_supplementary_list_needs_something_to_post(posted, registering, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        supplementary_list_publish(election=registering, actor=clerk_a, posted_on=DEC(13))
    assert exc.value.rule == "VOT-10"


def test_vot_10_a_second_supplementary_list_takes_the_next_number(posted, registering, voters, clerk_a):
    for n, day in ((0, 12), (1, 14)):
        voter_remove_after_posting(registration=Registration.objects.get(resident=voters[n]),
                                   reason_kind="moved_out", reason="迁出", actor=clerk_a, on=DEC(day))
        version = supplementary_list_publish(election=registering, actor=clerk_a, posted_on=DEC(day))
    assert (version.number, version.voter_count) == (3, 28)
    with pytest.raises(RuleViolation):
        voter_remove_after_posting(registration=Registration.objects.get(resident=voters[2]),
                                   reason_kind="moved_out", reason="迁出", actor=clerk_a, on=DEC(15))
        supplementary_list_publish(election=registering, actor=clerk_a, posted_on=DEC(13))


def test_vot_10_changes_stay_open_after_the_election_moves_to_nomination(posted, registering, voters,
                                                                         clerk_a):
    election = election_transition(election=registering, to="nomination", actor=clerk_a)
    voter_remove_after_posting(registration=Registration.objects.get(resident=voters[0]),
                               reason_kind="moved_out", reason="迁出", actor=clerk_a, on=DEC(12))
    assert supplementary_list_publish(election=election, actor=clerk_a, posted_on=DEC(12)).number == 2


# --- pages: permissions for every URL × persona ------------------------------------------------------------

def _urls(election, objection):
    from django.urls import reverse
    pk = election.pk
    return {
        "lists": reverse("voters:lists", args=[pk]),
        "list_publish": reverse("voters:list_publish", args=[pk]),
        "list_add": reverse("voters:list_add", args=[pk]),
        "list_remove": reverse("voters:list_remove", args=[pk]),
        "list_supplementary": reverse("voters:list_supplementary", args=[pk]),
        "list_pdf": reverse("voters:list_pdf", args=[pk, 1, "A4"]),
        "list_export": reverse("voters:list_export", args=[pk, "voters"]),
        "list_export_problems": reverse("voters:list_export", args=[pk, "problems"]),
        "objections": reverse("voters:objections", args=[pk]),
        "objection_decide": reverse("voters:objection_decide", args=[pk, objection.pk]),
        "objections_close": reverse("voters:objections_close", args=[pk]),
    }



GET_EXPECTED = {"clerk_a": 200, "clerk_b": 404, "supervisor_a": 200, "district_admin": 200, "observer_a": 200}
POST_EXPECTED = {"clerk_b": 404, "supervisor_a": 403, "district_admin": 403, "observer_a": 403}


@pytest.fixture
def page_setup(posted, registering, clerk_a):
    from voters.services.objections import objection_record
    objection = objection_record(election=registering, actor=clerk_a, objector="张三", content="有误",
                                 received_on=DEC(12), subject_name="李四")
    return registering, objection


@pytest.mark.parametrize("persona", list(GET_EXPECTED) + ["anonymous"])
def test_every_page_answers_each_persona_as_its_scope_allows(page_setup, personas, client_as, persona):
    election, objection = page_setup
    client = client_as(personas[persona])
    for name, url in _urls(election, objection).items():
        response = client.get(url)
        if persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], name
        else:
            assert response.status_code == GET_EXPECTED[persona], (name, response.status_code)


@pytest.mark.parametrize("persona", list(POST_EXPECTED) + ["anonymous"])
def test_every_action_is_refused_to_those_who_may_not_change_the_election(page_setup, personas, client_as,
                                                                          persona):
    election, objection = page_setup
    client = client_as(personas[persona])
    urls = _urls(election, objection)
    for name in ["list_publish", "list_add", "list_remove", "list_supplementary", "objections",
                 "objection_decide", "objections_close"]:
        response = client.post(urls[name], {"posted_on": "2026-12-13", "confirm": "on"})
        if persona == "anonymous":
            assert response.status_code == 302 and "/login/" in response["Location"], name
        else:
            assert response.status_code == POST_EXPECTED[persona], (name, response.status_code)
    assert VoterListVersion.objects.filter(election=election).count() == 1


def test_the_repost_action_is_the_community_clerks_only(page_setup, personas, client_as):
    from django.urls import reverse

    from tests.permissions import LOGIN, check_permission_row
    election, _objection = page_setup
    # CAL-4: nothing waits to be posted again here, so the clerk's post is refused with a message (302).
    check_permission_row(client_as, personas, "POST", reverse("voters:list_repost", args=[election.pk]),
                         {**POST_EXPECTED, "clerk_a": "ok", "anonymous": LOGIN}, {"posted_on": "2026-12-13"})
    assert not election.voter_list_repostings.exists()


def test_full_identity_numbers_are_exported_for_the_community_clerks_only(page_setup, personas, client_as):
    election, objection = page_setup
    url = _urls(election, objection)["list_export"] + "?ids=full"
    assert client_as(personas["clerk_a"]).get(url).status_code == 200
    for persona in ("supervisor_a", "district_admin", "observer_a"):
        assert client_as(personas[persona]).get(url).status_code == 403
    assert client_as(personas["clerk_b"]).get(url).status_code == 404
    assert AuditLog.objects.filter(action="voters.export.downloaded", data__full_ids=True).count() == 1


def test_the_clerk_posts_the_list_from_the_page(registering, voters, clerk_a, client_as):
    from django.urls import reverse
    client = client_as(clerk_a)
    page = client.get(reverse("voters:lists", args=[registering.pk]))
    assert page.status_code == 200 and "2026年12月10日" in page.content.decode()
    refused = client.post(reverse("voters:list_publish", args=[registering.pk]),
                          {"posted_on": "2026-12-11", "confirm": "on"})
    assert refused.status_code == 200 and "VOT-5" in refused.content.decode()
    assert not VoterListVersion.objects.exists()
    done = client.post(reverse("voters:list_publish", args=[registering.pk]),
                       {"posted_on": "2026-12-10", "confirm": "on"})
    assert done.status_code == 302
    assert VoterListVersion.objects.get().voter_count == 30


def test_the_clerk_removes_a_voter_and_posts_the_supplementary_list_from_the_pages(
        posted, registering, voters, clerk_a, client_as):
    from django.urls import reverse
    client = client_as(clerk_a)
    registration = Registration.objects.get(resident=voters[0])
    search = client.get(reverse("voters:people_listed", args=[registering.pk]), {"q": voters[0].id_number[-4:]})
    assert registration.pk in [person["id"] for person in search.json()["results"]]
    assert voters[0].id_number not in search.content.decode()
    response = client.post(reverse("voters:list_remove", args=[registering.pk]), {
        "registration": registration.pk, "reason_kind": "moved_out", "reason": "12月11日迁出",
        "on": "2026-12-12"})
    assert response.status_code == 302
    response = client.post(reverse("voters:list_supplementary", args=[registering.pk]),
                           {"posted_on": "2026-12-13"})
    assert response.status_code == 302
    version = VoterListVersion.objects.get(number=2)
    assert [(e.name, e.change) for e in version.entries.all()] == [(voters[0].name, "removed")]
    assert client.get(reverse("voters:list_pdf", args=[registering.pk, 2, "A3"]))["Content-Type"] == \
        "application/pdf"


# --- two clerks at once (row locks: PostgreSQL; SQLite has none, CI runs on PostgreSQL) ---------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_vot_5_two_clerks_publishing_at_once_post_one_list(registering, voters, clerk_a):
    import threading

    from django.db import connection, connections
    if connection.vendor == "sqlite":
        pytest.skip("SQLite has no row locks; CI runs this on PostgreSQL")
    barrier, outcomes = threading.Barrier(2), []

    def publish():
        try:
            barrier.wait()
            voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
            outcomes.append("posted")
        except RuleViolation as exc:
            outcomes.append(exc.rule)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=publish) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["VOT-10", "posted"]
    assert VoterListVersion.objects.filter(election=registering).count() == 1
    assert VoterListEntry.objects.filter(version__election=registering).count() == 30


def test_the_list_page_runs_the_same_queries_for_30_or_330_voters(posted, registering, clerk_a, client_as):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    client = client_as(clerk_a)
    url = reverse("voters:lists", args=[registering.pk])
    client.get(url)  # warm the session and the user's roles
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_voters(registering, 300, groups=6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url).status_code == 200
    assert len(large) == len(small)
