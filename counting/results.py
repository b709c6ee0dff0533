"""The result of an election, from its counted rounds, through elections/rules (read only; no writes).

Rounds come in stages: stage 1 is the election itself; each further round (另行选举, VOTE-9) is a stage of its
own. A stage's main round is its last counted round that is not a tie-break (a void round is repeated, and the
repetition counts); tie-break votes of the stage (VOTE-9: a new vote among the tied) decide its ties, one
after another, highest position first, and each decision goes back into elect() (tie_break_winners).

    election_results(election) -> ElectionResults: every round with its figures, quorum (VOTE-3/4) and
    validity
        (VOTE-7), each stage's outcome (VOTE-5, VOTE-9, SEAT-2, VOTE-10), who is elected, and the next step.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from elections.rules import ordered_positions, position_label
from elections.rules.quorum import quorum
from elections.rules.tally import FIRST, FURTHER, Elected, elect, round_validity
from elections.states import State
from polling.candidates import first_round_contests
from polling.models import Round
from voters.services.absences import excludes_absences
from polling.selectors import absent_count, eligible_count, station_counts

from .figures import Figures, count_agreed
from .models import Certification, CountRound
from .people import Person, formal_name_keys, people_for

BEFORE_VOTING = (State.PREPARATION, State.REGISTRATION, State.NOMINATION)


@dataclass
class RoundView:
    count_round: CountRound
    figures: Figures
    eligible: int  # the quorum base: registered (voters, households, representatives) less `absent`
    quorum: object = None  # elections.rules.quorum.Quorum, None before the method is decided
    validity: object = None  # elections.rules.tally.RoundValidity
    outcome: object = None  # the stage's Outcome after this round (main rounds and tie-breaks)
    tie_winners: list = field(default_factory=list)  # a tie-break round: the keys it decided
    stale: bool = False  # a tie-break that no longer matches a tie of its stage (the count changed since)
    absent: int = 0  # VOT-8: declared absences left out of the quorum base

    @property
    def number(self):
        return self.count_round.round.number

    @property
    def is_void(self):
        return self.count_round.status == CountRound.Status.VOID

    def votes_rows(self, people):
        """[(position, [(Person, votes)])] highest position first, most votes first."""
        rows = []
        for position in ordered_positions(self.figures.votes):
            counts = self.figures.votes[position]
            pairs = sorted(((people[k], v) for k, v in counts.items()), key=lambda pv: (-pv[1], pv[0].name))
            rows.append((position, pairs))
        return rows


@dataclass
class Stage:
    number: int
    main: RoundView | None
    ties: list
    outcome: object = None


@dataclass
class ElectedRow:
    person: object
    position: str
    votes: int  # in the stage's main round (the votes that passed the threshold)
    round_number: int  # the round that elected them: the main round, or the tie-break that decided them
    stage: int
    tie_break: bool = False


@dataclass
class NextStep:
    """What the election needs next.

    kind: "waiting" — voting has not begun; "count" — a round is open: enter its boxes and close it;
    "repeat" — the stage's round was void (VOTE-4/VOTE-7/VOTE-13) and is held again; "tie_break" — a new vote
    among the tied (VOTE-9); "further" — a further round for unfilled seats (VOTE-9); "certify" — final;
    "certified".
    """
    kind: str
    stage: int = 1
    purpose: str = CountRound.Purpose.FIRST
    contests: list = field(default_factory=list)
    round: object = None  # the open polling round, for "count"
    vacancies: int = 0
    may_leave_vacant: bool = False  # VOTE-10: certify with seats vacant instead of a further round
    rule: str = ""
    message: str = ""

    @property
    def opens_round(self):
        return self.kind in ("repeat", "tie_break", "further")

    @property
    def may_certify(self):
        return self.kind == "certify" or (self.kind == "further" and self.may_leave_vacant)


@dataclass
class ElectionResults:
    election: object
    rounds: list
    stages: list
    people: dict
    elected: list
    next: NextStep
    eligible: int = 0
    certification: object = None

    @property
    def elected_count(self):
        return len(self.elected)

    @property
    def women_elected(self):
        return sum(1 for e in self.elected if e.person.sex == "F")

    @property
    def committee_formed(self):
        # VOTE-10: at least 3 elected (a by-election: with the members in office, AFT-6).
        return self.elected_count + len(self.election.committee_in_office or []) >= 3

    @property
    def final_outcome(self):
        stages = [s for s in self.stages if s.outcome is not None]
        return stages[-1].outcome if stages else None

    def elected_by_position(self):
        """[(position, [ElectedRow])] highest position first."""
        by_position = {}
        for row in self.elected:
            by_position.setdefault(row.position, []).append(row)
        return [(p, by_position[p]) for p in ordered_positions(by_position)]

    @property
    def first_round(self):
        counted = [r for r in self.rounds if r.count_round.stage == 1 and not r.is_void
                   and r.count_round.purpose == CountRound.Purpose.FIRST]
        return counted[-1] if counted else None


# --- figures of one round ----------------------------------------------------------------------------------

def issued_in(polling_round):
    """Ballots issued in the round (VOTE-2), at every station: those who took part (VOTE-5)."""
    return sum(station_counts(polling_round).values())


def live_figures(count_round, names_to_keys):
    """The figures of a round from its boxes' agreed entries now, with the ballots issued."""
    boxes = count_round.boxes.select_related("agreed_entry")
    figures = count_agreed(boxes, count_round.seats, count_round.election.rules, names_to_keys)
    figures.issued = issued_in(count_round.round)
    return figures


