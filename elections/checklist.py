"""The election's checklist: each step, its legal deadline (RULES CAL-2), and whether and by whom it is done.

One table of steps serves the election's checklist page and the supervisors' dashboard. Services mark a step
done with `step_done`; the deadline of each step is computed from election day and the frozen rule profile.
"""
import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from . import clock
from .legal_calendar import Day, WorkdayCalendar, days_before
from .models import NoticeRepost, StepCompletion
from .states import State


def _before_election(n_attr=None, n=0):
    def deadline(election, calendar):
        if election.election_date is None:
            return None
        days = getattr(election.rules, n_attr) if n_attr else n
        return Day(days_before(election.election_date, days))
    return deadline


def _handover_deadline(election, calendar):
    if election.results_certified_on is None:
        return None
    rules = election.rules
    if rules.handover_working_days:
        return calendar.add_working_days(election.results_certified_on, rules.handover_days)
    return Day(election.results_certified_on + datetime.timedelta(days=rules.handover_days))


@dataclass(frozen=True)
class Step:
    key: str
    label: str
    rule: str
    deadline: callable = None
    # The notice this step posts, which a postponement may send back to the board (CAL-4).
    notice: str = ""


STEPS = [
    Step("committee_formed", _("Election committee chosen by the representatives meeting"), "ORG-2, ORG-3"),
    Step("method_decided", _("Election method decided by the representatives meeting"), "MTH-1",
         _before_election("voter_list_days_before")),
    Step("election_day_set", _("Election day, time and place fixed"), "CAL-2",
         _before_election("voter_list_days_before"), NoticeRepost.Notice.ELECTION_NOTICE),
    Step("voter_list_published", _("Voter list posted publicly"), "VOT-5",
         _before_election("voter_list_days_before"), NoticeRepost.Notice.VOTER_LIST),
    Step("objections_decided", _("Objections to the voter list decided"), "VOT-6", _before_election(n=1)),
    Step("candidates_posted", _("Formal candidates posted publicly"), "CAN-6",
         _before_election("candidates_days_before"), NoticeRepost.Notice.CANDIDATES),
    Step("proxies_arranged", _("Proxy voting arranged"), "PRX-3", _before_election("proxy_days_before")),
    Step("election_held", _("Election meeting held and ballots counted"), "VOTE-2, VOTE-6", _before_election(n=0)),
    Step("results_certified", _("Results certified and announced"), "AFT-1", _before_election(n=0)),
    Step("handover_done", _("Handover to the new committee"), "AFT-2", _handover_deadline),
    Step("archive_done", _("Election archive filed"), "AFT-4"),
]
STEP_KEYS = {s.key for s in STEPS}


@dataclass
class ChecklistRow:
    step: Step
    deadline: Day | None
    done: StepCompletion | None
    today: datetime.date
    # An open NoticeRepost: a postponement sent this step's notice back to the board (CAL-4).
    repost: NoticeRepost | None = None

    @property
    def status(self):
        if self.done:
            # CAL-5: judged by the day the act happened, not the day it was entered.
            late = self.deadline and self.done.done_on > self.deadline.date
            return "late" if late else "done"
        if self.deadline is None:
            return "open"
        if self.today > self.deadline.date:
            return "overdue"
        if self.today == self.deadline.date:
            return "due_today"
        return "upcoming"

    @property
    def status_label(self):
        return STATUS_LABELS[self.status]


STATUS_LABELS = {
    "done": _("Done"), "late": _("Done late"), "open": _("Open"), "overdue": _("Overdue"),
    "due_today": _("Due today"), "upcoming": _("Upcoming"),
}


def checklist(election, *, today=None, calendar=None, done=None, reposts=None):
    """Rows for every step. `done` and `reposts` ({notice: open NoticeRepost}) may be passed in pre-fetched
    (the dashboard does, for many elections)."""
    today = today or clock.today()
    calendar = calendar or WorkdayCalendar()
    if done is None:
        done = {s.step: s for s in election.steps_done.select_related("actor")}
    if reposts is None:
        reposts = {r.notice: r for r in election.notice_reposts.filter(reposted_on__isnull=True)}
    return [ChecklistRow(step, step.deadline(election, calendar) if step.deadline else None, done.get(step.key),
                         today, reposts.get(step.notice)) for step in STEPS]


# Once the result is certified (AFT-1) the steps before it are history — a step never recorded then is no longer
# due or overdue: what is still due is the handover and the archive (AFT-2, AFT-4). Nothing is due once the
# election is closed.
STEPS_AFTER_THE_VOTE = {s.key for s in STEPS[[s.key for s in STEPS].index("results_certified") + 1:]}


def still_due(election, rows):
    """The checklist rows that can still fall due (see STEPS_AFTER_THE_VOTE)."""
    if election.state == State.CLOSED:
        return []
    if election.state in (State.CERTIFIED, State.HANDOVER):
        return [r for r in rows if r.step.key in STEPS_AFTER_THE_VOTE]
    return rows


def next_deadline(rows):
    """The first row not done that has a deadline (overdue ones first)."""
    pending = [r for r in rows if not r.done and r.deadline]
    return min(pending, key=lambda r: r.deadline.date) if pending else None


def step_done(*, election, step, actor, on=None, note=""):
    """Mark a checklist step done on `on`, the day of the act that completes it (default today), entered now
    (once; a second call keeps the first record)."""
    assert step in STEP_KEYS, step
    try:
        with transaction.atomic():
            return StepCompletion.objects.create(election=election, step=step, actor=actor, note=note[:200],
                                                 done_on=on or clock.today(), done_at=clock.now())
    except IntegrityError:
        return StepCompletion.objects.get(election=election, step=step)


def step_undone(*, election, step):
    StepCompletion.objects.filter(election=election, step=step).delete()
