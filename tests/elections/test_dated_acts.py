"""Dates the law counts (CAL-5): every dated act records its day beside the moment it was entered; an act dated
in the future or before what it follows is refused naming that prerequisite and its day; one dated more than the
profile's days (3) before its entry is accepted and flagged to the street office; the checklist judges by the
act's day.

Election A (tests/conftest.py): election day 2026-12-20, seed profile; the factory sets it up on 2026-10-21 and
`ready_for_registration` holds the committee meeting on 10-10 and the method meeting on 10-12.
"""
import datetime

import pytest
from django.urls import reverse

from candidates.models import Candidate
from candidates.services.candidates import VoteRow, candidates_post, formal_candidates_decide
from candidates.services.nominations import nomination_record
from elections import clock
from elections.acts import ACTS, FACTS, backdated_act_acknowledge
from elections.checklist import checklist, step_done
from elections.forms import ProfileForm
from elections.models import AuditLog, BackdatedAct, DatedAct, RuleProfile, StepCompletion
from elections.services.elections import election_create, election_transition
from elections.services.errors import RuleViolation
from elections.services.meetings import meeting_record
from polling import testing as polling_testing
from polling.services.proxies import proxy_apply, proxy_approve, proxy_refuse
from tests import factories
from tests.voters.conftest_publication import add_voters
from voters.models import Registration, VoterListVersion
from voters.services.objections import objection_decide, objection_record
from voters.services.publication import voter_list_publish
from voters.services.registration import registrations_bulk_confirm

D = datetime.date
ELECTION_DAY = D(2026, 12, 20)


def on(day):
    return clock.travelling_to(day)


@pytest.fixture
def registering(election_a, clerk_a):
    factories.ready_for_registration(election_a, clerk_a)
    return election_transition(election=election_a, to="registration", actor=clerk_a)


def confirmed_voters(election, actor, day, n=5):
    """n voters registered and confirmed by the committee on `day` (through the service)."""
    add_voters(election, n, status=Registration.Status.PENDING)
    with on(day):
        registrations_bulk_confirm(election=election, actor=actor)


def post(election, actor, day, entered=None):
    with on(entered or day):
        return voter_list_publish(election=election, actor=actor, posted_on=day)


@pytest.fixture
def posted(registering, clerk_a):
    """The list confirmed on 12-05 and posted on 12-08 (entered that day)."""
    confirmed_voters(registering, clerk_a, D(2026, 12, 5))
    post(registering, clerk_a, D(2026, 12, 8))
    return registering


# --- the one table ---------------------------------------------------------------------------------------

def test_cal_5_every_dated_act_has_its_row_and_every_prerequisite_a_known_fact():
    assert set(ACTS) == set(DatedAct)
    facts = {p.fact for prerequisites in ACTS.values() for p in prerequisites}
    assert facts <= set(FACTS)
    assert all(FACTS[fact].day is not None for fact in facts), "an app forgot to register a fact's day"
    assert all(p.rule for prerequisites in ACTS.values() for p in prerequisites)


def test_cal_5_both_shipped_profiles_flag_acts_more_than_3_days_back(db):
    assert [p.backdate_flag_days for p in RuleProfile.objects.filter(builtin=True).order_by("key")] == [3, 3]
    assert RuleProfile.objects.get(key="seed-district-plan").snapshot()["backdate_flag_days"] == 3


def test_cal_5_the_backdate_days_are_edited_like_the_other_profile_numbers(district, district_admin):
    from elections.services.profiles import profile_copy, profile_update
    copy = profile_copy(profile=RuleProfile.objects.get(key="seed-district-plan"), actor=district_admin,
                        district=district, key="haidian", name="海淀区方案")
    assert "backdate_flag_days" in ProfileForm(instance=copy).fields
    assert profile_update(profile=copy, actor=district_admin, backdate_flag_days=5).backdate_flag_days == 5


# --- the finding: a list "posted" before any voter was registered ----------------------------------------

def test_cal_5_a_voter_list_dated_before_its_voters_were_confirmed_is_refused(registering, clerk_a):
    confirmed_voters(registering, clerk_a, D(2026, 12, 5))
    with pytest.raises(RuleViolation) as exc:
        post(registering, clerk_a, D(2026, 12, 4), entered=D(2026, 12, 6))
    message = exc.value.messages[0]
    assert exc.value.rule == "CAL-5"
    assert "2026-12-04" in message and "2026-12-05" in message and "名单上选民的资格确认" in message
    assert "VOT-4" in message
    assert not VoterListVersion.objects.filter(election=registering).exists()
    assert post(registering, clerk_a, D(2026, 12, 5), entered=D(2026, 12, 6)).posted_on == D(2026, 12, 5)