def round_figures(count_round, names_to_keys):
    """A closed round's figures as recorded when it closed; an open one's as they stand."""
    if count_round.status == CountRound.Status.OPEN or not count_round.result:
        return live_figures(count_round, names_to_keys)
    return Figures.from_dict(count_round.result)


def round_view(count_round, names_to_keys, registered):
    """The round with its figures; its quorum base as recorded when it closed, or as it stands (VOT-8)."""
    election = count_round.election
    figures = round_figures(count_round, names_to_keys)
    if count_round.result.get("eligible") is not None and count_round.status != CountRound.Status.OPEN:
        eligible, absent = count_round.result["eligible"], count_round.result.get("absent", 0)
    else:
        absent = absent_count(election, count_round.round) if excludes_absences(election) else 0
        eligible = registered - absent
    view = RoundView(count_round, figures, eligible, absent=absent)
    if election.method:
        view.quorum = quorum(election.method, eligible, figures.issued, election.rules)  # VOTE-3 / VOTE-4
    view.validity = round_validity(figures.issued, figures.returned)  # VOTE-7
    return view


# --- stages ------------------------------------------------------------------------------------------------

def _persons(counts, people):
    return {position: {people[k]: v for k, v in c.items()} for position, c in counts.items()}


def tie_break_decided(view, people):
    """VOTE-9: who a tie-break vote decided: the `seats` with most votes among the tied. Where it ties again
    at
    the last seat, only those above the tie are decided; the rest go to another vote."""
    contest = view.count_round.contests[0]
    counts = view.figures.votes.get(contest["position"], {})
    ranked = sorted(((k, counts.get(k, 0)) for k in contest["candidates"]), key=lambda kv: -kv[1])
    seats = contest["seats"]
    if len(ranked) <= seats:
        return [people[k] for k, _v in ranked]
    cut = ranked[seats - 1][1]
    if ranked[seats][1] < cut:
        return [people[k] for k, _v in ranked[:seats]]
    return [people[k] for k, v in ranked if v > cut]


def _elect(election, main, people, earlier, winners):
    kind = FIRST if main.count_round.purpose == CountRound.Purpose.FIRST else FURTHER
    return elect(_persons(main.figures.votes, people), main.count_round.seats, main.figures.issued,
                 {p: p for p in people.values()}, election.rules, round_kind=kind,
                 ballots_cast=main.figures.returned, earlier_elected=earlier, tie_break_winners=winners)


