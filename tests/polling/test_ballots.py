"""The ballots (PRT, VOTE-8, VOTE-14, CAN-6, VOTE-1): layout, candidates in stroke order, marks, write-in
rows, instructions, serial numbers, one sheet each even with 24 candidates, numbered print runs in the
background."""
import re

import pytest

from elections.services.errors import RuleViolation
from elections.states import State
from polling import ballots, testing
from elections.models import Job
from polling.services.batches import ballot_batch_request, batch_path

from .conftest import CANDIDATES, page_texts, pdf_pages, with_rules

SERIAL = re.compile(r"(\d{4,5})$")


def serials(pdf):
    return [SERIAL.search(text).group(1) for text in page_texts(pdf)]


def test_a_ballot_lists_every_candidate_with_the_three_boxes_and_a_write_in_row_per_seat(nominated):
    text = page_texts(ballots.specimen_pdf(nominated))

    assert len(text) == 1
    for name in sum(CANDIDATES.values(), []):
        assert name in text[0]
    assert text[0].count("候选人姓名同意不同意弃权") == 3  # one table of boxes per position
    assert text[0].count("另选他人：") == nominated.total_seats == 5
    assert "主任（应选1名）" in text[0] and "委员（应选3名）" in text[0]


def test_can_6_candidates_are_in_surname_stroke_order(nominated):
    text = page_texts(ballots.specimen_pdf(nominated))[0]

    # 王 (4 strokes) before 刘 (6); 李 (7) before 赵 (9); 孙 (6) 张 (7) 陈 (7) 周 (8)
    assert text.index("王建国") < text.index("刘芳")
    assert text.index("李秀英") < text.index("赵强")
    assert text.index("孙丽") < text.index("张伟") < text.index("周敏")


def test_vote_8_the_instructions_say_how_to_mark_and_what_invalidates_the_ballot(nominated):
    text = page_texts(ballots.specimen_pdf(nominated))[0]

    assert "填写说明" in text and "划“○”" in text
    assert "多于应选名额的，整张选票无效" in text
    assert "无法辨认的，该符号不计同意也不计不同意" in text
    assert "空白选票为有效票" in text
    # VOTE-14: one ballot for all positions: the roll-down is explained.
    assert "同时计为其副主任和委员的得票" in text


def test_vote_8_with_the_position_rule_only_that_position_is_invalid(nominated):
    election = with_rules(nominated, overmark_invalidates="position")

    text = page_texts(ballots.specimen_pdf(election))[0]
    assert "该职位的选票无效，其他职位仍然有效" in text


def test_vote_14_separate_ballots_per_position_are_numbered_alike(nominated):
    election = with_rules(nominated, ballot_layout="separate")

    pdf = ballots.ballots_pdf(election, 7, 9)
    texts = page_texts(pdf)
    assert len(texts) == 9
    assert ["主任选票" in t for t in texts[:3]] == [True] * 3
    assert ["副主任选票" in t for t in texts[3:6]] == [True] * 3
    assert ["委员选票" in t for t in texts[6:]] == [True] * 3
    assert serials(pdf) == ["0007", "0008", "0009"] * 3
    assert "王建国" in texts[0] and "王建国" not in texts[3]


def test_a_numbered_run_has_one_page_per_ballot_with_unique_sequential_serials(nominated):
    pdf = ballots.ballots_pdf(nominated, 1, 40)

    texts = page_texts(pdf)
    assert len(texts) == 40
    assert serials(pdf) == [f"{n:04d}" for n in range(1, 41)]
    for text in texts:
        assert all(name in text for name in sum(CANDIDATES.values(), []))


def test_1300_ballots_are_one_pdf_numbered_0001_to_1300(nominated):
    pdf = ballots.ballots_pdf(nominated, 1, 1300)

    pages = pdf_pages(pdf)
    assert len(pages) == 1300
    assert SERIAL.search("".join(pages[0].extract_text().split())).group(1) == "0001"
    assert SERIAL.search("".join(pages[-1].extract_text().split())).group(1) == "1300"


def test_a_ballot_with_24_candidates_fits_one_sheet_with_every_name(direct_election, voters):
    election = testing.set_state(direct_election, State.NOMINATION, member_seats=7)
    names = testing.chinese_names(24, seed=5)
    testing.make_formal_candidates(election, {"chair": names[:2], "vice_chair": names[2:4],
                                              "member": names[4:]})

    pdf = ballots.ballots_pdf(election, 1, 3)
    texts = page_texts(pdf)
    assert len(texts) == 3  # no split ballot, no blank page
    for text in texts:
        assert all(name in text for name in names)
        assert text.count("另选他人：") == 9
    assert serials(pdf) == ["0001", "0002", "0003"]


def test_the_ballots_of_a_rehearsal_say_so(community_a, clerk_a):
    from tests import factories

    election = factories.election(community_a, actor=clerk_a, term=30, is_rehearsal=True)
    testing.make_formal_candidates(election, CANDIDATES)
    testing.set_state(election, State.NOMINATION, method="direct")

    assert "（演练）" in page_texts(ballots.specimen_pdf(election))[0]


# --- print runs ---------------------------------------------------------------------------------------------

def test_a_print_run_reserves_its_serials_and_prints_in_the_background(nominated, clerk_a, private_media,
                                                                       django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = ballot_batch_request(election=nominated, voters=12, spare=3, actor=clerk_a)

    batch.refresh_from_db()
    batch.job.refresh_from_db()
    assert (batch.first_serial, batch.last_serial, batch.job.status) == (1, 15, "done")
    assert batch.job.done == batch.job.total == 15
    path = batch_path(batch)
    assert path.is_file() and str(path).startswith(str(private_media))
    assert serials(path.read_bytes()) == [f"{n:04d}" for n in range(1, 16)]


def test_a_second_run_continues_the_serial_numbers(nominated, clerk_a, private_media):
    first = ballot_batch_request(election=nominated, voters=12, spare=3, actor=clerk_a)
    second = ballot_batch_request(election=nominated, voters=0, spare=10, actor=clerk_a)

    assert (first.first_serial, first.last_serial) == (1, 15)
    assert (second.first_serial, second.last_serial) == (16, 25)
    assert str(second) == "0016–0025"


def test_can_6_no_ballots_without_formal_candidates(direct_election, voters, clerk_a):
    testing.set_state(direct_election, State.NOMINATION)

    with pytest.raises(RuleViolation) as exc:
        ballot_batch_request(election=direct_election, voters=12, spare=0, actor=clerk_a)
    assert exc.value.rule == "CAN-6"


def test_a_failed_print_run_says_why(nominated, clerk_a, private_media, monkeypatch,
                                     django_capture_on_commit_callbacks):
    def broken(*args, **kwargs):
        raise ValueError("字体缺失")

    monkeypatch.setattr(ballots, "ballots_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):
        batch = ballot_batch_request(election=nominated, voters=1, spare=0, actor=clerk_a)

    batch.job.refresh_from_db()
    assert (batch.job.status, batch.job.problem) == (Job.Status.FAILED, "字体缺失")
