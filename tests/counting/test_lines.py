"""Ballot lines as typed and double entry's field-by-field comparison (counting/lines.py): pure functions."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from counting import lines as L


def test_equal_ballots_encode_to_equal_text_whatever_the_typing_order():
    a = L.Line(marks={"member": {3: L.FOR, 1: L.AGAINST}, "chair": {7: L.FOR}},
               write_ins={"member": ("乙", "甲")})
    b = L.Line(marks={"chair": {7: L.FOR}, "member": {1: L.AGAINST, 3: L.FOR}},
               write_ins={"member": ("甲", "乙")})
    assert a.encode() == b.encode() == '{"chair":{"a":[7]},"member":{"a":[3],"d":[1],"w":["乙","甲"]}}'
    assert L.decode(a.encode()).encode() == a.encode()


def test_a_blank_ballot_encodes_as_an_empty_object():
    assert L.Line().encode() == "{}" and L.decode("{}").is_empty


def test_keys_typed_per_candidate_become_marks():
    contests = {"chair": [1, 2], "member": [3, 4, 5]}
    line = L.parse_row({("chair", 1): "1", ("chair", 2): "2", ("member", 3): "3", ("member", 4): "0",
                        ("member", 5): ""}, {"member": "张三、 李四，张三"}, contests)
    assert line.marks == {"chair": {1: L.FOR, 2: L.AGAINST}, "member": {3: L.UNREADABLE}}
    assert line.write_ins == {"member": ("张三", "李四")}


@pytest.mark.parametrize(("keys", "write_ins"), [
    ({("chair", 1): "5"}, {}),           # not a mark key
    ({("chair", 9): "1"}, {}),           # not on the ballot
    ({}, {"vice_chair": "张三"}),         # no such position on the ballot
])
def test_a_row_with_an_unknown_key_or_candidate_is_refused(keys, write_ins):
    with pytest.raises(L.LineError):
        L.parse_row(keys, write_ins, {"chair": [1, 2]})


def test_vote_8_a_line_becomes_the_rules_ballot_with_unreadable_marks_counted():
    line = L.Line(marks={"member": {1: L.FOR, 2: L.AGAINST, 3: L.UNREADABLE, 4: L.UNREADABLE}},
                  write_ins={"member": ("张三",)})
    ballot = L.to_ballot(line)
    marks = ballot.marks("member")
    assert marks.approvals == {"c1"} and marks.unreadable == 2 and marks.write_ins == ("张三",)
    assert marks.mark_count == 2


def entry(*lines):
    flat = {}
    for number, line in enumerate(lines, start=1):
        flat.update(L.flatten_line(number, line))
    return flat


def test_double_entry_lists_each_differing_field_of_a_line():
    a = entry(L.Line(marks={"member": {1: L.FOR, 2: L.FOR}}), L.Line(serial="0002"))
    b = entry(L.Line(marks={"member": {1: L.FOR, 3: L.FOR}}), L.Line(serial="0020"))
    assert L.differing_keys(a, b) == ["line:1:member:2", "line:1:member:3", "line:2:serial"]


def test_a_line_typed_in_one_entry_only_differs_as_a_whole():
    a = entry(L.Line(marks={"chair": {1: L.FOR}}), L.Line(marks={"chair": {2: L.FOR}}))
    b = entry(L.Line(marks={"chair": {1: L.FOR}}))
    assert L.differing_keys(a, b) == ["line:2"]
    assert L.unflatten_lines(L.apply_choices(a, b, {"line:2": "second"})) == [
        (1, L.Line(marks={"chair": {1: L.FOR}}))]
    assert len(L.unflatten_lines(L.apply_choices(a, b, {"line:2": "first"}))) == 2


def test_the_agreed_entry_takes_the_chosen_side_of_each_difference():
    a = entry(L.Line(marks={"member": {1: L.FOR, 2: L.FOR}}, write_ins={"member": ("张三",)}))
    b = entry(L.Line(marks={"member": {1: L.AGAINST, 3: L.FOR}}))
    choices = {"line:1:member:1": "second", "line:1:member:2": "first", "line:1:member:3": "second",
               "line:1:member:w": "second"}
    [(number, agreed)] = L.unflatten_lines(L.apply_choices(a, b, choices))
    assert number == 1
    assert agreed == L.Line(marks={"member": {1: L.AGAINST, 2: L.FOR, 3: L.FOR}})


marks = st.dictionaries(st.sampled_from(["chair", "member"]),
                        st.dictionaries(st.integers(1, 6), st.sampled_from(L.MARKS), max_size=4), max_size=2)
lines = st.builds(L.Line, marks=marks, write_ins=st.dictionaries(
    st.sampled_from(["member"]), st.lists(st.sampled_from(["张三", "李四"]), min_size=1, unique=True).map(tuple),
    max_size=1), serial=st.sampled_from(["", "0001"]), invalid_reason=st.sampled_from(["", "damaged"]))


@settings(max_examples=150, deadline=None)
@given(st.lists(lines, max_size=5), st.lists(lines, max_size=5), st.booleans())
def test_resolving_every_difference_to_one_side_gives_that_side(first, second, take_second):
    a, b = entry(*first), entry(*second)
    choices = {k: "second" if take_second else "first" for k in L.differing_keys(a, b)}
    agreed = L.apply_choices(a, b, choices)
    assert L.differing_keys(agreed, b if take_second else a) == []
