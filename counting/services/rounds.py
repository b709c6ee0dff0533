"""The rounds of counting (VOTE-2, VOTE-9): each round has its own ballots, issuance and count.

- The first round is polling's round 1; counting attaches its contests (every position, the formal candidates)
  when its first box is opened.
- `round_next_open` opens what the result needs next (counting.results.NextStep): a tie-break vote among the
  tied (VOTE-9), a further round for unfilled seats (VOTE-9), or the repetition of a void round (VOTE-4,
  VOTE-7, VOTE-13) — through polling's `round_open`, so that everybody may collect a ballot again.
- `round_close` accepts a round's count once every box is agreed: void when the quorum was missed (VOTE-3/4)
  or more ballots came back than were issued (VOTE-7), otherwise counted, with its figures recorded.
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.checklist import step_done
from elections.services.errors import RuleViolation

from ..models import CountRound, TallyBox
from ..people import formal_name_keys
from ..results import election_results, first_contests, live_figures
from .common import check_counting, check_round_open, locked_election

POLLING_KIND = {"repeat": "repeat", "tie_break": "further", "further": "further"}
NOTES = {"repeat": "重新投票", "tie_break": "对得票相等的候选人再次投票", "further": "另行选举"}


def count_round_for(*, election, polling_round, actor):
    """The counting record of a polling round, created for a round polling opened itself (the first)."""
    existing = CountRound.objects.filter(round=polling_round).first()
    if existing is not None:
        return existing
    if polling_round.election_id != election.pk:
        raise RuleViolation("VOTE-2", _("That round belongs to another election."))
    contests = first_contests(election)
    if not any(c["candidates"] for c in contests):
        raise RuleViolation("CAN-4", _("The election has no formal candidates: there is nothing to count."))
    try:
        with transaction.atomic():
            created = CountRound.objects.create(election=election, round=polling_round, contests=contests,
                                                purpose=CountRound.Purpose.FIRST, stage=1)
    except IntegrityError:  # another clerk attached it at the same moment
        return CountRound.objects.get(round=polling_round)
    audit_log(actor=actor, action="counting.round.attached", obj=created, election=election,
              data={"round": polling_round.number, "contests": contests})
    return created


def current_count_round(*, election, actor):
    """The count of the election's current polling round (the first is opened on first use)."""
    from polling.services.rounds import current_round

    return count_round_for(election=election, polling_round=current_round(election), actor=actor)


def round_next_open(*, election, actor):
    """Open the round the result needs next (a tie-break, a further round, or a repetition)."""
    from polling.services.rounds import round_open

    with transaction.atomic():
        election = locked_election(election)
        check_counting(election)
        step = election_results(election).next
        if not step.opens_round:
            raise RuleViolation("VOTE-9", _("No new round is needed now."))
        polling_round = round_open(election=election, kind=POLLING_KIND[step.kind], actor=actor,
                                   note=NOTES[step.kind])
        count_round = CountRound.objects.create(election=election, round=polling_round, purpose=step.purpose,
                                                stage=step.stage, contests=step.contests)
        audit_log(actor=actor, action="counting.round.opened", obj=count_round, election=election,
                  data={"round": polling_round.number, "kind": step.kind, "stage": step.stage,
                        "contests": step.contests, "rule": step.rule})
    return count_round


def _missing_boxes(count_round):
    """Stations that issued ballots in the round without an agreed count (VOTE-6: every box is counted)."""
    from polling.models import PollingStation
    from polling.selectors import station_counts

    issued = station_counts(count_round.round)
    agreed = set(count_round.boxes.filter(status=TallyBox.Status.AGREED).values_list("station_id", flat=True))
    opened = set(count_round.boxes.values_list("station_id", flat=True))
    stations = PollingStation.objects.filter(pk__in=(set(issued) | opened) - agreed)
    return [(s, issued.get(s.pk, 0)) for s in stations.order_by("kind", "pk")]


def _void_reason(election, figures, eligible):
    """(rule, reason) that make the round void, or None: the quorum (VOTE-3/4), then VOTE-7."""
    from elections.rules.quorum import quorum
    from elections.rules.tally import round_validity

    if election.method:
        q = quorum(election.method, eligible, figures.issued, election.rules)
        if not q.reached:
            return q.rule, _("Quorum missed: %(description)s.") % {"description": q.description}
    validity = round_validity(figures.issued, figures.returned)
    if not validity.valid:
        return validity.rule, validity.reason
    return None


def round_close(*, count_round, actor):
    """Accept the round's count: every box agreed; void under VOTE-3/4 or VOTE-7, otherwise counted."""
    from polling.selectors import eligible_count

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
        if not figures.agreed_boxes:
            raise RuleViolation("VOTE-6", _("No ballot box of this round has been counted."))
        eligible = eligible_count(election) if election.method else 0
        void = _void_reason(election, figures, eligible)
        count_round.result = {**figures.as_dict(), "eligible": eligible}
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
