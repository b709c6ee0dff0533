"""The rounds of counting (VOTE-2, VOTE-9): each round has its own ballots, issuance and count.

- The first round is polling's round 1; counting attaches its contests (every position, the formal candidates)
  when its first box is opened.
- `round_next_open` is the door "round_open" (elections/states.py): it opens what the result needs next
  (counting.results.NextStep) — a tie-break vote among the tied (VOTE-9), a further round for unfilled seats
  (VOTE-9), or the repetition of a void round (VOTE-4, VOTE-7, VOTE-13) — through polling's `round_open`, on
  its voting day, and moves the election back from counting to voting, citing the rule.
- `polls_reopen` (door "polls_reopen") undoes a mistaken close of the ballot issuance, before any box is
  counted.
- `round_close` accepts a round's count once every box is agreed: void when the quorum was missed (VOTE-3/4)
  or more ballots came back than were issued (VOTE-7), otherwise counted, with its figures recorded.
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.checklist import step_done
from elections.rules.quorum import quorum
from elections.rules.tally import round_validity
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation
from elections.states import State
from polling.candidates import first_round_contests
from polling.models import PollingStation
from polling.selectors import quorum_base, station_counts
from polling.services.rounds import current_round, round_open

from ..models import Certification, CountRound, TallyBox
from ..people import formal_name_keys
from ..results import election_results, live_figures
from .common import check_counting, check_round_open, locked_election

POLLING_KIND = {"repeat": "repeat", "tie_break": "tie_break", "further": "further"}
NOTES = {"repeat": "重新投票", "tie_break": "对得票相等的候选人再次投票", "further": "另行选举"}


def count_round_for(*, election, polling_round, actor):
    """The counting record of a polling round, created for a round polling opened itself (the first), whose
    ballot then holds every formal candidate."""
    existing = CountRound.objects.filter(round=polling_round).first()
    if existing is not None:
        return existing
    if polling_round.election_id != election.pk:
        raise RuleViolation("VOTE-2", _("That round belongs to another election."))
    contests = polling_round.contests or first_round_contests(election)
    if not any(c["candidates"] for c in contests):
        raise RuleViolation("CAN-4", _("The election has no formal candidates: there is nothing to count."))
    try:
        with transaction.atomic():
            if not polling_round.contests:
                polling_round.contests = contests
                polling_round.save(update_fields=["contests"])
            created = CountRound.objects.create(election=election, round=polling_round,
                                                purpose=CountRound.Purpose.FIRST, stage=1)
    except IntegrityError:  # another clerk attached it at the same moment
        return CountRound.objects.get(round=polling_round)
    audit_log(actor=actor, action="counting.round.attached", obj=created, election=election,
              data={"round": polling_round.number, "contests": contests})
    return created


def current_count_round(*, election, actor):
    """The count of the election's current polling round (the first is opened on first use)."""
    return count_round_for(election=election, polling_round=current_round(election), actor=actor)


def round_open_problems(election):
    """What keeps the next round from being opened now (the door "round_open"): the count of the current round
    is not closed, or the result needs no further vote."""
    if Certification.objects.filter(election=election, revoked_at__isnull=True).exists():
        return [("AFT-1", _("The result is certified."))]
    if election.state != State.COUNTING:
        return [("VOTE-6", _("A new round is opened once the current round is counted (the election is at "
                             "“%(state)s”).") % {"state": State(election.state).label})]
    step = election_results(election).next
    if not step.opens_round:
        return [(step.rule or "VOTE-9", _("No new round is needed now."))]
    return []


def round_next_open(*, election, actor, voting_day=None):
    """Open the round the result needs next — a tie-break vote (VOTE-9), a further round (VOTE-9) or the
    repetition of a void round (VOTE-4, VOTE-7, VOTE-13) — on `voting_day` (default today): the election goes
    back to voting, a recorded move citing that rule, and everybody may collect a ballot of the new round."""
    with transaction.atomic():
        election = locked_election(election)
        problems = round_open_problems(election)
        if problems:
            raise RuleViolation(*problems[0])
        step = election_results(election).next
        polling_round = round_open(election=election, kind=POLLING_KIND[step.kind], actor=actor,
                                   note=NOTES[step.kind], contests=step.contests,
                                   voting_day=voting_day or clock.today())
        count_round = CountRound.objects.create(election=election, round=polling_round, purpose=step.purpose,
                                                stage=step.stage)
        audit_log(actor=actor, action="counting.round.opened", obj=count_round, election=election,
                  data={"round": polling_round.number, "kind": step.kind, "stage": step.stage,
                        "contests": step.contests, "rule": step.rule, "voting_day": polling_round.voting_day})
        reason = _("Round %(n)s opened (%(kind)s) for %(day)s: %(why)s") % {
            "n": polling_round.number, "kind": NOTES[step.kind], "day": polling_round.voting_day.isoformat(),
            "why": step.message or NOTES[step.kind]}
        election_transition(election=election, to=State.VOTING, actor=actor, door="round_open", reason=reason,
                            rule=step.rule or "VOTE-9")
    return count_round


