"""Numbered ballot print runs (PRT): the committee asks for ballots for the voters plus a spare margin; the
serial range is reserved at once (unique per round across runs), and a background job (elections.jobs) renders
the PDF into private storage with its progress on record. A run whose worker died is found stale and can be run
again: it re-renders the same serial range, so no serial is reserved twice and none is skipped. Cancelling a run
that never finished releases its serials (nobody can hold a ballot of it: the file appears only when complete).
"""
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from elections import jobs, storage
from elections.audit import audit_log
from elections.services.errors import RuleViolation
from elections.states import State

from .. import ballots
from ..candidates import POSITIONS, missing_positions
from ..models import BallotBatch, Round
from .rounds import current_round, round_number

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


JOB_KIND = "polling.ballots"


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
        job = jobs.job_create(kind=JOB_KIND, election=election, actor=actor,
                              total=count * len(ballots.sheets(election, round_obj.number)))
        batch = BallotBatch.objects.create(
            election=election, round=round_obj, first_serial=first, last_serial=first + count - 1,
            serial_width=ballots.serial_width(first + count - 1), voters=voters, spare=spare,
            layout=election.rules.ballot_layout, job=job, requested_by=actor)
        audit_log(actor=actor, action="polling.ballots.requested", obj=batch, election=election,
                  data={"round": round_obj.number, "first": first, "last": batch.last_serial,
                        "voters": voters, "spare": spare})
    return batch


def batch_path(batch):
    """Where a run's PDF lives with the default local storage: under MEDIA_ROOT/private/, never served by the
    web server."""
    return Path(settings.PRIVATE_MEDIA_ROOT) / batch.file_name


def batch_open(batch):
    """The run's finished PDF, opened from the private storage (local disk or S3), or None when it is missing."""
    store = storage.private_storage()
    if not batch.file_name or not store.exists(batch.file_name):
        return None
    return store.open(batch.file_name, "rb")


def _render(job, progress):
    """The background job: lay the ballots out, stamp the serials, write the file, record progress."""
    batch = BallotBatch.objects.select_related("election__community", "round").get(job=job)
    election = batch.election
    serials = f"{batch.serial(batch.first_serial)}-{batch.serial(batch.last_serial)}"
    name = f"ballots/{election.community.code}/e{election.pk}-r{batch.round.number}-{serials}.pdf"
    path = Path(settings.PRIVATE_MEDIA_ROOT) / name
    with jobs.partial_file(progress, path) as out:
        ballots.ballots_pdf(election, batch.first_serial, batch.last_serial, round_number=batch.round.number,
                            width=batch.serial_width, out=out, on_progress=progress)
    size = path.stat().st_size
    progress.check()  # still this attempt's job: only then does the file replace what the storage holds
    name = storage.keep(name, path)  # into the private storage (an S3 bucket when several servers share it)
    BallotBatch.objects.filter(pk=batch.pk).update(file_name=name, file_size=size)
    return {"file": name}


def _printed(job):
    batch = BallotBatch.objects.get(job=job)
    audit_log(actor=batch.requested_by, action="polling.ballots.printed", obj=batch, election=batch.election,
              data={"first": batch.first_serial, "last": batch.last_serial, "pages": job.total,
                    "bytes": batch.file_size, "attempt": job.attempts})


def _cancelled(job, actor):
    """A run cancelled before it finished gives its serial numbers back."""
    batch = BallotBatch.objects.filter(job=job).first()
    if batch is not None:
        audit_log(actor=actor, action="polling.ballots.cancelled", obj=batch, election=batch.election,
                  data={"round": batch.round.number, "first": batch.first_serial, "last": batch.last_serial})
        batch.delete()


jobs.register(JOB_KIND, run=_render, on_done=_printed, on_cancel=_cancelled)