def test_cal_2_the_list_is_not_dated_before_election_day_was_fixed(community_a, clerk_a):
    with on(D(2026, 11, 20)):
        election = election_create(community=community_a, term=12, profile=factories.profile(), actor=clerk_a,
                                   election_date=ELECTION_DAY)
    factories.ready_for_registration(election, clerk_a)
    election_transition(election=election, to="registration", actor=clerk_a)
    add_voters(election, 3)  # confirmed on paper, no confirmation day recorded
    with pytest.raises(RuleViolation) as exc:
        post(election, clerk_a, D(2026, 11, 19), entered=D(2026, 11, 21))
    assert "选举日的确定" in exc.value.messages[0] and "2026-11-20" in exc.value.messages[0]
    assert "CAL-2" in exc.value.messages[0]
    assert post(election, clerk_a, D(2026, 11, 20), entered=D(2026, 11, 21)).number == 1


def test_cal_5_an_act_dated_in_the_future_is_refused(election_a, clerk_a):
    with on(D(2026, 12, 1)), pytest.raises(RuleViolation) as exc:
        meeting_record(election=election_a, actor=clerk_a, kind="other", held_on=D(2026, 12, 2),
                       representatives_total=51, present=40)
    assert exc.value.rule == "CAL-5" and "2026-12-02" in exc.value.messages[0]


def test_mth_1_the_method_meeting_is_not_dated_before_the_committee_was_chosen(election_a, clerk_a):
    with on(D(2026, 10, 20)):
        meeting_record(election=election_a, actor=clerk_a, kind="committee", held_on=D(2026, 10, 15),
                       representatives_total=51, present=40)
        with pytest.raises(RuleViolation) as exc:
            meeting_record(election=election_a, actor=clerk_a, kind="method", held_on=D(2026, 10, 14),
                           representatives_total=51, present=40, votes_for=30, method="direct")
    assert "2026-10-15" in exc.value.messages[0] and "MTH-1" in exc.value.messages[0]


# --- back-dated: the 3rd day back is on time, the 4th is flagged -----------------------------------------

@pytest.mark.parametrize("profile_key", ["seed-district-plan", "national-model"])
@pytest.mark.parametrize("held_on, flagged", [(D(2026, 12, 7), False), (D(2026, 12, 6), True)])
def test_cal_5_an_act_entered_4_days_after_its_day_is_flagged_and_3_days_is_not(community_a, clerk_a, profile_key,
                                                                              held_on, flagged):
    election = factories.election(community_a, actor=clerk_a, term=12, profile_key=profile_key)
    with on(D(2026, 12, 10)):
        meeting = meeting_record(election=election, actor=clerk_a, kind="other", held_on=held_on,
                                 representatives_total=51, present=40)
    flags = BackdatedAct.objects.filter(election=election, object_id=str(meeting.pk))
    assert flags.exists() is flagged
    if flagged:
        flag = flags.get()
        assert (flag.act, flag.day, flag.days_back, flag.entered_by) == ("meeting_other", held_on, 4, clerk_a)
        assert timezone_day(flag.entered_at) == D(2026, 12, 10)
        log = AuditLog.objects.get(action="elections.act.backdated", object_id=str(flag.pk))
        assert log.after["days_back"] == 4 and log.election == election


def timezone_day(moment):
    from django.utils import timezone
    return timezone.localdate(moment)


def test_cal_5_a_back_dated_posting_is_accepted_recorded_and_flagged(registering, clerk_a):
    confirmed_voters(registering, clerk_a, D(2026, 12, 1))
    version = post(registering, clerk_a, D(2026, 12, 6), entered=D(2026, 12, 10))
    assert version.posted_on == D(2026, 12, 6) and timezone_day(version.published_at) == D(2026, 12, 10)
    flag = BackdatedAct.objects.get(election=registering, act="voter_list_posted")
    assert (flag.day, flag.days_back, flag.object_id) == (D(2026, 12, 6), 4, str(version.pk))


# --- the checklist judges by the act's day ------------------------------------------------------------------

