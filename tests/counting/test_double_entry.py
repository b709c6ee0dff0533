"""Double entry of a ballot box (VOTE-6): two different people, field-by-field differences resolved with a
reason, only the agreed entry counts; plausibility checks of an entry."""
import pytest
from django.db import IntegrityError, transaction

from counting.checks import plausibility_warnings, totals_problems
from counting.models import TallyBox, TallyDifference, TallyEntry
from counting.services import entry as entry_services
from counting.services.matching import differences_resolve
from counting.services.rounds import round_close
from elections.services.errors import NeedsOverride, RuleViolation
from tests.counting.helpers import (counting_setup, enter_lines, enter_totals, first_round, issue, line,
                                    totals_by_key)
from tests.elections.rules import profile

from .test_scenarios import CANDIDATES, CLEAN, SEPARATE

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(community_a, clerk_a):
    s = counting_setup(community_a, clerk_a, voters=20, candidates=CANDIDATES, rules=SEPARATE)
    issue(s, 20)
    return s


@pytest.fixture
def box(setup, clerk_a):
    return entry_services.box_open(count_round=first_round(setup, clerk_a), station=setup.station,
                                   mode=TallyBox.Mode.BALLOTS, actor=clerk_a)


def ballots(setup, n=20, member=("范卫东", "高建华", "黄立新")):
    return [line(setup, approve=[("chair", "安国强"), ("vice_chair", "陈秀英"), *[("member", m) for m in member]])
            for _i in range(n)]


def test_vote_6_one_user_cannot_type_both_entries_of_a_box(setup, box, clerk_a):
    enter_lines(box, clerk_a, ballots(setup))
    with pytest.raises(RuleViolation) as refused:
        entry_services.entry_start(box=box, actor=clerk_a)
    assert refused.value.rule == "VOTE-6"


