"""Recall (罢免) and by-election (补选) of committee members (AFT-6): the same rules of quorum and majority as
the election.

- `recall_petition_record`: a petition against a member in office, with its grounds.
- `recall_vote_record`: the vote on it. It is valid only with the election's quorum (elections.rules.quorum:
  VOTE-3 for representatives, VOTE-4 otherwise) and carried only with the election's majority (more than half
  of those who took part, VOTE-5: elections.rules.tally.election_threshold). A recall carried vacates the seat.
- `by_election_call`: a by-election (an Election of kind "by_election" completing this one) for vacant seats.
  It then runs through every step of an election — its own voter list, candidates, notices, rounds, quorum,
  majority, count and certification — with the members in office counted with its elected (VOTE-10, and the
  woman rule of SEAT-2: a by-election fills a woman's seat first where the committee has none). Its door
  "handover_start" seats its elected on this committee (services.handover).
"""
from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log, model_state
from elections.models import Position
from elections.rules.quorum import quorum
from elections.rules.tally import FIRST, election_threshold
from elections.services.elections import election_create
from elections.services.errors import RuleViolation
from elections.states import State

from ..models import CommitteeSeat, Recall
from .committee import in_office, locked_election, vacancies

IN_OFFICE_STATES = (State.HANDOVER, State.CLOSED)


def _check_committee_in_office(election):
    if election.is_by_election or election.state not in IN_OFFICE_STATES:
        raise RuleViolation("AFT-6", _("Recalls and by-elections concern a committee in office (from the "
                                       "handover of its election on)."))


def recall_petition_record(*, seat, actor, petition_on, petitioners, grounds):
    grounds = (grounds or "").strip()
    if not grounds:
        raise RuleViolation("AFT-6", _("Record the grounds of the petition."), field="grounds")
    if petition_on > clock.today():
        raise RuleViolation("CAL-5", _("A date in the future cannot be recorded."), field="petition_on")
    with transaction.atomic():
        election = locked_election(seat.election)
        _check_committee_in_office(election)
        seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
        if not seat.in_office:
            raise RuleViolation("AFT-6", _("%(name)s is no longer in office.") % {"name": seat.name})
        if Recall.objects.filter(seat=seat, outcome=Recall.Outcome.PENDING).exists():
            raise RuleViolation("AFT-6", _("A petition to recall %(name)s awaits its vote.") % {"name": seat.name})
        recall = Recall.objects.create(election=election, seat=seat, petition_on=petition_on,
                                       petitioners=petitioners, grounds=grounds, recorded_by=actor)
        audit_log(actor=actor, action="aftermath.recall.petitioned", obj=recall, election=election,
                  after=model_state(recall, ["seat", "petition_on", "petitioners", "grounds"]))
    return recall


def recall_reckoning(election, *, eligible, participants, votes_for):
    """AFT-6: (outcome, reckoning) of a recall vote by the election's quorum and majority rules."""
    rules = election.rules
    q = quorum(election.method or "direct", eligible, participants, rules)
    needed, majority_rule = election_threshold(FIRST, participants, None, rules)
    reckoning = {"quorum_needed": q.threshold_count, "quorum_reached": q.reached, "quorum_rule": q.rule,
                 "quorum": q.description, "majority_needed": needed, "majority_rule": majority_rule}
    if not q.reached:
        return Recall.Outcome.VOID, reckoning
    return (Recall.Outcome.RECALLED if votes_for >= needed else Recall.Outcome.REJECTED), reckoning


def _check_vote_figures(recall, vote_on, eligible, participants, votes_for, votes_against):
    if vote_on > clock.today():
        raise RuleViolation("CAL-5", _("A date in the future cannot be recorded."), field="vote_on")
    if vote_on < recall.petition_on:
        raise RuleViolation("CAL-5", _("The vote cannot be held before the petition."), field="vote_on")
    if participants > eligible:
        raise RuleViolation("AFT-6", _("More took part than were entitled to vote."), field="participants")
    if votes_for + votes_against > participants:
        raise RuleViolation("AFT-6", _("More votes than people who took part."), field="votes_for")