def test_cal_5_a_list_posted_on_the_10th_and_entered_on_the_12th_is_on_time(registering, clerk_a):
    confirmed_voters(registering, clerk_a, D(2026, 12, 1))
    post(registering, clerk_a, D(2026, 12, 10), entered=D(2026, 12, 12))
    step = StepCompletion.objects.get(election=registering, step="voter_list_published")
    assert (step.done_on, step.entered_on) == (D(2026, 12, 10), D(2026, 12, 12))
    row = {r.step.key: r for r in checklist(registering, today=D(2026, 12, 12))}["voter_list_published"]
    assert row.deadline.date == D(2026, 12, 10) and row.status == "done"


def test_cal_5_a_step_whose_act_was_a_day_after_its_deadline_is_late_whenever_entered(election_a, clerk_a):
    with on(D(2026, 12, 18)):
        step_done(election=election_a, step="candidates_posted", actor=clerk_a, on=D(2026, 12, 18))
    row = {r.step.key: r for r in checklist(election_a, today=D(2026, 12, 19))}["candidates_posted"]
    assert row.deadline.date == D(2026, 12, 17) and row.status == "late"


def test_the_checklist_page_shows_the_act_day_and_when_it_was_entered(registering, clerk_a, client_as):
    confirmed_voters(registering, clerk_a, D(2026, 12, 1))
    post(registering, clerk_a, D(2026, 12, 10), entered=D(2026, 12, 12))
    with on(D(2026, 12, 12)):
        page = client_as(clerk_a).get(reverse("election_checklist", args=[registering.pk])).content.decode()
    assert "2026年12月10日" in page and "录入于 2026年12月12日" in page


# --- the prerequisites of the other acts -------------------------------------------------------------------

def test_can_3_a_nomination_is_not_dated_before_the_list_was_posted(posted, clerk_a):
    election_transition(election=posted, to="nomination", actor=clerk_a)
    resident = Registration.objects.filter(election=posted).first().resident
    with on(D(2026, 12, 9)), pytest.raises(RuleViolation) as exc:
        nomination_record(election=posted, actor=clerk_a, resident=resident, source="self", positions=["member"],
                          nominated_on=D(2026, 12, 7))
    assert "选民名单的张贴" in exc.value.messages[0] and "2026-12-08" in exc.value.messages[0]
    with on(D(2026, 12, 9)):
        assert nomination_record(election=posted, actor=clerk_a, resident=resident, source="self",
                                 positions=["member"], nominated_on=D(2026, 12, 8)).pk


def test_can_3_no_nomination_before_the_list_is_posted_at_all(registering, clerk_a):
    add_voters(registering, 1)
    resident = Registration.objects.filter(election=registering).first().resident
    with on(D(2026, 12, 1)), pytest.raises(RuleViolation) as exc:
        nomination_record(election=registering, actor=clerk_a, resident=resident, source="self",
                          positions=["member"], nominated_on=D(2026, 12, 1))
    assert exc.value.rule == "CAL-5" and "尚无记录" in exc.value.messages[0]


@pytest.fixture
def nominated(posted, clerk_a):
    """Two nominees for chair, two for vice-chair and four for member, nominated on 12-10 (checks cleared)."""
    from candidates.models import NegativeCheck
    from tests.candidates.conftest import add_resident
    election_transition(election=posted, to="nomination", actor=clerk_a)
    plan = ["chair", "chair", "vice_chair", "vice_chair", "member", "member", "member", "member"]
    nominees = []
    with on(D(2026, 12, 10)):
        for i, position in enumerate(plan):
            resident = add_resident(posted, f"候选{'甲乙丙丁戊己庚辛'[i]}")
            nomination = nomination_record(election=posted, actor=clerk_a, resident=resident, source="self",
                                           positions=[position], nominated_on=D(2026, 12, 10))
            nominees.append((nomination.nominee, position))
    NegativeCheck.objects.filter(nominee__election=posted).update(finding="clear", evidence="已核查，无此情形")
    return posted, nominees


def _decide(election, actor, nominees, held_on, entered):
    with on(entered):
        return formal_candidates_decide(election=election, actor=actor, held_on=held_on, representatives_total=51,
                                        present=45, rows=[VoteRow(n, p, 40 - i, True)
                                                          for i, (n, p) in enumerate(nominees)])


def test_can_4_the_candidates_meeting_is_not_dated_before_the_nominations(nominated, clerk_a):
    election, nominees = nominated
    with pytest.raises(RuleViolation) as exc:
        _decide(election, clerk_a, nominees, D(2026, 12, 9), D(2026, 12, 11))
    assert "表决对象的提名" in exc.value.messages[0] and "2026-12-10" in exc.value.messages[0]
    assert not Candidate.objects.filter(election=election).exists()
    assert _decide(election, clerk_a, nominees, D(2026, 12, 10), D(2026, 12, 11)).held_on == D(2026, 12, 10)


