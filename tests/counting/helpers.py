"""Elections ready to be counted, made with the ORM and polling's test helpers (voters, formal candidates, a
staffed station, ballots issued), and double entry through the counting services.

    setup = counting_setup(community, clerk, voters=20, candidates={"chair": [("甲", "M"), ...], ...})
    count_round = first_round(setup, actor)
    enter_twice(count_round, setup.station, (typist_a, typist_b), totals=..., returned=..., valid=...,
    invalid=...)
"""
import datetime
from dataclasses import dataclass, field

from counting import lines as line_codes
from counting.models import TallyBox
from counting.services import entry as entry_services
from counting.services.rounds import current_count_round
from elections import clock
from elections.models import Election
from elections.states import State
from polling.models import BallotIssue
from polling.services.rounds import current_round, polls_close
from polling.testing import make_formal_candidates, make_voters, set_state, staffed_station
from tests import factories


@dataclass
class Setup:
    election: Election
    voters: list
    station: object
    keys: dict = field(default_factory=dict)  # {name: "c<id>"}
    ids: dict = field(default_factory=dict)  # {name: candidate id}

    def key(self, name):
        return self.keys[name]

    def refresh(self):
        self.election.refresh_from_db()
        return self.election


def counting_setup(community, actor, *, voters, candidates, vice_chair_seats=1, member_seats=3,
                   profile_key="seed-district-plan", method="direct", rules=None, term=None):
    """An election in the voting state with `voters` confirmed voters (the candidates come on top), the formal
    candidates {position: [(name, sex)]}, a staffed election meeting, election day today. `rules` changes the
    frozen profile (e.g. {"overmark_invalidates": "position"})."""
    election = factories.election(community, actor=actor, election_date=clock.today(), term=term,
                                  vice_chair_seats=vice_chair_seats, member_seats=member_seats,
                                  profile_key=profile_key)
    if rules:
        snapshot = {**election.profile_snapshot, **rules}
        Election.objects.filter(pk=election.pk).update(profile_snapshot=snapshot)
    return voting_setup(election, voters=voters, candidates=candidates, method=method)


def voting_setup(election, *, voters, candidates, method="direct"):
    """An existing election (a by-election, say) put in the voting state as counting_setup puts a new one."""
    registrations = make_voters(election, voters) if voters else []
    setup = Setup(election=election, voters=registrations, station=None)
    for position, people in candidates.items():
        for name, sex in people:
            candidate = make_formal_candidates(election, {position: [name]}, sex=sex)[0]
            setup.keys[name] = line_codes.candidate_key(candidate.pk)
            setup.ids[name] = candidate.pk
    setup.election = set_state(election, State.VOTING, method=method)
    setup.station = staffed_station(setup.election)
    return setup


def issue(setup, n, station=None, offset=0):
    """Ballots of the current round issued to voters offset…offset+n-1 (a bulk insert: no issuance checks), then
    the issuance closed (VOTE-2) so that the round can be counted."""
    round_obj = current_round(setup.election)
    BallotIssue.objects.bulk_create([
        BallotIssue(round=round_obj, registration=reg, station=station or setup.station)
        for reg in setup.voters[offset:offset + n]])
    close_polls(setup)
    return round_obj


def close_polls(setup, actor=None):
    """The door VOTING → COUNTING (polling.services.rounds.polls_close), when the round is still voting."""
    if setup.refresh().state == State.VOTING:
        setup.election = polls_close(election=setup.election, actor=actor)
    return setup.election


def first_round(setup, actor):
    close_polls(setup, actor)
    return current_count_round(election=setup.election, actor=actor)


def totals_by_key(setup, votes):
    """{position: {name: n}} → {position: {key: n}}; a name that is no candidate is a write-in."""
    return {position: {setup.keys.get(name, line_codes.write_in_key(name)): n for name, n in counts.items()}
            for position, counts in votes.items()}


def enter_totals(box, user, *, returned, valid, invalid, blank=0, totals, reason=""):
    entry = entry_services.entry_start(box=box, actor=user)
    entry_services.totals_save(entry=entry, actor=user, returned=returned, valid=valid, invalid=invalid,
                               blank=blank, totals=totals)
    return entry_services.entry_submit(entry=entry, actor=user, reason=reason)


def enter_lines(box, user, lines, *, returned=None, reason=""):
    entry = entry_services.entry_start(box=box, actor=user)
    entry_services.lines_add(entry=entry, lines=lines, actor=user)
    return entry_services.entry_submit(entry=entry, actor=user, reason=reason,
                                       returned=len(lines) if returned is None else returned)


def enter_twice(count_round, station, users, *, mode=TallyBox.Mode.TOTALS, reason="", **data):
    """Open the box and type it twice, the same, by the two users: the box is agreed."""
    box = entry_services.box_open(count_round=count_round, station=station, mode=mode, actor=users[0])
    for user in users:
        if mode == TallyBox.Mode.TOTALS:
            enter_totals(box, user, reason=reason, **data)
        else:
            enter_lines(box, user, reason=reason, **data)
    box.refresh_from_db()
    return box


def line(setup, *, approve=(), against=(), unreadable=(), write_ins=None, invalid="", serial=""):
    """A Line from names: approve/against/unreadable are (position, name) pairs; write_ins {position:
    names}."""
    marks = {}
    for mark, pairs in ((line_codes.FOR, approve), (line_codes.AGAINST, against),
                        (line_codes.UNREADABLE, unreadable)):
        for position, name in pairs:
            marks.setdefault(position, {})[setup.ids[name]] = mark
    return line_codes.Line(marks=marks, write_ins={p: tuple(n) for p, n in (write_ins or {}).items()},
                           serial=serial, invalid_reason=invalid)


def past(days):
    return clock.today() - datetime.timedelta(days=days)