def polls_reopen_problems(election):
    """Closing the issuance by mistake is undone only on the round's voting day and before its count began."""
    if election.state != State.COUNTING:
        return [("VOTE-2", _("The ballot issuance is not closed."))]
    polling_round = current_round(election)
    if polling_round.day != clock.today():
        return [("CAL-5", _("Ballots of round %(n)s are issued only on its voting day.") % {"n": polling_round.number})]
    count_round = CountRound.objects.filter(round=polling_round).first()
    if count_round is not None and (count_round.status != CountRound.Status.OPEN or count_round.boxes.exists()):
        return [("VOTE-6", _("The count of round %(n)s has begun: its ballot issuance stays closed.")
                 % {"n": polling_round.number})]
    return []


def polls_reopen(*, election, actor, reason):
    """Reopen the ballot issuance of the current round, closed by mistake (with the reason, on record)."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOTE-2", _("Give the reason for reopening the ballot issuance."), field="reason")
    with transaction.atomic():
        election = locked_election(election)
        problems = polls_reopen_problems(election)
        if problems:
            raise RuleViolation(*problems[0])
        return election_transition(election=election, to=State.VOTING, actor=actor, door="polls_reopen",
                                   reason=reason, rule="VOTE-2")


def _missing_boxes(count_round):
    """Stations that issued ballots in the round without an agreed count (VOTE-6: every box is counted)."""
    issued = station_counts(count_round.round)
    agreed = set(count_round.boxes.filter(status=TallyBox.Status.AGREED).values_list("station_id", flat=True))
    opened = set(count_round.boxes.values_list("station_id", flat=True))
    stations = PollingStation.objects.filter(pk__in=(set(issued) | opened) - agreed)
    return [(s, issued.get(s.pk, 0)) for s in stations.order_by("kind", "pk")]


def _void_reason(election, figures, eligible):
    """(rule, reason) that make the round void, or None: the quorum (VOTE-3/4), then VOTE-7."""
    if election.method:
        q = quorum(election.method, eligible, figures.issued, election.rules)
        if not q.reached:
            return q.rule, _("Quorum missed: %(description)s.") % {"description": q.description}
    validity = round_validity(figures.issued, figures.returned)
    if not validity.valid:
        return validity.rule, validity.reason
    return None


def round_close(*, count_round, actor):
    """Accept the round's count: every box agreed; void under VOTE-3/4 or VOTE-7, otherwise counted. A round in
    which no ballot was issued is void for the quorum (VOTE-3/4) without a box to count."""
    with transaction.atomic():
        election = locked_election(count_round.election)
        check_counting(election)
        count_round = CountRound.objects.select_for_update().select_related("round").get(pk=count_round.pk)
        check_round_open(count_round)
        missing = _missing_boxes(count_round)
        if missing:
            raise RuleViolation("VOTE-6", _("Every ballot box is counted and agreed first: %(boxes)s.") % {
                "boxes": "、".join(f"{s.name}（{n}）" for s, n in missing)})
        count_round.election = election
        figures = live_figures(count_round, formal_name_keys(election))
        if not figures.agreed_boxes and figures.issued:
            raise RuleViolation("VOTE-6", _("No ballot box of this round has been counted."))
        registered, absent = quorum_base(election, count_round.round) if election.method else (0, 0)
        eligible = registered - absent  # VOT-8: declared absences the profile leaves out
        void = _void_reason(election, figures, eligible)
        count_round.result = {**figures.as_dict(), "eligible": eligible, "absent": absent}
        count_round.closed_at, count_round.closed_by = clock.now(), actor
        if void:
            count_round.status = CountRound.Status.VOID
            count_round.void_rule, count_round.void_reason = void
            count_round.voided_at, count_round.voided_by = count_round.closed_at, actor
        else:
            count_round.status = CountRound.Status.CLOSED
        count_round.save()
        audit_log(actor=actor, action=f"counting.round.{'voided' if void else 'closed'}", obj=count_round,
                  election=election, after={"status": count_round.status, "rule": count_round.void_rule,
                                            "reason": count_round.void_reason},
                  data={k: v for k, v in count_round.result.items() if k != "votes"})
        if not void:
            # VOTE-2, VOTE-6: the election meeting was held and its ballots counted.
            step_done(election=election, step="election_held", actor=actor)
    return count_round


def round_reopen(*, count_round, actor, reason):
    """Take back the closing of a round (a mistake found before certification), while no later round
    exists."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOTE-6", _("Give the reason for reopening the round."), field="reason")
    with transaction.atomic():
        election = locked_election(count_round.election)
        check_counting(election)
        count_round = CountRound.objects.select_for_update().select_related("round").get(pk=count_round.pk)
        if count_round.status == CountRound.Status.OPEN:
            raise RuleViolation("VOTE-6", _("The round is still being counted."))
        if count_round.void_rule == "VOTE-13":
            raise RuleViolation("VOTE-13", _("The street office declared this round void; it is repeated."))
        if CountRound.objects.filter(election=election, round__number__gt=count_round.round.number).exists():
            raise RuleViolation("VOTE-6", _("A later round has been opened: this round's count stands."))
        before = {"status": count_round.status, "rule": count_round.void_rule}
        count_round.status, count_round.result = CountRound.Status.OPEN, {}
        count_round.closed_at = count_round.closed_by = count_round.voided_at = count_round.voided_by = None
        count_round.void_rule = count_round.void_reason = ""
        count_round.save()
        audit_log(actor=actor, action="counting.round.reopened", obj=count_round, election=election,
                  before=before, after={"status": count_round.status}, data={"reason": reason})
    return count_round