def test_can_6_the_candidates_are_not_posted_before_the_meeting_decided_them(nominated, clerk_a):
    election, nominees = nominated
    _decide(election, clerk_a, nominees, D(2026, 12, 12), D(2026, 12, 12))
    with on(D(2026, 12, 13)), pytest.raises(RuleViolation) as exc:
        candidates_post(election=election, actor=clerk_a, posted_on=D(2026, 12, 11))
    assert "确定正式候选人的居民代表会议" in exc.value.messages[0] and "2026-12-12" in exc.value.messages[0]
    with on(D(2026, 12, 13)):
        posting = candidates_post(election=election, actor=clerk_a, posted_on=D(2026, 12, 12))
    step = StepCompletion.objects.get(election=election, step="candidates_posted")
    assert (posting.posted_on, step.done_on, step.entered_on) == (D(2026, 12, 12), D(2026, 12, 12), D(2026, 12, 13))


@pytest.fixture
def proxy_election(election_a):
    from elections.models import Election
    Election.objects.filter(pk=election_a.pk).update(method="direct")
    election_a.refresh_from_db()
    return election_a, polling_testing.make_voters(election_a, 6)


def test_prx_2_a_decision_is_not_dated_before_the_application(proxy_election):
    election, voters = proxy_election
    with on(D(2026, 12, 12)):
        proxy = proxy_apply(election=election, principal=voters[0], holder=voters[1], reason="age",
                            authorisation_signed_on=D(2026, 12, 9), authorisation_note="委托书第1号", actor=None,
                            applied_on=D(2026, 12, 10))
        assert (proxy.applied_on, timezone_day(proxy.applied_at)) == (D(2026, 12, 10), D(2026, 12, 12))
        with pytest.raises(RuleViolation) as exc:
            proxy_approve(proxy=proxy, actor=None, decided_on=D(2026, 12, 9))
        assert "委托投票申请" in exc.value.messages[0] and "2026-12-10" in exc.value.messages[0]
        with pytest.raises(RuleViolation):
            proxy_refuse(proxy=proxy, actor=None, reason="不符合", decided_on=D(2026, 12, 9))
        approved = proxy_approve(proxy=proxy, actor=None, decided_on=D(2026, 12, 11))
    assert (approved.decided_on, timezone_day(approved.decided_at)) == (D(2026, 12, 11), D(2026, 12, 12))


def test_prx_2_an_application_is_not_dated_before_its_written_authorisation(proxy_election):
    election, voters = proxy_election
    with on(D(2026, 12, 12)), pytest.raises(RuleViolation) as exc:
        proxy_apply(election=election, principal=voters[0], holder=voters[1], reason="age",
                    authorisation_signed_on=D(2026, 12, 11), authorisation_note="委托书第1号", actor=None,
                    applied_on=D(2026, 12, 10))
    assert "书面委托书的签署" in exc.value.messages[0] and "2026-12-11" in exc.value.messages[0]


def test_prx_3_the_deadline_is_judged_by_the_day_of_the_decision_not_of_its_entry(proxy_election):
    election, voters = proxy_election
    with on(D(2026, 12, 19)):  # entered the day after the last day (12-18), dated on it
        proxy = proxy_apply(election=election, principal=voters[0], holder=voters[1], reason="age",
                            authorisation_signed_on=D(2026, 12, 17), authorisation_note="委托书第1号", actor=None,
                            applied_on=D(2026, 12, 17))
        assert proxy_approve(proxy=proxy, actor=None, decided_on=D(2026, 12, 18)).status == "approved"


def test_vot_6_an_objection_and_its_decision_record_their_days_and_entries(posted, clerk_a):
    with on(D(2026, 12, 11)):
        objection = objection_record(election=posted, actor=clerk_a, objector="张三", content="漏登",
                                     received_on=D(2026, 12, 9), subject_name="李四")
    with on(D(2026, 12, 13)):
        decided = objection_decide(objection=objection, actor=clerk_a, decision="rejected", reason="不属实",
                                   decided_on=D(2026, 12, 12))
    assert timezone_day(decided.recorded_at) == D(2026, 12, 11) and timezone_day(decided.decided_at) == D(2026, 12, 13)
    step = StepCompletion.objects.get(election=posted, step="objections_decided")
    assert step.done_on == D(2026, 12, 12)


# --- the supervisor sees and acknowledges --------------------------------------------------------------------