def _matches(tie, contest):
    return (tie.position == contest["position"] and tie.seats == contest["seats"]
            and {p.key for p in tie.candidates} == set(contest["candidates"]))


def stage_outcome(election, main, ties, people, earlier):
    """The stage's outcome: its main round through elect(), then each counted tie-break in turn."""
    winners = {}
    outcome = _elect(election, main, people, earlier, winners)
    main.outcome = outcome
    for tie_view in ties:
        if tie_view.is_void or tie_view.count_round.status != CountRound.Status.CLOSED:
            continue
        contest = tie_view.count_round.contests[0]
        if not outcome.tie_breaks or not _matches(outcome.tie_breaks[0], contest):
            tie_view.stale = True
            continue
        decided = tie_break_decided(tie_view, people)
        trial = {**winners, contest["position"]: winners.get(contest["position"], []) + decided}
        try:
            outcome = _elect(election, main, people, earlier, trial)
        except ValueError:  # the decision no longer fits the count (corrected since): ignore it
            tie_view.stale = True
            continue
        winners = trial
        tie_view.tie_winners = [p.key for p in decided]
        tie_view.outcome = outcome
    return outcome


def contests_of(tie_or_further):
    return [{"position": tie_or_further.position, "seats": tie_or_further.seats,
             "candidates": [p.key for p in tie_or_further.candidates],
             "women_only": getattr(tie_or_further, "women_only", False)}]


# --- the whole election ------------------------------------------------------------------------------------

def _keys_in(rounds):
    keys = set()
    for view in rounds:
        for contest in view.count_round.contests:
            keys.update(contest["candidates"])
        for counts in view.figures.votes.values():
            keys.update(counts)
    return keys


def _current_polling_round(election):
    return Round.objects.filter(election=election).order_by("-number").first()


def _views(election, eligible):
    """RoundView of every counted round of the election, and the people they name."""
    count_rounds = list(CountRound.objects.filter(election=election).select_related("round", "election")
                        .order_by("round__number"))
    people = people_for(election, [])
    names_to_keys = formal_name_keys(election, people)
    views = [round_view(cr, names_to_keys, eligible) for cr in count_rounds]
    people = people_for(election, _keys_in(views))
    return views, people


def _further_step(stage, outcome, stages):
    """VOTE-9 / VOTE-10: seats left unfilled go to a further round; after one has been held, a committee of
    at least 3 may leave the rest vacant."""
    further_held = any(s.number > 1 and s.main is not None for s in stages)
    vacancies = sum(outcome.unfilled.values())
    contests = [c for fr in outcome.further_rounds for c in contests_of(fr)]
    step = NextStep("further", stage=stage.number + 1, purpose=CountRound.Purpose.FURTHER, contests=contests,
                    vacancies=vacancies, may_leave_vacant=further_held and outcome.committee_formed,
                    rule="VOTE-9")
    step.message = _("%(n)s seat(s) unfilled: a further round among the next candidates.") % {"n": vacancies}
    if not outcome.committee_formed:
        step.rule = "VOTE-10"
        step.message = _("Only %(n)s elected: the committee needs at least 3; further rounds continue.") % {
            "n": outcome.elected_count}
    return step


def _open_or_repeat(stage_number, stage_rounds):
    """The stage has no counted main round: its round is open (count it), or every try was void (repeat)."""
    open_rounds = [v for v in stage_rounds if v.count_round.status == CountRound.Status.OPEN]
    if open_rounds:
        current = open_rounds[-1].count_round
        return NextStep("count", stage=stage_number, round=current.round, purpose=current.purpose,
                        contests=current.contests)
    last = stage_rounds[-1].count_round
    return NextStep("repeat", stage=stage_number, purpose=last.purpose, contests=last.contests,
                    rule=last.void_rule, message=last.void_reason)


