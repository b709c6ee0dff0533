"""Who is elected: VOTE-5, VOTE-7, VOTE-9, VOTE-10 and SEAT-2, from the votes per position of one round.

`elect()` never elects more than the seats, never anyone below the round's threshold, never one person twice;
what it cannot decide it reports: a tie at the last seat (a new vote among the tied), seats left for a further
round (另行选举) with the candidates it suggests, and notes citing the rules.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from . import MEMBER, WOMAN, ordered_positions, position_label
from .margin import required_candidates
from .quorum import threshold_count

FIRST = "first"
FURTHER = "further"
COMMITTEE_MINIMUM = 3  # VOTE-10


@dataclass(frozen=True)
class RoundValidity:
    valid: bool
    reason: str = ""
    rule: str = "VOTE-7"


def round_validity(issued, returned):
    """VOTE-7: a round is valid only if no more ballots came back than were issued; otherwise it is void and
    is repeated."""
    if returned > issued:
        reason = _("%(returned)s ballots returned but only %(issued)s issued: the round is void and must be "
                   "repeated.") % {"returned": returned, "issued": issued}
        return RoundValidity(False, reason)
    return RoundValidity(True)


def committee_formed(elected_count):
    """VOTE-10: the committee is formed only with at least 3 members elected."""
    return elected_count >= COMMITTEE_MINIMUM


def election_threshold(round_kind, participants, ballots_cast, rules):
    """(smallest vote count that elects, rule): VOTE-5 more than half of those who took part (first round);
    VOTE-9 at least further_round_numerator/denominator of the ballots cast (further round)."""
    if round_kind == FIRST:
        return threshold_count(participants, 1, 2, strict=True), "VOTE-5"
    if round_kind != FURTHER:
        raise ValueError(f"unknown round kind {round_kind!r}")
    if ballots_cast is None:
        raise ValueError("a further round needs the number of ballots cast")
    return threshold_count(ballots_cast, rules.further_round_numerator, rules.further_round_denominator,
                           strict=False), "VOTE-9"


@dataclass(frozen=True)
class Elected:
    candidate: object
    position: str
    votes: int
    sex: str = ""


@dataclass(frozen=True)
class TieBreak:
    """VOTE-9: `candidates` tied with `votes` each for `seats` seats of `position`: a new vote among them.
    Outcome.tie_breaks lists them highest position first; decide the first, then count again: a tie at a
    lower position can change once a higher one is decided."""
    position: str
    candidates: tuple
    seats: int
    votes: int
    rule: str = "VOTE-9"


@dataclass(frozen=True)
class FurtherRound:
    """VOTE-9: a further round (另行选举) for `seats` seats of `position`, among the suggested candidates."""
    position: str
    seats: int
    candidates: tuple
    women_only: bool = False
    rule: str = "VOTE-9"



@dataclass
class Outcome:
    round_kind: str
    threshold: int
    threshold_rule: str
    elected: dict = field(default_factory=dict)  # {position: [Elected], highest votes first}
    tie_breaks: list = field(default_factory=list)  # [TieBreak]
    unfilled: dict = field(default_factory=dict)  # {position: seats for a further round}
    women_reserved: int = 0  # of the unfilled member seats, kept for a woman (SEAT-2)
    # Tie-break winners whose member seat went to a woman after all (SEAT-2): the last of them by the tie-break.
    displaced: list = field(default_factory=list)
    further_rounds: list = field(default_factory=list)  # [FurtherRound]
    notes: list = field(default_factory=list)  # [(rule, message)]
    committee_formed: bool = False
    elected_count: int = 0  # this round's and earlier rounds' together

    def elected_list(self):
        return [e for position in ordered_positions(self.elected) for e in self.elected[position]]

    @property
    def needs_tie_break(self):
        return bool(self.tie_breaks)

    @property
    def needs_further_round(self):
        return any(self.unfilled.values())

    @property
    def final(self):
        return not self.needs_tie_break and not self.needs_further_round


def sex_of(info):
    """The sex ('F' or 'M') in a candidate's info: the string itself, a dict's 'sex' or an object's .sex."""
    if isinstance(info, dict):
        return info.get("sex", "")
    return getattr(info, "sex", info) or ""


