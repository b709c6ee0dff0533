"""Election day and the posting deadlines (VOT-5, CAN-6) and postponement (改期, CAL-4).

Setting a day that can no longer meet the posting deadlines warns, naming the earliest possible day; once the
voter list is posted the day moves only by a street-office decision, which recomputes every deadline and sends
back to the notice board the notices the new day no longer fits.
"""
import datetime

import pytest
from django.urls import reverse

from elections import clock
from elections.checklist import checklist
from elections.models import AuditLog, Election, NoticeRepost, Override, Postponement
from elections.services.elections import election_create, election_transition, election_update
from elections.services.errors import NeedsOverride, RuleViolation
from elections.services.postponements import election_notice_repost, election_postpone, postponement_problems
from polling import testing as polling_testing
from polling.models import BallotIssue
from polling.services.rounds import current_round, issuance_problems
from tests import factories
from tests.voters.conftest_publication import add_voters
from voters.models import VoterListReposting
from voters.services.publication import voter_list_publish, voter_list_repost

D = datetime.date
TODAY = D(2026, 12, 4)


def on(day):
    return clock.travelling_to(day)


# --- election day that cannot meet the posting deadlines (warn, VOT-5 / CAN-6) -------------------------------

@pytest.mark.parametrize("profile_key, earliest", [("seed-district-plan", D(2026, 12, 14)),
                                                   ("national-model", D(2026, 12, 24))])
def test_vot_5_creating_an_election_the_day_before_the_earliest_possible_day_warns_naming_it(
        community_a, clerk_a, profile_key, earliest):
    profile = factories.profile(profile_key)
    with on(TODAY), pytest.raises(NeedsOverride) as exc:
        election_create(community=community_a, term=12, profile=profile, actor=clerk_a,
                        election_date=earliest - datetime.timedelta(days=1))
    assert [w.rule for w in exc.value.warnings] == ["VOT-5"]
    assert earliest.isoformat() in exc.value.warnings[0].message
    assert not Election.objects.filter(community=community_a).exists()
    with on(TODAY):
        election = election_create(community=community_a, term=12, profile=profile, actor=clerk_a,
                                   election_date=earliest)
    assert not Override.objects.filter(election=election).exists()


def test_can_6_a_day_too_close_even_for_the_candidates_warns_for_both_naming_the_earliest_day(community_a, clerk_a):
    with on(TODAY), pytest.raises(NeedsOverride) as exc:
        election_create(community=community_a, term=12, profile=factories.profile(), actor=clerk_a,
                        election_date=D(2026, 12, 6))
    assert [w.rule for w in exc.value.warnings] == ["VOT-5", "CAN-6"]
    assert all("2026-12-14" in w.message for w in exc.value.warnings)


def test_vot_5_a_written_reason_goes_ahead_and_is_recorded_as_an_override(community_a, clerk_a):
    with on(TODAY):
        election = election_create(community=community_a, term=12, profile=factories.profile(), actor=clerk_a,
                                   election_date=D(2026, 12, 13), override_reason="街道统一安排")
    override = Override.objects.get(election=election)
    assert (override.rule, override.reason) == ("VOT-5", "街道统一安排")
    assert "2026-12-14" in override.message
    assert AuditLog.objects.filter(action="elections.warning.overridden", election=election).exists()


@pytest.mark.parametrize("profile_key, earliest", [("seed-district-plan", D(2026, 12, 14)),
                                                   ("national-model", D(2026, 12, 24))])
def test_vot_5_changing_election_day_warns_at_the_edge_too(community_a, clerk_a, profile_key, earliest):
    election = factories.election(community_a, actor=clerk_a, term=12, profile_key=profile_key,
                                  election_date=D(2027, 1, 10))
    with on(TODAY):
        with pytest.raises(NeedsOverride):
            election_update(election=election, actor=clerk_a, election_date=earliest - datetime.timedelta(days=1))
        assert election_update(election=election, actor=clerk_a, election_date=earliest).election_date == earliest


