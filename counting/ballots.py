"""The ballots of a round after the first (PRT): a further round (另行选举, VOTE-9) lists the candidates the
count left for it, a tie-break vote only the tied, a repeated round the formal candidates again. polling
prints the first round's ballots (polling.ballots, batches in the background); the later rounds' ballots are
printed here, with polling's layout — laid out once, serial numbers stamped (PRINTING.md) — from the round's
contests.
"""
from elections import documents
from elections.rules import ordered_positions
from polling import ballots as polling_ballots
from polling.stamping import stamp_ballots

from .models import CountRound
from .people import people_for, stroke_order

KIND_CN = {CountRound.Purpose.FIRST: "重新投票", CountRound.Purpose.FURTHER: "另行选举",
           CountRound.Purpose.TIE_BREAK: "再次投票"}
MAX_BALLOTS = 20_000


def _title(count_round, suffix):
    election = count_round.election
    residents_committee, _committee = documents.community_names(election.community)
    term, number = (documents.chinese_number(n) for n in (election.term, count_round.round.number))
    title = f"{residents_committee}第{term}届换届选举{KIND_CN[count_round.purpose]}{suffix}（第{number}轮）"
    return title + ("（演练）" if election.is_rehearsal else "")


def round_sheets(count_round):
    """polling.ballots.Sheet(s) of the round: its contests (one position merged), names in stroke order."""
    election = count_round.election
    keys = [k for contest in count_round.contests for k in contest["candidates"]]
    people = people_for(election, keys)
    by_position = {}
    for contest in count_round.contests:
        by_position.setdefault(contest["position"], []).extend(people[k] for k in contest["candidates"])
    # A tie-break is a new vote among the tied only (VOTE-9): no write-in rows, and the instructions say so.
    write_ins = count_round.purpose != CountRound.Purpose.TIE_BREAK
    seats = count_round.seats
    blocks = [polling_ballots.Block(p, polling_ballots.POSITION_CN[p], seats[p],
                                    [person.name for person in stroke_order(by_position[p])], write_ins=write_ins)
              for p in ordered_positions(by_position)]
    if election.rules.ballot_layout == "separate":
        return [polling_ballots.Sheet(_title(count_round, f"{b.label}选票"), [b], b.position) for b in blocks]
    for i, b in enumerate(blocks):
        b.number_cn = documents.chinese_number(i + 1)
    return [polling_ballots.Sheet(_title(count_round, "选票"), blocks, "all")]


def round_ballots_pdf(count_round, first, last):
    """The round's ballots numbered first…last (each distinct ballot once per serial number)."""
    pages = [polling_ballots.lay_out(count_round.election, sheet)[0] for sheet in round_sheets(count_round)]
    serials = polling_ballots.serial_texts(first, last, polling_ballots.serial_width(last))
    return stamp_ballots(pages, serials)
