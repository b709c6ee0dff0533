"""Voting rounds and their polls (VOTE-2, VOTE-9, CAL-5).

Each round has its own ballots and its own issuance: nobody receives two ballots in a round. The first round
opens itself on first use and is held on election day; later rounds (a tie-break vote, a further round, the
repetition of a void one) are opened by the counting app when the count needs them (`round_open`), each with
its contests and its voting day.

The election's state follows its current round (see elections/states.py): VOTING while the round's ballots are
issued — only on the round's voting day (CAL-5) — and COUNTING once the issuance is closed. `polls_close` is the
door of that move.
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.models import Election
from elections.prepared import prepared
from elections.services.elections import election_transition
from elections.services.errors import RuleViolation
from elections.states import State

from ..models import BallotIssue, Round


def round_number(election):
    """The number of the election's current round (1 before any ballot was issued), without creating it."""
    latest = Round.objects.filter(election=election).order_by("-number").values_list("number", flat=True).first()
    return latest or 1


@prepared(Round)
def _latest_round(shape, election):
    return Round.objects.filter(election_id=election).order_by("-number")[:1]


def current_round(election):
    """The election's latest round; the first round is created on first use. Its SQL compiled once
    (elections.prepared): every issuance asks for it (issue 13)."""
    latest = next(iter(_latest_round((), election=election.pk)), None)
    if latest is not None:
        latest.election = election
        return latest
    try:
        with transaction.atomic():
            created = Round.objects.create(election=election, number=1, kind=Round.Kind.FIRST)
    except IntegrityError:  # another request opened it at the same moment
        created = Round.objects.get(election=election, number=1)
    created.election = election
    return created


def round_open(*, election, kind, actor, contests, voting_day, note=""):
    """Open the next round with its ballot's `contests` on `voting_day`: everybody may collect a ballot again.

    For the counting app, which decides when a round is needed and moves the election back to voting in the
    same transaction. The voting day is that of the round before or a later one, and never in the past."""
    latest = current_round(election)
    today = clock.today()
    earliest = max(today, latest.day or today)
    if voting_day is None or voting_day < earliest:
        raise RuleViolation("CAL-5", _("The new round is held on %(earliest)s or a later day.")
                            % {"earliest": earliest.isoformat()}, field="voting_day")
    with transaction.atomic():
        new = Round.objects.create(election=election, number=latest.number + 1, kind=kind, note=note,
                                   opened_by=actor, voting_day=voting_day, contests=contests)
        audit_log(actor=actor, action="polling.round.opened", obj=new, election=election,
                  data={"number": new.number, "kind": kind, "note": note, "voting_day": voting_day,
                        "contests": contests})
    new.election = election
    return new


def issuance_problems(election, round_obj=None, *, today=None):
    """[(rule, message)] that keep ballots of the current round from being issued now: the election is not
    voting, or today is not the round's voting day (CAL-5)."""
    if election.state != State.VOTING:
        return [("VOTE-2", _("Ballots are issued only while the election is in the voting state (now: "
                             "“%(state)s”).") % {"state": State(election.state).label})]
    round_obj = round_obj or current_round(election)
    day, today = round_obj.day, today or clock.today()
    if day is None:
        return [("CAL-2", _("Election day is not fixed."))]
    if today < day:
        return [("CAL-5", _("The ballots of round %(n)s are issued on its voting day, %(day)s, not before.")
                 % {"n": round_obj.number, "day": day.isoformat()})]
    if today > day:
        return [("CAL-5", _("The voting day of round %(n)s was %(day)s: its ballots are no longer issued. Close "
                            "the issuance and count the ballots.") % {"n": round_obj.number,
                                                                     "day": day.isoformat()})]
    return []


def polls_close_problems(election):
    """What keeps the issuance of the current round from being closed now (the door "polls_close")."""
    if election.state != State.VOTING:
        return [("VOTE-2", _("The ballot issuance is open only in the voting state."))]
    round_obj = current_round(election)
    day = round_obj.day
    if day is None or clock.today() < day:
        return [("CAL-5", _("The issuance of round %(n)s closes on its voting day (%(day)s) or later.")
                 % {"n": round_obj.number, "day": day.isoformat() if day else "—"})]
    return []


def polls_close(*, election, actor):
    """Close the ballot issuance of the current round: the election moves to counting (VOTE-2, VOTE-6)."""
    with transaction.atomic():
        election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
        problems = polls_close_problems(election)
        if problems:
            raise RuleViolation(problems[0][0], problems[0][1])
        round_obj = current_round(election)
        issued = BallotIssue.objects.filter(round=round_obj, cancelled_at__isnull=True).count()
        audit_log(actor=actor, action="polling.round.polls_closed", obj=round_obj, election=election,
                  data={"round": round_obj.number, "issued": issued})
        return election_transition(election=election, to=State.COUNTING, actor=actor, door="polls_close",
                                   reason=_("Ballot issuance of round %(n)s closed: %(issued)s ballots issued.")
                                   % {"n": round_obj.number, "issued": issued})


def no_ballot_issued(election):
    """Guard of the move back from voting to nomination: not once a ballot has been issued (VOTE-2)."""
    issued = BallotIssue.objects.filter(round__election=election, cancelled_at__isnull=True).exists()
    if issued or Round.objects.filter(election=election, number__gt=1).exists():
        return [("VOTE-2", _("Ballots have been issued: the election cannot go back to nomination."))]
    return []


def first_round_ballots_issued(election):
    """CAL-4: what stops a postponement — a ballot of the first round already issued (election day has come)."""
    issued = BallotIssue.objects.filter(round__election=election, round__number=1).count()
    if issued:
        return [("CAL-4", _("%(n)s ballots of the first round have been issued: election day can no longer be "
                            "postponed.") % {"n": issued})]
    return []