def test_the_settings_page_asks_for_a_reason_naming_the_earliest_day_then_saves(election_a, clerk_a, client_as,
                                                                                settings):
    settings.CLOCK_TODAY = TODAY.isoformat()
    client, url = client_as(clerk_a), reverse("election_edit", args=[election_a.pk])
    form = {"election_date": "2026-12-13", "vice_chair_seats": 1, "member_seats": 3}
    assert "2026-12-14" in client.get(url).content.decode()
    warned = client.post(url, form)
    assert warned.status_code == 200
    assert "2026-12-14" in str(warned.context["form"].errors["override_reason"])
    election_a.refresh_from_db()
    assert election_a.election_date == D(2026, 12, 20)
    saved = client.post(url, {**form, "override_reason": "街道统一安排，已报备"})
    assert saved.status_code == 302
    election_a.refresh_from_db()
    assert election_a.election_date == D(2026, 12, 13)
    assert Override.objects.get(election=election_a).reason == "街道统一安排，已报备"


# --- postponement (CAL-4) ---------------------------------------------------------------------------------------

@pytest.fixture
def posted(election_a, clerk_a):
    """Election A (12-20) with its voter list posted on 2026-12-08 (its deadline is 12-10)."""
    factories.ready_for_registration(election_a, clerk_a)
    election = election_transition(election=election_a, to="registration", actor=clerk_a)
    add_voters(election, 6)
    with on(D(2026, 12, 8)):
        voter_list_publish(election=election, actor=clerk_a, posted_on=D(2026, 12, 8))
    return election


def postpone(election, actor, new_date, day=D(2026, 12, 9), **kw):
    fields = {"reason": "社区疫情防控需要", "document_number": "北太街发〔2026〕12号", "decided_on": day} | kw
    with on(day):
        return election_postpone(election=election, actor=actor, new_date=new_date, **fields)


