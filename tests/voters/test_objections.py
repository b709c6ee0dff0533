"""Objections (申诉) to the posted voter list (VOT-6): the window after posting and the decision deadline."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from elections.models import AuditLog, StepCompletion
from elections.services.errors import RuleViolation
from tests.voters.conftest_publication import *  # noqa: F403
from tests.voters.conftest_publication import add_residents
from voters.models import Objection, Registration
from voters.services.objections import (objection_decide, objection_record, objection_window_end,
                                        objections_period_close)
from voters.services.publication import voter_add_after_posting, voter_remove_after_posting

DEC = lambda day: datetime.date(2026, 12, day)  # noqa: E731


def _record(election, actor, received_on=DEC(12), **kw):
    kw.setdefault("subject_name", "李四")
    return objection_record(election=election, actor=actor, objector="张三", objector_contact="3号楼2单元",
                            content="李四已于11月迁出本社区，不应列入选民名单。", received_on=received_on, **kw)


def _decided(objection):
    return StepCompletion.objects.filter(election=objection.election, step="objections_decided").exists()


# --- recording: the window ------------------------------------------------------------------------------

def test_vot_6_the_window_runs_five_days_after_posting_under_the_seed_profile(posted, registering):
    assert objection_window_end(registering) == DEC(15)


@pytest.mark.parametrize("received_on", [DEC(10), DEC(15)])
def test_vot_6_records_an_objection_from_posting_day_to_the_last_day_of_the_window(
        posted, registering, clerk_a, received_on):
    objection = _record(registering, clerk_a, received_on=received_on)
    assert (objection.decision, objection.received_on, objection.recorded_by) == (
        "pending", received_on, clerk_a)
    assert AuditLog.objects.filter(action="voters.objection.recorded", election=registering).count() == 1


def test_vot_6_refuses_an_objection_received_the_day_after_the_window(posted, registering, clerk_a):
    with pytest.raises(RuleViolation) as exc:
        _record(registering, clerk_a, received_on=DEC(16))
    assert exc.value.rule == "VOT-6"
    assert "2026年12月15日" in exc.value.messages[0]
    assert not Objection.objects.exists()


def test_vot_6_refuses_objections_before_posting_and_before_the_posting_day(registering, voters, clerk_a):
    with pytest.raises(RuleViolation):
        _record(registering, clerk_a, received_on=DEC(5))
    from voters.services.publication import voter_list_publish
    voter_list_publish(election=registering, actor=clerk_a, posted_on=DEC(10))
    with pytest.raises(RuleViolation) as exc:
        _record(registering, clerk_a, received_on=DEC(9))
    assert exc.value.rule == "VOT-6"


def test_vot_6_refuses_an_objection_on_election_day_even_inside_the_window(community_a, clerk_a):
    from tests import factories
    from tests.voters.conftest_publication import add_voters, open_registration
    from voters.services.publication import voter_list_publish
    election = factories.election(community_a, actor=clerk_a, term=14)
    open_registration(election, clerk_a)
    add_voters(election, 3)
    voter_list_publish(election=election, actor=clerk_a, posted_on=DEC(8))
    voter_remove_after_posting(registration=Registration.objects.filter(election=election).first(),
                               reason_kind="moved_out", reason="迁出", actor=clerk_a, on=DEC(17))
    from voters.services.publication import supplementary_list_publish
    supplementary_list_publish(election=election, actor=clerk_a, posted_on=DEC(17))
    assert objection_window_end(election) == DEC(19)  # 17 + 5 = 22, but never on or after election day
    assert _record(election, clerk_a, received_on=DEC(19)).pk
    with pytest.raises(RuleViolation) as exc:
        _record(election, clerk_a, received_on=DEC(20))
    assert exc.value.rule == "VOT-6"


def test_vot_6_the_person_concerned_is_a_resident_of_the_community_or_a_name(
        posted, registering, voters, clerk_a, community_b):
    objection = _record(registering, clerk_a, subject=voters[0], subject_name="")
    assert objection.subject_name == voters[0].name
    outsider = add_residents(community_b, 1)[0]
    with pytest.raises(RuleViolation):
        _record(registering, clerk_a, subject=outsider, subject_name="")
    with pytest.raises(RuleViolation):
        _record(registering, clerk_a, subject_name=" ")


# --- deciding: the deadline -------------------------------------------------------------------------------

def test_vot_6_decision_is_due_three_days_after_receipt(posted, registering, clerk_a):
    assert _record(registering, clerk_a, received_on=DEC(12)).decision_due == DEC(15)


def test_vot_6_decision_is_due_before_election_day(posted, registering, clerk_a):
    assert _record(registering, clerk_a, received_on=DEC(15)).decision_due == DEC(18)
    # A profile deciding within 10 days would run past election day: the day before it is the limit.
    registering.profile_snapshot["objection_decision_days"] = 10
    registering.save(update_fields=["profile_snapshot"])
    registering.refresh_from_db()
    objection = Objection.objects.select_related("election").get()
    assert objection.decision_due == DEC(19)


@pytest.mark.parametrize("decided_on", [DEC(12), DEC(15)])
def test_vot_6_decides_on_the_day_of_receipt_up_to_the_due_day(posted, registering, clerk_a, decided_on):
    objection = _record(registering, clerk_a, received_on=DEC(12))
    objection = objection_decide(objection=objection, actor=clerk_a, decision="rejected",
                                 reason="经核实，李四仍在本社区居住。", decided_on=decided_on)
    assert (objection.decision, objection.decided_on, objection.decided_by) == (
        "rejected", decided_on, clerk_a)
    assert AuditLog.objects.filter(action="voters.objection.rejected").count() == 1


def test_vot_6_refuses_a_decision_the_day_after_it_was_due(posted, registering, clerk_a):
    objection = _record(registering, clerk_a, received_on=DEC(12))
    with pytest.raises(RuleViolation) as exc:
        objection_decide(objection=objection, actor=clerk_a, decision="upheld", reason="属实",
                         decided_on=DEC(16))
    assert exc.value.rule == "VOT-6"
    assert "2026年12月15日" in exc.value.messages[0]
    objection.refresh_from_db()
    assert objection.is_pending and objection.is_overdue(DEC(16)) and not objection.is_overdue(DEC(15))


@pytest.mark.parametrize("decision, reason", [("upheld", " "), ("maybe", "理由")])
def test_vot_6_a_decision_is_upheld_or_rejected_with_a_reason(posted, registering, clerk_a, decision, reason):
    objection = _record(registering, clerk_a)
    with pytest.raises(RuleViolation) as exc:
        objection_decide(objection=objection, actor=clerk_a, decision=decision, reason=reason,
                         decided_on=DEC(13))
    assert exc.value.rule == "VOT-6"


def test_vot_6_an_objection_is_decided_once(posted, registering, clerk_a):
    objection = _record(registering, clerk_a)
    objection_decide(objection=objection, actor=clerk_a, decision="upheld", reason="属实", decided_on=DEC(13))
    with pytest.raises(RuleViolation):
        objection_decide(objection=objection, actor=clerk_a, decision="rejected", reason="改判",
                         decided_on=DEC(13))


# --- the checklist step ----------------------------------------------------------------------------------

def test_vot_6_the_step_is_done_when_every_objection_is_decided_and_undone_by_a_new_one(posted, registering,
                                                                                      clerk_a):
    first, second = _record(registering, clerk_a), _record(registering, clerk_a, subject_name="王五")
    objection_decide(objection=first, actor=clerk_a, decision="rejected", reason="不属实", decided_on=DEC(13))
    assert not _decided(first)
    objection_decide(objection=second, actor=clerk_a, decision="rejected", reason="不属实", decided_on=DEC(13))
    assert _decided(first)
    _record(registering, clerk_a, received_on=DEC(14), subject_name="赵六")
    assert not _decided(first)


def test_vot_6_a_list_nobody_objected_to_closes_its_period_after_the_window(posted, registering, clerk_a):
    with pytest.raises(RuleViolation):
        objections_period_close(election=registering, actor=clerk_a, on=DEC(15))
    objections_period_close(election=registering, actor=clerk_a, on=DEC(16))
    assert StepCompletion.objects.filter(election=registering, step="objections_decided").exists()


# --- an upheld objection leads to a change ---------------------------------------------------------------

def test_vot_6_an_upheld_objection_leads_to_a_removal_that_names_it(posted, registering, voters, clerk_a):
    objection = _record(registering, clerk_a, subject=voters[0], subject_name="")
    with pytest.raises(RuleViolation):  # not decided yet
        voter_remove_after_posting(registration=Registration.objects.get(resident=voters[0]),
                                   reason_kind="objection", reason="已迁出", objection=objection, actor=clerk_a,
                                   on=DEC(13))
    objection_decide(objection=objection, actor=clerk_a, decision="upheld", reason="经核实已迁出",
                     decided_on=DEC(13))
    change = voter_remove_after_posting(registration=Registration.objects.get(resident=voters[0]),
                                        reason_kind="objection", reason="经核实已于11月迁出", objection=objection,
                                        actor=clerk_a, on=DEC(13))
    assert change.objection == objection and objection.changes.get() == change


def test_vot_6_an_upheld_objection_can_add_a_resident_left_off(posted, registering, clerk_a):
    left_off = add_residents(registering.community, 1)[0]
    objection = _record(registering, clerk_a, subject=left_off, subject_name="")
    objection_decide(objection=objection, actor=clerk_a, decision="upheld", reason="漏登", decided_on=DEC(13))
    change = voter_add_after_posting(election=registering, resident=left_off, reason_kind="objection",
                                     reason="漏登，经申诉核实增补", objection=objection, actor=clerk_a, on=DEC(13))
    assert change.change == "added"


# --- the objections page ----------------------------------------------------------------------------------

def test_the_clerk_records_and_decides_an_objection_on_the_page(posted, registering, voters, clerk_a,
                                                                client_as):
    from django.urls import reverse
    client = client_as(clerk_a)
    url = reverse("voters:objections", args=[registering.pk])
    found = client.get(reverse("voters:people_residents", args=[registering.pk]), {"q": voters[0].name}).json()
    assert voters[0].masked_id in [person["id_tail"] for person in found["results"]]
    late = client.post(url, {"objector": "张三", "subject": voters[0].pk, "content": "已迁出",
                             "received_on": "2026-12-16"})
    assert late.status_code == 200 and "VOT-6" in late.content.decode() and not Objection.objects.exists()
    response = client.post(url, {"objector": "张三", "subject": voters[0].pk, "content": "已迁出",
                                 "received_on": "2026-12-12"})
    assert response.status_code == 302
    objection = Objection.objects.get()
    assert (objection.subject, objection.subject_name) == (voters[0], voters[0].name)
    decide = reverse("voters:objection_decide", args=[registering.pk, objection.pk])
    too_late = {"decision": "upheld", "reason": "属实", "decided_on": "2026-12-16"}
    assert client.post(decide, too_late).status_code == 200
    assert client.post(decide, too_late | {"decided_on": "2026-12-13"}).status_code == 302
    objection.refresh_from_db()
    assert objection.decision == "upheld"
    page = client.get(url).content.decode()
    assert reverse("voters:list_remove", args=[registering.pk]) + f"?objection={objection.pk}" in page


def test_the_page_marks_an_overdue_objection(posted, registering, clerk_a, client_as, monkeypatch):
    from django.urls import reverse
    from django.utils import timezone
    _record(registering, clerk_a, received_on=DEC(10))  # due 12-13
    _record(registering, clerk_a, received_on=DEC(12))  # due 12-15
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: DEC(14))
    page = client_as(clerk_a).get(reverse("voters:objections", args=[registering.pk]))
    assert (page.context["overdue"], page.context["pending"]) == (1, 2)
    assert page.content.decode().count('class="table-danger"') == 1


def test_the_names_on_an_objection_follow_the_name_rule(posted, registering, clerk_a):
    """Issue 12, item 3: the importer's name check, in the service behind the objection form too."""
    with pytest.raises(ValidationError) as exc:
        _record(registering, clerk_a, subject_name="=1+1")
    assert "subject_name" in exc.value.message_dict
    assert not Objection.objects.exists()