def test_vote_6_the_database_refuses_one_typist_for_both_entries(box, clerk_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        TallyBox.objects.filter(pk=box.pk).update(first_by=clerk_a, second_by=clerk_a)


def test_vote_6_a_third_person_finds_both_entries_taken(setup, box, clerk_a, clerk_a2, supervisor_a):
    entry_services.entry_start(box=box, actor=clerk_a)
    entry_services.entry_start(box=box, actor=clerk_a2)
    with pytest.raises(RuleViolation) as refused:
        entry_services.entry_start(box=box, actor=supervisor_a)
    assert refused.value.rule == "VOTE-6" and box.entries.count() == 2


def test_vote_6_only_the_typist_types_into_an_entry(setup, box, clerk_a, clerk_a2):
    entry = entry_services.entry_start(box=box, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        entry_services.lines_add(entry=entry, lines=ballots(setup, 1), actor=clerk_a2)
    assert refused.value.rule == "VOTE-6"


def test_vote_6_going_back_to_ones_own_entry_resumes_it(box, clerk_a):
    first = entry_services.entry_start(box=box, actor=clerk_a)
    assert entry_services.entry_start(box=box, actor=clerk_a) == first


def test_equal_entries_agree_and_the_first_counts(setup, box, clerk_a, clerk_a2):
    first = enter_lines(box, clerk_a, ballots(setup))
    enter_lines(box, clerk_a2, ballots(setup))
    box.refresh_from_db()
    assert box.status == TallyBox.Status.AGREED and box.agreed_entry_id == first.pk
    assert (first.returned, first.valid, first.invalid, first.blank) == (20, 20, 0, 0)


def test_vote_6_a_double_entry_mismatch_is_listed_field_by_field_and_resolved_with_a_reason(
        setup, box, clerk_a, clerk_a2):
    typed = ballots(setup)
    mistyped = list(typed)
    mistyped[6] = line(setup, approve=[("chair", "白建军"), ("vice_chair", "陈秀英"), ("member", "范卫东"),
                                       ("member", "高建华"), ("member", "黄立新")])
    enter_lines(box, clerk_a, typed)
    enter_lines(box, clerk_a2, mistyped)
    box.refresh_from_db()
    assert box.status == TallyBox.Status.DIFFERENCES
    diffs = {d.key: (d.first, d.second) for d in box.differences.all()}
    a, b = setup.ids["安国强"], setup.ids["白建军"]
    assert diffs == {f"line:7:chair:{a}": ("a", ""), f"line:7:chair:{b}": ("", "a")}
    # only a matched entry counts: the round cannot close
    with pytest.raises(RuleViolation, match="选举大会会场"):
        round_close(count_round=box.count_round, actor=clerk_a)

    ids = {d.key: d.pk for d in box.differences.all()}
    with pytest.raises(RuleViolation):
        differences_resolve(box=box, choices={ids[f"line:7:chair:{a}"]: "second"}, reason=" ", actor=clerk_a)
    differences_resolve(box=box, choices={ids[f"line:7:chair:{a}"]: "second"}, reason="第7张选票同意白建军",
                        actor=clerk_a)
    box.refresh_from_db()
    assert box.status == TallyBox.Status.DIFFERENCES  # one left open
    differences_resolve(box=box, choices={ids[f"line:7:chair:{b}"]: "second"}, reason="第7张选票同意白建军",
                        actor=clerk_a)
    box.refresh_from_db()
    assert box.status == TallyBox.Status.AGREED and box.agreed_entry.role == TallyEntry.Role.AGREED
    assert TallyDifference.objects.filter(box=box, choice="second").count() == 2
    closed = round_close(count_round=box.count_round, actor=clerk_a)
    assert closed.result["votes"]["chair"] == {setup.key("安国强"): 19, setup.key("白建军"): 1}


def test_vote_6_totals_entries_differ_by_field(setup, clerk_a, clerk_a2):
    box = entry_services.box_open(count_round=first_round(setup, clerk_a), station=setup.station,
                                  mode=TallyBox.Mode.TOTALS, actor=clerk_a)
    enter_totals(box, clerk_a, returned=20, valid=20, invalid=0, totals=totals_by_key(setup, CLEAN))
    typo = {**CLEAN, "member": {**CLEAN["member"], "黄立新": 12}}
    enter_totals(box, clerk_a2, returned=20, valid=20, invalid=0, totals=totals_by_key(setup, typo))
    box.refresh_from_db()
    [diff] = box.differences.all()
    assert (diff.key, diff.first, diff.second) == (f"votes:member:{setup.key('黄立新')}", "11", "12")
    differences_resolve(box=box, choices={diff.pk: "first"}, reason="计票单为11票", actor=clerk_a2)
    box.refresh_from_db()
    assert box.agreed_entry.totals["member"][setup.key("黄立新")] == 11


def test_a_discarded_entry_is_typed_again_by_someone_other_than_the_other_typist(
        setup, box, clerk_a, clerk_a2, district_admin):
    enter_lines(box, clerk_a, ballots(setup))
    second = enter_lines(box, clerk_a2, ballots(setup, member=("范卫东", "高建华", "刘芳")))
    entry_services.entry_discard(entry=second, actor=clerk_a, reason="第二次录入未按选票顺序")
    box.refresh_from_db()
    assert box.status == TallyBox.Status.OPEN and box.second_by is None and not box.differences.exists()
    with pytest.raises(RuleViolation):  # the first typist still may not type the other entry
        entry_services.entry_start(box=box, actor=clerk_a)
    enter_lines(box, clerk_a2, ballots(setup))
    box.refresh_from_db()
    assert box.status == TallyBox.Status.AGREED


def test_vote_6_ballots_typed_must_come_to_the_ballots_in_the_box(setup, box, clerk_a):
    entry = entry_services.entry_start(box=box, actor=clerk_a)
    entry_services.lines_add(entry=entry, lines=ballots(setup, 19), actor=clerk_a)
    with pytest.raises(RuleViolation, match="19") as refused:
        entry_services.entry_submit(entry=entry, actor=clerk_a, returned=20)
    assert refused.value.rule == "VOTE-6"


def test_deleting_a_line_moves_the_later_lines_up(setup, box, clerk_a):
    entry = entry_services.entry_start(box=box, actor=clerk_a)
    typed = [line(setup, approve=[("chair", "安国强")], serial=f"{i:04d}") for i in range(1, 5)]
    entry_services.lines_add(entry=entry, lines=typed, actor=clerk_a)
    entry_services.line_delete(entry=entry, number=2, actor=clerk_a)
    assert list(entry.lines.values_list("number", "serial")) == [(1, "0001"), (2, "0003"), (3, "0004")]


def test_vote_8_a_mark_for_someone_not_on_the_ballot_is_refused(setup, box, clerk_a):
    entry = entry_services.entry_start(box=box, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        entry_services.lines_add(entry=entry, lines=[line(setup, approve=[("member", "安国强")])], actor=clerk_a)
    assert refused.value.rule == "VOTE-8"


def test_vote_6_totals_that_do_not_add_up_cannot_be_finished(setup, clerk_a):
    box = entry_services.box_open(count_round=first_round(setup, clerk_a), station=setup.station,
                                  mode=TallyBox.Mode.TOTALS, actor=clerk_a)
    with pytest.raises(RuleViolation) as refused:
        enter_totals(box, clerk_a, returned=20, valid=18, invalid=1, totals=totals_by_key(setup, CLEAN))
    assert refused.value.rule == "VOTE-6" and "19" in str(refused.value)


@pytest.mark.parametrize(("invalid", "warned"), [(3, False), (4, True)])
def test_vote_8_invalid_ballots_above_three_percent_warn(invalid, warned):
    warnings = plausibility_warnings(station="会场", returned=100, invalid=invalid, blank=0, issued=100,
                                     rules=profile())
    assert [w.rule for w in warnings] == (["VOTE-8"] if warned else [])


@pytest.mark.parametrize(("returned", "warned"), [(100, False), (101, True)])
def test_vote_7_more_ballots_in_a_box_than_issued_there_warns(returned, warned):
    warnings = plausibility_warnings(station="会场", returned=returned, invalid=0, blank=0, issued=100,
                                     rules=profile())
    assert [w.rule for w in warnings] == (["VOTE-7"] if warned else [])


def test_vote_8_more_approvals_than_valid_ballots_times_seats_do_not_add_up():
    totals = {"member": {"c1": 10, "c2": 10, "c3": 10, "c4": 1}}
    problems = totals_problems(returned=10, valid=10, invalid=0, blank=0, totals=totals, seats={"member": 3})
    assert [rule for rule, _m in problems] == ["VOTE-8"]


def test_warnings_of_an_entry_need_a_reason_and_are_recorded(setup, box, clerk_a):
    entry = entry_services.entry_start(box=box, actor=clerk_a)
    blank = [line(setup), line(setup)]
    entry_services.lines_add(entry=entry, lines=ballots(setup, 18) + blank, actor=clerk_a)
    with pytest.raises(NeedsOverride):  # 2 blank of 20: 10% > 3%
        entry_services.entry_submit(entry=entry, actor=clerk_a, returned=20)
    entry_services.entry_submit(entry=entry, actor=clerk_a, returned=20, reason="两张空白票")
    assert setup.election.overrides.filter(rule="VOTE-8", reason="两张空白票").count() == 1
