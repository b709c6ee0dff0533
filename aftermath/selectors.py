"""Reads of the after-the-vote data that pages, the supervisors' dashboard and the door checks share.

- handover_deadline(election): the handover's legal deadline (AFT-2, the checklist step "handover_done",
  computed by elections.checklist from certification under the frozen profile, CAL-3 provisional where the
  year is not covered), with the days and working days left.
- wrap_up_checklist(election): AFT-3, what the profile asks the new committee to set up, done or not.
- open_complaints(election), re_election_ordered(election): AFT-5.
- dashboard_flags(elections): per election, open complaints and whether the handover is overdue, in a
  constant number of queries.
- handover_states(elections): per election, whether the handover has begun, its signatures, and whether it
  waits for the presiding street official's signature (the supervisors' co-signature), in one query.
"""
import datetime
from dataclasses import dataclass

from django.db.models import Count
from django.utils.translation import gettext as _

from elections import clock
from elections.checklist import checklist
from elections.legal_calendar import WorkdayCalendar
from elections.models import Election
from elections.states import State

from .models import Complaint, Handover, ResidentBody, WorkingCommittee

# --- the handover's deadline (AFT-2, CAL-3) ---------------------------------------------------------------------

@dataclass
class HandoverDeadline:
    row: object  # elections.checklist.ChecklistRow of the step "handover_done"
    today: datetime.date
    working_days: bool  # the profile counts working days (PRC calendar)
    working_days_left: int | None = None

    @property
    def deadline(self):
        return self.row.deadline

    @property
    def status(self):
        return self.row.status

    @property
    def days_left(self):
        """Calendar days from today to the deadline (negative once it has passed)."""
        return (self.deadline.date - self.today).days if self.deadline else None

    @property
    def days_overdue(self):
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def provisional(self):
        return bool(self.deadline and self.deadline.provisional)


def _working_days_between(calendar, start, end):
    """Working days after `start` up to and including `end` (0 when end ≤ start)."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_working_day(day)[0]
    return count


def handover_deadline(election, *, today=None, calendar=None):
    """The handover's deadline and what is left of it, or None before the result is certified."""
    today = today or clock.today()
    calendar = calendar or WorkdayCalendar()
    row = next(r for r in checklist(election, today=today, calendar=calendar) if r.step.key == "handover_done")
    if row.deadline is None:
        return None
    info = HandoverDeadline(row=row, today=today, working_days=election.rules.handover_working_days)
    if info.working_days and not row.done:
        info.working_days_left = _working_days_between(calendar, today, row.deadline.date)
    return info


# --- wrap-up (AFT-3) -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class WrapUpItem:
    key: str
    label: str
    done: bool
    detail: str
    rule: str = "AFT-3"


def _committee_item(name, committee):
    if committee is None:
        return WrapUpItem(f"committee:{name}", name, False, _("not set up yet"))
    members = list(committee.members.all())
    heads = sum(m.role == "head" for m in members)
    done = bool(members) and heads == 1
    detail = (_("%(n)s member(s), head: %(head)s") % {
        "n": len(members), "head": next((m.seat.name for m in members if m.role == "head"), "—")})
    if not members:
        detail = _("set up; no member assigned yet")
    elif not heads:
        detail = _("%(n)s member(s); no head named yet") % {"n": len(members)}
    return WrapUpItem(f"committee:{name}", name, done, detail)


def _body_item(kind, body):
    label = str(ResidentBody.Kind(kind).label)
    if body is None:
        return WrapUpItem(f"body:{kind}", label, False, _("not set up yet"))
    members = list(body.members.all())
    if not members:
        return WrapUpItem(f"body:{kind}", label, False, _("set up; no member recorded yet"))
    return WrapUpItem(f"body:{kind}", label, True, _("%(n)s member(s), set up on %(day)s")
                      % {"n": len(members), "day": body.set_up_on.isoformat()})