def in_office(election):
    """AFT-6: a by-election's committee members in office when it was called, as elect() counts earlier
    elected (VOTE-10: at least 3 together; SEAT-2: a woman's seat first where the committee has none)."""
    return [Elected(Person(key=f"in-office:{i}", name=m["name"], sex=m.get("sex", "")), m["position"], 0,
                    m.get("sex", "")) for i, m in enumerate(election.committee_in_office or [])]


def _walk(election, views, people):
    """Stages in order until one is not final: (stages, elected rows, next step)."""
    stages, earlier, elected = [], in_office(election), []
    stage_number = 1
    while True:
        stage_rounds = [v for v in views if v.count_round.stage == stage_number]
        if not stage_rounds:
            return stages, elected, None
        mains = [v for v in stage_rounds if v.count_round.purpose != CountRound.Purpose.TIE_BREAK]
        counted = [v for v in mains if v.count_round.status == CountRound.Status.CLOSED]
        stage = Stage(stage_number, counted[-1] if counted else None,
                      [v for v in stage_rounds if v.count_round.purpose == CountRound.Purpose.TIE_BREAK])
        stages.append(stage)
        if stage.main is None:
            return stages, elected, _open_or_repeat(stage_number, mains or stage_rounds)
        stage.outcome = stage_outcome(election, stage.main, stage.ties, people, earlier)
        open_ties = [v for v in stage.ties if v.count_round.status == CountRound.Status.OPEN]
        if open_ties:
            tie = open_ties[-1].count_round
            return stages, elected, NextStep("count", stage=stage_number, round=tie.round,
                                             purpose=tie.purpose, contests=tie.contests)
        outcome = stage.outcome
        round_number = _deciding_round(stage)
        for e in outcome.elected_list():  # elected already; a pending tie concerns only the tied
            number = round_number(e)
            elected.append(ElectedRow(e.candidate, e.position, e.votes, number, stage_number,
                                      tie_break=number != stage.main.number))
        if outcome.tie_breaks:
            tie = outcome.tie_breaks[0]
            return stages, elected, _tie_break_step(stage_number, outcome.tie_breaks[0])
        earlier += outcome.elected_list()
        if outcome.needs_further_round and not any(v.count_round.stage == stage_number + 1 for v in views):
            return stages, elected, _further_step(stage, outcome, stages)
        if not outcome.needs_further_round:
            return stages, elected, NextStep("certify", stage=stage_number)
        stage_number += 1


def _tie_break_step(stage_number, tie):
    message = _("%(position)s: %(names)s tied with %(votes)s votes for %(seats)s seat(s): a new vote among "
                "them decides.") % {"position": position_label(tie.position),
                                    "names": "、".join(map(str, tie.candidates)), "votes": tie.votes,
                                    "seats": tie.seats}
    return NextStep("tie_break", stage=stage_number, purpose=CountRound.Purpose.TIE_BREAK,
                    contests=contests_of(tie), rule="VOTE-9", message=message)


def _deciding_round(stage):
    """The number of the round that elected someone: the tie-break that decided them, else the main round."""
    decided_by = {}
    for view in stage.ties:
        for key in view.tie_winners:
            decided_by[key] = view.number

    def number(elected):
        return decided_by.get(elected.candidate.key, stage.main.number)
    return number


def election_results(election):
    eligible = eligible_count(election) if election.method else 0
    views, people = _views(election, eligible)
    stages, elected, step = _walk(election, views, people)
    certification = Certification.objects.filter(election=election, revoked_at__isnull=True).first()
    if step is None and election.state in BEFORE_VOTING:
        stage = State(election.state).label
        step = NextStep("waiting", message=_("Ballots are counted once voting has begun (the election is at "
                                             "the stage “%(state)s”).") % {"state": stage})
    elif step is None:
        step = NextStep("count", stage=1, round=_current_polling_round(election),
                        contests=first_round_contests(election))
    if certification is not None:
        step = NextStep("certified", stage=step.stage)
    return ElectionResults(election=election, rounds=views, stages=stages, people=people, elected=elected,
                           next=step, eligible=eligible, certification=certification)