def by_votes(pairs):
    """(candidate, votes) pairs, most votes first; equal votes in a stable order."""
    return sorted(pairs, key=lambda pair: (-pair[1], str(pair[0])))


@dataclass
class Round:
    """Everything elect() reads, and who is already spoken for."""
    votes: dict
    seats: dict
    info: dict
    rules: object
    threshold: int
    earlier: tuple
    resolved: dict

    def sex(self, candidate):
        return sex_of(self.info.get(candidate, ""))

    def taken(self, outcome):
        """Candidates no longer free: elected in earlier rounds or this one, or waiting for a tie-break."""
        ids = {e.candidate for e in self.earlier} | {e.candidate for e in outcome.elected_list()}
        return ids | {c for tie in outcome.tie_breaks for c in tie.candidates}

    def free(self, outcome, position):
        """(candidate, votes) of `position` for those not yet spoken for, most votes first."""
        taken = self.taken(outcome)
        return by_votes((c, v) for c, v in self.votes.get(position, {}).items() if c not in taken)


def decide_position(passing, seats, position, resolved=()):
    """VOTE-9: from those passing the threshold (most votes first) elect up to `seats` by votes; where a tie
    straddles the last seat none of the tied is elected (unless a tie-break vote `resolved` it) and a
    TieBreak is returned. Returns (elected pairs, TieBreak or None)."""
    if seats <= 0:
        return [], None
    if len(passing) <= seats:
        return passing, None
    cut = passing[seats - 1][1]
    above = [pair for pair in passing if pair[1] > cut]
    tied = [pair for pair in passing if pair[1] == cut]
    at_stake = seats - len(above)
    if len(tied) <= at_stake:
        return above + tied, None
    winners = [pair for pair in tied if pair[0] in resolved]
    if len(winners) > at_stake:
        raise ValueError(f"{len(winners)} tie-break winners for {at_stake} seat(s)")
    rest = tuple(c for c, _v in tied if c not in resolved)
    left = at_stake - len(winners)
    return above + winners, (TieBreak(position, rest, left, cut) if left else None)


def fill_position(outcome, ctx, position):
    """Elect one position (VOTE-5/VOTE-9), skipping candidates already elected to a higher one."""
    seats = ctx.seats[position]
    passing = [pair for pair in ctx.free(outcome, position) if pair[1] >= ctx.threshold]
    winners, tie = decide_position(passing, seats, position, ctx.resolved.get(position, ()))
    outcome.elected[position] = [Elected(c, position, v, ctx.sex(c)) for c, v in winners]
    if tie:
        outcome.tie_breaks.append(tie)
    outcome.unfilled[position] = max(seats, 0) - len(winners) - (tie.seats if tie else 0)


def has_woman(outcome, ctx):
    return any(e.sex == WOMAN for e in (*ctx.earlier, *outcome.elected_list()))


def best_women(outcome, ctx):
    """The free women with the most member votes at or above the threshold (several when tied)."""
    women = [p for p in ctx.free(outcome, MEMBER) if ctx.sex(p[0]) == WOMAN and p[1] >= ctx.threshold]
    return [p for p in women if p[1] == women[0][1]] if women else []