@pytest.fixture
def backdated(election_a, clerk_a):
    with on(D(2026, 12, 10)):
        meeting_record(election=election_a, actor=clerk_a, kind="other", held_on=D(2026, 12, 1),
                       representatives_total=51, present=40, decision="补录的会议")
    return BackdatedAct.objects.get(election=election_a, act="meeting_other")


def test_cal_5_the_back_dated_act_is_on_the_election_page_and_the_dashboard(backdated, election_a, supervisor_a,
                                                                           client_as):
    client = client_as(supervisor_a)
    page = client.get(reverse("election_detail", args=[election_a.pk])).content.decode()
    assert "补录事项（CAL-5）" in page and "居民代表会议" in page and "相隔9日" in page
    dashboard = client.get(reverse("community_list")).content.decode()
    assert 'data-testid="backdated-badge"' in dashboard


def test_cal_5_a_supervisor_acknowledges_a_back_dated_act_and_a_clerk_cannot(backdated, election_a, clerk_a,
                                                                           supervisor_a, client_as):
    url = reverse("backdated_acknowledge", args=[election_a.pk, backdated.pk])
    assert client_as(clerk_a).post(url, {"note": "x"}).status_code == 403
    with pytest.raises(RuleViolation):
        backdated_act_acknowledge(flag=backdated, actor=clerk_a)
    assert client_as(supervisor_a).post(url, {"note": "已核实会议记录"}).status_code == 302
    backdated.refresh_from_db()
    assert (backdated.acknowledged_by, backdated.acknowledgement_note) == (supervisor_a, "已核实会议记录")
    assert AuditLog.objects.filter(action="elections.act.backdated_acknowledged").count() == 1
    dashboard = client_as(supervisor_a).get(reverse("community_list")).content.decode()
    assert 'data-testid="backdated-badge"' not in dashboard


# --- through the pages -------------------------------------------------------------------------------------

def test_the_voter_list_page_refuses_a_posting_dated_before_its_voters_were_confirmed(registering, clerk_a,
                                                                                      client_as, settings):
    confirmed_voters(registering, clerk_a, D(2026, 12, 5))
    settings.CLOCK_TODAY = "2026-12-06"
    client = client_as(clerk_a)
    response = client.post(reverse("voters:list_publish", args=[registering.pk]),
                           {"posted_on": "2026-12-04", "confirm": "on"})
    assert response.status_code == 200 and "名单上选民的资格确认" in response.content.decode()
    assert not VoterListVersion.objects.exists()


def test_a_meeting_entered_late_on_its_page_is_flagged_for_the_street_office(election_a, clerk_a, client_as,
                                                                             settings):
    settings.CLOCK_TODAY = "2026-12-10"
    response = client_as(clerk_a).post(reverse("election_meetings", args=[election_a.pk]), {
        "kind": "other", "held_on": "2026-12-06", "representatives_total": 51, "present": 40,
        "votes_for": 0, "votes_against": 0, "abstentions": 0})
    assert response.status_code == 302, response.context["form"].errors
    assert BackdatedAct.objects.get(election=election_a).days_back == 4


def test_vot_6_the_objection_period_closed_on_its_page_counts_from_the_day_given(posted, clerk_a, client_as,
                                                                                 settings):
    settings.CLOCK_TODAY = "2026-12-16"
    url = reverse("voters:objections_close", args=[posted.pk])
    client = client_as(clerk_a)
    refused = client.post(url, {"confirm": "on", "on": "2026-12-13"})  # the window's last day: not over yet
    assert refused.status_code == 200
    assert client.post(url, {"confirm": "on", "on": "2026-12-14"}).status_code == 302
    step = StepCompletion.objects.get(election=posted, step="objections_decided")
    assert (step.done_on, step.entered_on) == (D(2026, 12, 14), D(2026, 12, 16))


def test_vot_8_a_declaration_of_absence_is_a_dated_act_too(proxy_election, clerk_a):
    from voters.services.absences import absence_declare
    election, voters = proxy_election
    with on(D(2026, 12, 10)):
        with pytest.raises(RuleViolation) as exc:
            absence_declare(registration=voters[0], declared_on=D(2026, 12, 11), reason="work", evidence="书面说明",
                            actor=clerk_a)
        assert exc.value.rule == "CAL-5"
        absence = absence_declare(registration=voters[0], declared_on=D(2026, 12, 6), reason="work",
                                  evidence="书面说明", actor=clerk_a)
    assert BackdatedAct.objects.get(election=election, act="absence_declared").object_id == str(absence.pk)
