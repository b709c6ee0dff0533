"""Numbered ballot print runs (PRT): the committee asks for ballots for the voters plus a spare margin; the
serial range is reserved at once (unique per round across runs), and a background job renders the PDF into
private storage with its progress on record."""
import logging
import os
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.services.errors import RuleViolation
from elections.states import State

from .. import ballots
from ..candidates import POSITIONS, missing_positions
from ..models import BallotBatch, Round
from .rounds import current_round, round_number

logger = logging.getLogger(__name__)
MAX_BALLOTS = 20_000  # one run; a community of 20,000 voters prints in two
PRINT_STATES = (State.NOMINATION, State.VOTING)


def ballots_missing(election):
    """Why the ballots cannot be printed yet, or None (CAN-4, CAN-6: the formal candidates are on them)."""
    if election.state not in PRINT_STATES:
        return _("Ballots are printed in the nomination or voting phase, once the formal candidates are "
                 "decided.")
    if round_number(election) > 1:
        return None  # a later round's ballot holds the candidates the count left for it (its contests)
    missing = missing_positions(election)
    if missing:
        labels = {p: str(label) for p, label in ballots.POSITION_CN.items()}
        return _("No formal candidate yet for: %(positions)s.") % {
            "positions": "、".join(labels[p] for p in POSITIONS if p in missing)}
    return None


def ballot_batch_request(*, election, voters, spare, actor):
    """Reserve the next serial range of the current round for `voters` + `spare` ballots and queue the job."""
    problem = ballots_missing(election)
    if problem:
        raise RuleViolation("CAN-6", problem)
    count = voters + spare
    if voters < 0 or spare < 0 or not 1 <= count <= MAX_BALLOTS:
        raise RuleViolation("VOTE-2", _("Print between 1 and %(max)s ballots at a time.")
                            % {"max": MAX_BALLOTS})
    with transaction.atomic():
        # Lock the round: two clerks asking for ballots at once must not get the same serial numbers.
        round_obj = Round.objects.select_for_update().get(pk=current_round(election).pk)
        last = BallotBatch.objects.filter(round=round_obj).order_by("-last_serial").first()
        first = (last.last_serial if last else 0) + 1
        batch = BallotBatch.objects.create(
            election=election, round=round_obj, first_serial=first, last_serial=first + count - 1,
            serial_width=ballots.serial_width(first + count - 1), voters=voters, spare=spare,
            layout=election.rules.ballot_layout,
            pages_total=count * len(ballots.sheets(election, round_obj.number)),
            requested_by=actor)
        audit_log(actor=actor, action="polling.ballots.requested", obj=batch, election=election,
                  data={"round": round_obj.number, "first": first, "last": batch.last_serial,
                        "voters": voters, "spare": spare})
        transaction.on_commit(lambda: _enqueue(batch))
    return batch


def _enqueue(batch):
    from ..tasks import print_ballot_batch

    result = print_ballot_batch.enqueue(batch.pk)
    BallotBatch.objects.filter(pk=batch.pk).update(task_id=str(result.id)[:64])


def batch_path(batch):
    """Where a run's PDF lives: under MEDIA_ROOT/private/, never served by the web server."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / batch.file_name


def _claim(batch_id):
    """Claim the job: exactly one worker moves it from queued to running (a retried job does nothing)."""
    return BallotBatch.objects.filter(pk=batch_id, status=BallotBatch.Status.QUEUED).update(
        status=BallotBatch.Status.RUNNING, started_at=clock.now()) == 1


def ballot_batch_render(batch_id):
    """The background job: lay the ballots out, stamp the serials, write the file, record progress."""
    if not _claim(batch_id):
        return
    batch = BallotBatch.objects.select_related("election__community", "round").get(pk=batch_id)
    try:
        _render_to_file(batch)
    except Exception as exc:  # recorded for the committee's page; the traceback goes to the worker's log
        logger.exception("Ballot print run %s failed", batch_id)
        BallotBatch.objects.filter(pk=batch_id).update(
            status=BallotBatch.Status.FAILED, error=str(exc)[:2000], finished_at=clock.now())
        return
    with transaction.atomic():
        audit_log(actor=batch.requested_by, action="polling.ballots.printed", obj=batch,
                  election=batch.election,
                  data={"first": batch.first_serial, "last": batch.last_serial, "pages": batch.pages_total,
                        "bytes": batch.file_size})


def _render_to_file(batch):
    election = batch.election
    serials = f"{batch.serial(batch.first_serial)}-{batch.serial(batch.last_serial)}"
    name = f"ballots/{election.community.code}/e{election.pk}-r{batch.round.number}-{serials}.pdf"
    path = Path(settings.PRIVATE_MEDIA_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".part")

    def progress(done, total):
        BallotBatch.objects.filter(pk=batch.pk).update(pages_done=done, pages_total=total)

    with open(partial, "wb") as out:
        ballots.ballots_pdf(election, batch.first_serial, batch.last_serial, round_number=batch.round.number,
                            width=batch.serial_width, out=out, on_progress=progress)
    os.replace(partial, path)  # the download link appears only for a complete file
    batch.file_name, batch.file_size = name, path.stat().st_size
    BallotBatch.objects.filter(pk=batch.pk).update(
        status=BallotBatch.Status.DONE, file_name=name, file_size=batch.file_size, finished_at=clock.now())