def free_member_seat(outcome, resolved=()):
    """SEAT-2: make the last member seat available for a woman: an unfilled one, else the seat at stake in a
    member tie-break, else the seat of the man elected member with the fewest votes. If several men share
    that count, those a tie-break vote kept (`resolved`) stay and the rest go to a tie-break for the
    remaining seats. False when there is no member seat."""
    if outcome.unfilled.get(MEMBER, 0) > 0:
        outcome.unfilled[MEMBER] -= 1
        return True
    ties = [t for t in outcome.tie_breaks if t.position == MEMBER]
    if ties:
        outcome.tie_breaks.remove(ties[0])
        if ties[0].seats > 1:
            outcome.tie_breaks.append(TieBreak(MEMBER, ties[0].candidates, ties[0].seats - 1, ties[0].votes))
        return True
    members = outcome.elected.get(MEMBER, [])
    if not members:
        return False
    fewest = min(e.votes for e in members)
    lowest = [e for e in members if e.votes == fewest]
    # In the order the tie-break vote decided them (most votes first): its last winner is the last member.
    by_candidate = {e.candidate: e for e in lowest}
    kept = [by_candidate[c] for c in resolved if c in by_candidate][:len(lowest) - 1]
    rest = tuple(e.candidate for e in lowest if e not in kept)
    outcome.elected[MEMBER] = [e for e in members if e.votes > fewest] + kept
    if len(lowest) - 1 > len(kept):
        outcome.tie_breaks.append(TieBreak(MEMBER, rest, len(lowest) - 1 - len(kept), fewest))
    else:
        outcome.displaced = [c for c in rest if c in resolved]
    return True


def give_seat_to_woman(outcome, ctx, women):
    """SEAT-2: the freed member seat goes to the woman with most votes, to a tie-break among equal women
    (unless one of them won it already), or (no woman passed) is kept for a further round among women."""
    chosen = [pair for pair in women if pair[0] in ctx.resolved.get(MEMBER, ())]
    women = chosen[:1] or women
    if len(women) == 1:
        candidate, votes = women[0]
        outcome.elected[MEMBER].append(Elected(candidate, MEMBER, votes, WOMAN))
        return _("No woman was elected: %(candidate)s, the woman with most votes (%(votes)s), takes the last "
                 "member seat.") % {"candidate": candidate, "votes": votes}
    if women:
        outcome.tie_breaks.append(TieBreak(MEMBER, tuple(c for c, _v in women), 1, women[0][1]))
        return _("No woman was elected: the women with most votes are tied; a new vote among them decides "
                 "the last member seat.")
    outcome.unfilled[MEMBER] += 1
    outcome.women_reserved += 1
    return _("No woman was elected and none reached the threshold: one member seat is left for a further "
             "round among women.")


def apply_woman_rule(outcome, ctx):
    """SEAT-2 / VOTE-9: where the profile requires a woman and none is elected on the committee."""
    if not ctx.rules.require_woman or MEMBER not in ctx.seats or has_woman(outcome, ctx):
        return
    if any(ctx.sex(c) == WOMAN for tie in outcome.tie_breaks for c in tie.candidates):
        outcome.notes.append(("SEAT-2", _("No woman elected yet: decided again after the tie-break, where a "
                                          "woman is among the tied.")))
        return
    women = best_women(outcome, ctx)
    if not free_member_seat(outcome, ctx.resolved.get(MEMBER, ())):
        outcome.notes.append(("SEAT-2", _("No woman elected, and there is no member seat to give.")))
        return
    outcome.notes.append(("SEAT-2", give_seat_to_woman(outcome, ctx, women)))
    outcome.elected[MEMBER].sort(key=lambda e: (-e.votes, str(e.candidate)))


def suggest_candidates(outcome, ctx, position, seats, women_only):
    """VOTE-9: the next candidates by votes for a further round: seats plus the CAN-5 margin of them, and
    anyone tied with the last one suggested."""
    pool = [p for p in ctx.free(outcome, position) if not women_only or ctx.sex(p[0]) == WOMAN]
    wanted = required_candidates(position, seats, ctx.rules)
    if len(pool) <= wanted:
        return tuple(c for c, _v in pool)
    last = pool[wanted - 1][1]
    return tuple(c for c, v in pool if v >= last)