def recall_vote_record(*, recall, actor, vote_on, eligible, participants, votes_for, votes_against=0):
    """Record the vote on a petition; a recall carried vacates the seat (AFT-6)."""
    _check_vote_figures(recall, vote_on, eligible, participants, votes_for, votes_against)
    with transaction.atomic():
        election = locked_election(recall.election)
        recall = Recall.objects.select_for_update().select_related("seat").get(pk=recall.pk)
        if recall.outcome != Recall.Outcome.PENDING:
            raise RuleViolation("AFT-6", _("The vote on this petition is already recorded."))
        outcome, reckoning = recall_reckoning(election, eligible=eligible, participants=participants,
                                              votes_for=votes_for)
        recall.vote_on, recall.eligible, recall.participants = vote_on, eligible, participants
        recall.votes_for, recall.votes_against = votes_for, votes_against
        recall.outcome, recall.reckoning = outcome, reckoning
        recall.save()
        audit_log(actor=actor, action="aftermath.recall.voted", obj=recall, election=election,
                  after={"outcome": outcome, "vote_on": vote_on, "eligible": eligible,
                         "participants": participants, "votes_for": votes_for, "votes_against": votes_against},
                  data=reckoning)
        if outcome == Recall.Outcome.RECALLED:
            seat = recall.seat
            before = model_state(seat)
            seat.left_on, seat.left_reason = vote_on, CommitteeSeat.Left.RECALLED
            seat.left_note = _("Recalled by the vote of %(day)s") % {"day": vote_on.isoformat()}
            seat.save(update_fields=["left_on", "left_reason", "left_note"])
            audit_log(actor=actor, action="aftermath.committee.left_office", obj=seat, election=election,
                      before=before, after=model_state(seat))
    return recall


def by_election_in_progress(election):
    return election.by_elections.exclude(state=State.CLOSED).first()


def by_election_call(*, election, actor, seats, election_date=None, place="", start_time=None, override_reason=""):
    """Call a by-election (AFT-6) for vacant seats of `election`'s committee: `seats` {position: n}, each
    within the vacancies. It keeps the frozen rule profile of the election it completes (the same rules). An
    election day too close for the posting deadlines (VOT-5, CAN-6) needs `override_reason`, as any election's."""
    seats = {p: int(n or 0) for p, n in seats.items() if int(n or 0) > 0}
    if not seats:
        raise RuleViolation("AFT-6", _("Choose the vacant seats the by-election fills."))
    if election_date is not None and election_date < clock.today():
        raise RuleViolation("CAL-2", _("Election day cannot be in the past."), field="election_date")
    with transaction.atomic():
        election = locked_election(election)
        _check_committee_in_office(election)
        running = by_election_in_progress(election)
        if running is not None:
            raise RuleViolation("AFT-6", _("A by-election for this committee is already under way."))
        open_seats = vacancies(election)
        for position, n in seats.items():
            if n > open_seats.get(position, 0):
                raise RuleViolation("AFT-6", _("%(position)s: %(n)s seat(s) asked, %(open)s vacant.") % {
                    "position": Position(position).label, "n": n, "open": open_seats.get(position, 0)})
        by_election = election_create(
            community=election.community, term=election.term, profile=election.profile, actor=actor,
            completes=election, is_rehearsal=election.is_rehearsal, chair_seats=seats.get("chair", 0),
            vice_chair_seats=seats.get("vice_chair", 0), member_seats=seats.get("member", 0),
            election_date=election_date, place=place, start_time=start_time, override_reason=override_reason,
            committee_in_office=[{"name": s.name, "sex": s.sex, "position": s.position}
                                 for s in in_office(election)])
        audit_log(actor=actor, action="aftermath.by_election.called", obj=by_election, election=election,
                  after={"by_election": by_election.pk, "seats": seats, "election_date": election_date})
    return by_election