def test_cal_4_the_settings_no_longer_change_election_day_once_the_list_is_posted(posted, clerk_a, client_as,
                                                                                  settings):
    with pytest.raises(RuleViolation) as exc:
        election_update(election=posted, actor=clerk_a, election_date=D(2026, 12, 27))
    assert exc.value.rule == "CAL-4"
    settings.CLOCK_TODAY = "2026-12-09"
    client, url = client_as(clerk_a), reverse("election_edit", args=[posted.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="day-locked"' in page and reverse("election_postpone", args=[posted.pk]) in page
    client.post(url, {"election_date": "2026-12-27", "vice_chair_seats": 1, "member_seats": 3, "place": "广场"})
    posted.refresh_from_db()
    assert (posted.election_date, posted.place) == (D(2026, 12, 20), "广场")


def test_cal_4_a_clerk_cannot_postpone_and_nothing_before_the_list_is_posted(election_a, posted, clerk_a,
                                                                            supervisor_a, community_b):
    with pytest.raises(RuleViolation) as exc:
        postpone(posted, clerk_a, D(2026, 12, 27))
    assert exc.value.rule == "CAL-4" and "街道" in exc.value.messages[0]
    other = factories.election(community_b, term=12)
    assert postponement_problems(other)[0][0] == "CAL-4"
    with pytest.raises(RuleViolation):
        postpone(other, supervisor_a, D(2026, 12, 27))


def test_cal_4_the_street_office_postpones_and_every_deadline_follows(posted, supervisor_a):
    postponement = postpone(posted, supervisor_a, D(2026, 12, 27))
    posted.refresh_from_db()
    assert posted.election_date == D(2026, 12, 27)
    assert (postponement.old_date, postponement.new_date, postponement.document_number, postponement.decided_on,
            postponement.entered_by) == (D(2026, 12, 20), D(2026, 12, 27), "北太街发〔2026〕12号",
                                         D(2026, 12, 9), supervisor_a)
    log = AuditLog.objects.get(action="elections.election.postponed")
    assert (log.before, log.after["election_date"]) == ({"election_date": "2026-12-20"}, "2026-12-27")
    rows = {r.step.key: r for r in checklist(posted, today=D(2026, 12, 9))}
    assert rows["candidates_posted"].deadline.date == D(2026, 12, 24)
    assert rows["proxies_arranged"].deadline.date == D(2026, 12, 25)


def test_cal_5_the_first_round_is_held_on_the_new_day(posted, supervisor_a):
    postpone(posted, supervisor_a, D(2026, 12, 27))
    election = Election.objects.get(pk=posted.pk)
    Election.objects.filter(pk=election.pk).update(state="voting")
    election.refresh_from_db()
    with on(D(2026, 12, 20)):
        problems = issuance_problems(election)
    assert problems[0][0] == "CAL-5" and "2026-12-27" in problems[0][1]
    with on(D(2026, 12, 27)):
        assert issuance_problems(election) == []


def test_cal_4_a_later_day_keeps_the_list_posted_and_sends_the_announcement_back(posted, supervisor_a):
    postpone(posted, supervisor_a, D(2026, 12, 27))
    reposts = list(NoticeRepost.objects.filter(election=posted))
    assert [r.notice for r in reposts] == ["election_notice"]
    assert reposts[0].message == "选举公告须重新张贴：公告载明的是原选举日2026-12-20，新选举日为2026-12-27。"


def test_cal_4_an_earlier_day_warns_with_the_earliest_day_and_sends_the_list_back(posted, supervisor_a):
    with pytest.raises(NeedsOverride) as exc:
        postpone(posted, supervisor_a, D(2026, 12, 17))
    assert exc.value.warnings[0].rule == "VOT-5" and "2026-12-18" in exc.value.warnings[0].message
    postpone(posted, supervisor_a, D(2026, 12, 17), override_reason="区里统一调整")
    voter_list = NoticeRepost.objects.get(election=posted, notice="voter_list")
    assert voter_list.message == "选民名单须重新张贴：原张贴日2026-12-08距新选举日2026-12-17不足10日。"
    assert Override.objects.get(election=posted, rule="VOT-5").reason == "区里统一调整"


def test_cal_4_at_the_edge_the_list_posted_10_days_before_the_new_day_stays(posted, supervisor_a):
    postpone(posted, supervisor_a, D(2026, 12, 18))
    assert not NoticeRepost.objects.filter(election=posted, notice="voter_list").exists()


def test_cal_4_the_list_and_the_announcement_are_posted_again_and_the_marks_close(posted, supervisor_a, clerk_a):
    postpone(posted, supervisor_a, D(2026, 12, 17), override_reason="区里统一调整")
    with on(D(2026, 12, 10)):
        with pytest.raises(RuleViolation):  # CAL-4: not before the decision
            voter_list_repost(election=posted, actor=clerk_a, posted_on=D(2026, 12, 8))
        reposting = voter_list_repost(election=posted, actor=clerk_a, posted_on=D(2026, 12, 10))
        election_notice_repost(election=posted, actor=clerk_a, posted_on=D(2026, 12, 10))
    assert (reposting.posted_on, reposting.election_date, reposting.version.number) == (
        D(2026, 12, 10), D(2026, 12, 17), 1)
    assert not NoticeRepost.objects.filter(election=posted, reposted_on__isnull=True).exists()
    assert all(r.repost is None for r in checklist(posted, today=D(2026, 12, 10)))
    with on(D(2026, 12, 10)), pytest.raises(RuleViolation):
        voter_list_repost(election=posted, actor=clerk_a, posted_on=D(2026, 12, 10))


def test_cal_4_the_candidates_posted_again_after_a_postponement(posted, supervisor_a, clerk_a):
    from candidates.models import CandidatePosting
    from candidates.services.candidates import candidates_post
    election_transition(election=posted, to="nomination", actor=clerk_a)
    polling_testing.make_formal_candidates(posted, {"chair": ["甲一", "甲二"], "vice_chair": ["乙一", "乙二"],
                                                    "member": ["丙一", "丙二", "丙三", "丙四"]})
    with on(D(2026, 12, 9)):
        first = candidates_post(election=posted, actor=clerk_a, posted_on=D(2026, 12, 9))
    postpone(posted, supervisor_a, D(2026, 12, 11), day=D(2026, 12, 9), override_reason="区里统一调整")
    mark = NoticeRepost.objects.get(election=posted, notice="candidates")
    assert mark.message == "正式候选人名单须重新张贴：原张贴日2026-12-09距新选举日2026-12-11不足3日。"
    with on(D(2026, 12, 10)):
        again = candidates_post(election=posted, actor=clerk_a, posted_on=D(2026, 12, 10))
        with pytest.raises(RuleViolation):  # the same list, and nothing waits any more
            candidates_post(election=posted, actor=clerk_a, posted_on=D(2026, 12, 10))
    assert again.candidates == first.candidates and "CAL-4" in again.note
    assert CandidatePosting.objects.filter(election=posted).count() == 2
    mark.refresh_from_db()
    assert mark.reposted_on == D(2026, 12, 10)
    assert posted.steps_done.get(step="candidates_posted").done_on == D(2026, 12, 9)


def test_cal_4_no_postponement_once_a_ballot_of_the_first_round_is_issued(posted, supervisor_a):
    Election.objects.filter(pk=posted.pk).update(state="voting")
    posted.refresh_from_db()
    registration = posted.registrations.first()
    station = polling_testing.staffed_station(posted)
    BallotIssue.objects.create(round=current_round(posted), registration=registration, station=station)
    problems = postponement_problems(posted)
    assert problems[0][0] == "CAL-4" and "1" in problems[0][1]
    with pytest.raises(RuleViolation) as exc:
        postpone(posted, supervisor_a, D(2026, 12, 27))
    assert exc.value.rule == "CAL-4"
    assert not Postponement.objects.exists()


def test_cal_4_a_second_postponement_that_fits_the_list_again_withdraws_its_mark(posted, supervisor_a):
    postpone(posted, supervisor_a, D(2026, 12, 17), override_reason="区里统一调整")
    postpone(posted, supervisor_a, D(2026, 12, 24), day=D(2026, 12, 10))
    open_marks = NoticeRepost.objects.filter(election=posted, reposted_on__isnull=True)
    assert [m.notice for m in open_marks] == ["election_notice"]
    # The announcement on the board still prints the day before the first postponement.
    assert open_marks.get().message == "选举公告须重新张贴：公告载明的是原选举日2026-12-20，新选举日为2026-12-24。"
    assert AuditLog.objects.filter(action="elections.notice.repost_withdrawn").count() == 1


def test_cal_4_the_decision_date_is_a_dated_act(posted, supervisor_a):
    with pytest.raises(RuleViolation) as exc:
        postpone(posted, supervisor_a, D(2026, 12, 27), day=D(2026, 12, 9), decided_on=D(2026, 12, 10))
    assert exc.value.rule == "CAL-5"
    postpone(posted, supervisor_a, D(2026, 12, 27), day=D(2026, 12, 9), decided_on=D(2026, 12, 2))
    assert posted.backdated_acts.get(act="postponement").days_back == 7


# --- through the pages ------------------------------------------------------------------------------------------

def test_the_supervisor_postpones_on_the_page_and_the_election_page_says_what_to_post_again(
        posted, supervisor_a, clerk_a, client_as, settings):
    settings.CLOCK_TODAY = "2026-12-09"
    url = reverse("election_postpone", args=[posted.pk])
    clerk_page = client_as(clerk_a).get(url).content.decode()
    assert 'data-testid="postpone-read-only"' in clerk_page and 'name="document_number"' not in clerk_page
    data = {"new_date": "2026-12-17", "reason": "社区疫情防控需要", "document_number": "北太街发〔2026〕12号",
            "decided_on": "2026-12-09"}
    client = client_as(supervisor_a)
    warned = client.post(url, data)
    assert warned.status_code == 200 and "2026-12-18" in str(warned.context["form"].errors["override_reason"])
    assert client.post(url, {**data, "override_reason": "区里统一调整"}).status_code == 302
    page = client_as(clerk_a).get(reverse("election_detail", args=[posted.pk])).content.decode()
    assert "选民名单须重新张贴：原张贴日2026-12-08距新选举日2026-12-17不足10日" in page
    assert "选举公告须重新张贴" in page and "北太街发〔2026〕12号" in page
    checklist_page = client_as(clerk_a).get(reverse("election_checklist", args=[posted.pk])).content.decode()
    assert checklist_page.count('data-testid="checklist-repost"') == 2
    dashboard = client_as(supervisor_a).get(reverse("community_list")).content.decode()
    assert 'data-testid="postponed-badge"' in dashboard


def test_the_clerk_posts_the_list_and_the_announcement_again_from_the_pages(posted, supervisor_a, clerk_a,
                                                                           client_as, settings):
    postpone(posted, supervisor_a, D(2026, 12, 17), override_reason="区里统一调整")
    settings.CLOCK_TODAY = "2026-12-10"
    client = client_as(clerk_a)
    lists = client.get(reverse("voters:lists", args=[posted.pk])).content.decode()
    assert 'data-testid="repost-voter-list"' in lists
    assert client.post(reverse("voters:list_repost", args=[posted.pk]),
                       {"posted_on": "2026-12-10"}).status_code == 302
    assert VoterListReposting.objects.get(election=posted).posted_on == D(2026, 12, 10)
    assert client.post(reverse("election_notice_repost", args=[posted.pk]),
                       {"posted_on": "2026-12-10"}).status_code == 302
    page = client.get(reverse("election_detail", args=[posted.pk])).content.decode()
    assert 'data-testid="repost"' not in page
    lists = client.get(reverse("voters:lists", args=[posted.pk])).content.decode()
    assert "重新张贴（CAL-4）" in lists