def wrap_up_checklist(election):
    """AFT-3: each working committee the profile names, and the consultation council and the openness
    supervision group where it asks for them; extra committees the community set up itself are listed too."""
    rules = election.rules
    committees = {c.name: c for c in WorkingCommittee.objects.filter(election=election)
                  .prefetch_related("members__seat")}
    bodies = {b.kind: b for b in ResidentBody.objects.filter(election=election).prefetch_related("members")}
    names = list(rules.working_committees or [])
    names += [name for name in committees if name not in names]
    items = [_committee_item(name, committees.get(name)) for name in names]
    if rules.consultation_council or ResidentBody.Kind.CONSULTATION_COUNCIL in bodies:
        items.append(_body_item(ResidentBody.Kind.CONSULTATION_COUNCIL,
                                bodies.get(ResidentBody.Kind.CONSULTATION_COUNCIL)))
    if rules.supervision_group or ResidentBody.Kind.SUPERVISION_GROUP in bodies:
        items.append(_body_item(ResidentBody.Kind.SUPERVISION_GROUP,
                                bodies.get(ResidentBody.Kind.SUPERVISION_GROUP)))
    return items


# --- complaints (AFT-5) ----------------------------------------------------------------------------------------

def open_complaints(election):
    return Complaint.objects.filter(election=election, status__in=Complaint.OPEN)


def re_election_ordered(election):
    """The complaint whose decision ordered a new election, or None."""
    return (Complaint.objects.filter(election=election, status=Complaint.Status.DECIDED,
                                     effect=Complaint.Effect.RE_ELECTION).order_by("number").first())


# --- the supervisors' dashboard ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class DashboardFlags:
    open_complaints: int = 0
    handover_overdue: bool = False
    by_election: object = None  # a by-election under way for the committee (AFT-6)


def dashboard_flags(elections, rows_by_election=None):
    """{election id: DashboardFlags}: open complaints and by-elections under way (a query each), and an overdue
    handover, read from the checklist rows the dashboard already has ({election id: [ChecklistRow]})."""
    elections = list(elections)
    ids = [e.pk for e in elections]
    counts = dict(Complaint.objects.filter(election_id__in=ids, status__in=Complaint.OPEN)
                  .values("election_id").annotate(n=Count("pk")).values_list("election_id", "n"))
    by_elections = {b.completes_id: b for b in Election.objects.filter(completes_id__in=ids)
                    .exclude(state=State.CLOSED)}
    flags = {}
    for election in elections:
        rows = (rows_by_election or {}).get(election.pk, [])
        overdue = any(r.step.key == "handover_done" and r.status == "overdue" for r in rows)
        flags[election.pk] = DashboardFlags(open_complaints=counts.get(election.pk, 0), handover_overdue=overdue,
                                            by_election=by_elections.get(election.pk))
    return flags


@dataclass(frozen=True)
class HandoverState:
    """Where the handover stands (AFT-2): not begun, begun with `signatures` of the three, complete. The
    presiding street official signs last: `awaiting_street` once both chairs have signed."""

    handover_id: int | None = None
    items: int = 0
    signatures: int = 0
    completed_on: object = None

    @property
    def begun(self):
        return self.handover_id is not None

    @property
    def complete(self):
        return self.completed_on is not None

    @property
    def awaiting_street(self):
        return self.begun and not self.complete and self.signatures == 2

    @property
    def key(self):
        """not_begun, signing, awaiting_street or complete."""
        if not self.begun:
            return "not_begun"
        if self.complete:
            return "complete"
        return "awaiting_street" if self.awaiting_street else "signing"


def handover_states(elections):
    """{election id: HandoverState} in one query, whatever the number of elections."""
    rows = (Handover.objects.filter(election__in=[e.pk for e in elections])
            .annotate(n_items=Count("items", distinct=True), n_signatures=Count("signatures", distinct=True))
            .values_list("election_id", "pk", "n_items", "n_signatures", "completed_on"))
    found = {election_id: HandoverState(pk, items, signatures, completed_on)
             for election_id, pk, items, signatures, completed_on in rows}
    return {e.pk: found.get(e.pk, HandoverState()) for e in elections}
