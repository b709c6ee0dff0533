"""Properties of counting for any ballots (hypothesis): the count by distinct patterns equals the rules' count
ballot by ballot (VOTE-8, VOTE-14), and the result never elects more than the seats nor anyone below the
threshold (VOTE-5, VOTE-9)."""
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from counting import lines as L
from counting.figures import Figures, add_pattern, empty_votes
from counting.people import Person
from elections.rules.ballots import count_ballots
from elections.rules.tally import elect
from tests.elections.rules import profile

SEATS = {"chair": 1, "vice_chair": 1, "member": 3}
CANDIDATES = {"chair": [1, 2], "vice_chair": [3, 4], "member": [5, 6, 7, 8, 9]}
NAMES = ["张三", "李四"]

section = {p: st.dictionaries(st.sampled_from(ids), st.sampled_from(L.MARKS), max_size=len(ids))
           for p, ids in CANDIDATES.items()}
ballot_lines = st.builds(
    L.Line, marks=st.fixed_dictionaries({}, optional=section),
    write_ins=st.fixed_dictionaries({}, optional={"member": st.lists(st.sampled_from(NAMES), min_size=1,
                                                                      unique=True).map(tuple)}))
rule_sets = st.builds(lambda overmark, layout, woman: profile(overmark_invalidates=overmark,
                                                              ballot_layout=layout, require_woman=woman),
                      st.sampled_from(["ballot", "position"]), st.sampled_from(["one", "separate"]),
                      st.booleans())


def pattern_count(lines, rules):
    figures = Figures(votes=empty_votes(SEATS))
    for text, times in Counter(line.encode() for line in lines).items():
        add_pattern(figures, text, "", times, SEATS, rules, {})
    return figures


@settings(max_examples=150, deadline=None)
@given(st.lists(ballot_lines, max_size=40), rule_sets)
def test_vote_8_vote_14_counting_by_patterns_equals_counting_ballot_by_ballot(lines, rules):
    figures = pattern_count(lines, rules)
    expected = count_ballots([L.to_ballot(line) for line in lines], SEATS, rules,
                             write_in_ids={n: L.write_in_key(n) for n in NAMES})
    assert (figures.valid, figures.invalid) == (expected.valid, expected.invalid)
    assert figures.blank == expected.blank
    assert figures.returned == len(lines)
    for position in SEATS:
        assert +figures.votes[position] == +expected.votes_by_position[position]


@settings(max_examples=150, deadline=None)
@given(st.lists(ballot_lines, min_size=1, max_size=40), rule_sets, st.integers(0, 10),
       st.lists(st.sampled_from("FM"), min_size=11, max_size=11))
def test_vote_5_vote_9_the_result_never_elects_more_than_the_seats_nor_below_the_threshold(
        lines, rules, absent, sexes):
    figures = pattern_count(lines, rules)
    keys = [L.candidate_key(c) for ids in CANDIDATES.values() for c in ids]
    keys += [L.write_in_key(n) for n in NAMES]
    people = {k: Person(key=k, name=k, sex=s) for k, s in zip(keys, sexes, strict=True)}
    votes = {p: {people[k]: v for k, v in c.items()} for p, c in figures.votes.items()}
    participants = len(lines) + absent  # issued: some took a ballot and did not cast it
    outcome = elect(votes, SEATS, participants, {p: p for p in people.values()}, rules)
    everyone = [e.candidate for e in outcome.elected_list()]
    assert len(everyone) == len(set(everyone))
    for position, seats in SEATS.items():
        assert len(outcome.elected[position]) <= seats
        assert all(e.votes >= outcome.threshold for e in outcome.elected[position])
    assert outcome.threshold == participants // 2 + 1