def plan_further_rounds(outcome, ctx):
    """VOTE-9: one further round per position with unfilled seats (member seats kept for a woman apart)."""
    for position in ordered_positions(ctx.seats):
        women = outcome.women_reserved if position == MEMBER else 0
        parts = ((women, True), (outcome.unfilled.get(position, 0) - women, False))
        for seats, women_only in parts:
            if seats > 0:
                suggested = suggest_candidates(outcome, ctx, position, seats, women_only)
                outcome.further_rounds.append(FurtherRound(position, seats, suggested, women_only))
                outcome.notes.append(("VOTE-9", _("%(position)s: %(seats)s seat(s) unfilled; a further round "
                                                  "among the next candidates.") % {
                    "position": position_label(position), "seats": seats}))


def note_tie_breaks(outcome):
    """VOTE-9: each tie left after the woman rule: a new vote among the tied decides."""
    for tie in outcome.tie_breaks:
        outcome.notes.append(("VOTE-9", _("%(position)s: %(candidates)s tied with %(votes)s votes for "
                                          "%(seats)s seat(s); a new vote among them decides.") % {
            "position": position_label(tie.position), "candidates": ", ".join(map(str, tie.candidates)),
            "votes": tie.votes, "seats": tie.seats}))


def check_tie_break_winners(outcome, resolved):
    """Tie-break winners are elected where they won, or they were never among the tied: refuse the call."""
    elected = {(e.position, e.candidate) for e in outcome.elected_list()}
    elected |= {(MEMBER, c) for c in outcome.displaced}  # won the tie-break, seat given to a woman (SEAT-2)
    strays = [(p, c) for p, winners in resolved.items() for c in winners if (p, c) not in elected]
    if strays:
        raise ValueError(f"tie-break winners not among the tied: {strays!r}")


def close_committee(outcome, ctx):
    """VOTE-10: is the committee formed (at least 3 elected, this round and earlier ones together)?"""
    outcome.elected_count = len(ctx.earlier) + len(outcome.elected_list())
    outcome.committee_formed = committee_formed(outcome.elected_count)
    if not outcome.committee_formed:
        message = _("Only %(count)s elected: the committee needs at least %(minimum)s; further rounds "
                    "continue.") % {"count": outcome.elected_count, "minimum": COMMITTEE_MINIMUM}
        outcome.notes.append(("VOTE-10", message))


def elect(votes_by_position, seats_by_position, participants, candidates_info, rules, round_kind=FIRST,
          ballots_cast=None, *, earlier_elected=(), tie_break_winners=None):
    """VOTE-5, VOTE-9, VOTE-10, SEAT-2: who is elected in one round.

    votes_by_position: {position: {candidate: votes}}, rolled down already where one ballot holds all
        positions (ballots.count_ballots does that, VOTE-14);
    seats_by_position: {position: seats} of this round; participants: those who took part (VOTE-5);
    candidates_info: {candidate: 'F'/'M', or a dict / object with `sex`}; rules: a RuleProfile-like object;
    round_kind: 'first' (more than half of the participants) or 'further' (most votes and at least 1/3 of
        `ballots_cast`);
    earlier_elected: Elected of earlier rounds (they hold their seats: not elected again, and count for the
        woman rule and VOTE-10);
    tie_break_winners: {position: [candidate]} decided by tie-break votes, the highest position's first
        (see TieBreak); a winner who does not end up elected there is refused (ValueError).
    Positions are filled highest first; a candidate elected to a higher position is skipped for lower ones.
    """
    threshold, rule = election_threshold(round_kind, participants, ballots_cast, rules)
    ctx = Round(votes_by_position, seats_by_position, candidates_info, rules, threshold,
                tuple(earlier_elected), tie_break_winners or {})
    outcome = Outcome(round_kind, threshold, rule)
    outcome.notes.append((rule, _("%(threshold)s votes needed to be elected.") % {"threshold": threshold}))
    for position in ordered_positions(seats_by_position):
        fill_position(outcome, ctx, position)
    apply_woman_rule(outcome, ctx)
    check_tie_break_winners(outcome, ctx.resolved)
    note_tie_breaks(outcome)
    plan_further_rounds(outcome, ctx)
    close_committee(outcome, ctx)
    return outcome
