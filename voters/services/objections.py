"""Objections (申诉) to the posted voter list (VOT-6): recorded within the window after posting, decided with
a reason within the profile's days of receipt and before election day.

Days are counted as Chinese law counts a period "之日起N日内": the day of posting (or receipt) itself is not
counted, so a list posted on 12-10 with a 5-day window takes objections up to and including 12-15.
The checklist step `objections_decided` is done exactly while no objection waits for a decision.
"""
import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock, names
from elections.acts import act_check, act_record
from elections.audit import audit_log, model_state
from elections.checklist import step_done, step_undone
from elections.models import DatedAct, Election
from elections.services.errors import RuleViolation

from ..models import Objection, Resident
from .publication import day_text, latest_posting, main_list

STEP = "objections_decided"
DECISION_FIELDS = ["decision", "decision_reason", "decided_on", "decided_by"]


def objection_window_end(election):
    """The last day an objection is accepted: N days after the latest posting (a supplementary list can be
    objected to as well), and never on or after election day. None before the list is posted."""
    posting = latest_posting(election)
    return objection_last_day(election, posting.posted_on) if posting else None


def objection_last_day(election, posted_on):
    """VOT-6: the last day objections to a list posted on `posted_on` are received."""
    last = posted_on + datetime.timedelta(days=election.rules.objection_window_days)
    if election.election_date is not None:
        last = min(last, election.election_date - datetime.timedelta(days=1))
    return last


def pending_objections(election):
    return Objection.objects.filter(election=election, decision=Objection.Decision.PENDING)


def objection_record(*, election, actor, objector, content, received_on, objector_contact="", subject=None,
                     subject_name=""):
    """VOT-6: record an objection received on `received_on`, about a resident of the community or a name."""
    with transaction.atomic():
        # Locked with the election: recording and the last decision both move the checklist step.
        election = Election.objects.select_for_update().get(pk=election.pk)
        _check_received_on(election, received_on)
        objector = names.checked_name(objector, field="objector", required=False)
        act_check(DatedAct.OBJECTION_RECEIVED, election=election, day=received_on, field="received_on")
        subject_name = _subject_name(election, subject, names.checked_name(subject_name, field="subject_name",
                                                                          required=False))
        if not objector.strip() or not content.strip():
            raise RuleViolation("VOT-6", _("Record who objects and what the objection says."))
        objection = Objection.objects.create(
            election=election, objector=objector.strip(), objector_contact=objector_contact.strip(),
            subject=subject, subject_name=subject_name, content=content.strip(), received_on=received_on,
            recorded_by=actor)
        # A new objection waits for a decision, so the step is no longer done.
        step_undone(election=election, step=STEP)
        audit_log(actor=actor, action="voters.objection.recorded", obj=objection, election=election,
                  after=model_state(objection, ["objector", "subject", "subject_name", "received_on"]),
                  data={"decision_due": objection.decision_due})
        act_record(DatedAct.OBJECTION_RECEIVED, election=election, day=received_on, obj=objection, actor=actor)
    return objection


def _check_received_on(election, received_on):
    posted = main_list(election)
    if posted is None:
        raise RuleViolation("VOT-6", _("Objections concern the posted voter list, which is not posted yet."))
    if received_on < posted.posted_on:
        raise RuleViolation("VOT-6", _("The list was posted on %(posted)s: an objection cannot be received "
                                       "before that.") % {"posted": day_text(posted.posted_on)},
                            field="received_on")
    if election.election_date and received_on >= election.election_date:
        raise RuleViolation("VOT-6", _("Objections are received before election day (%(day)s).")
                            % {"day": day_text(election.election_date)}, field="received_on")
    last_day = objection_window_end(election)
    if received_on > last_day:
        raise RuleViolation("VOT-6", _("Objections are accepted for %(days)s days after the list is posted: "
                                       "the last day was %(last_day)s, and %(received)s is too late.")
                            % {"days": election.rules.objection_window_days, "last_day": day_text(last_day),
                               "received": day_text(received_on)}, field="received_on")


def _subject_name(election, subject, subject_name):
    if subject is not None:
        if subject.community_id != election.community_id:
            raise RuleViolation("VOT-6", _("The person concerned must be a resident of this community, or be "
                                           "named."), field="subject")
        return subject_name.strip() or subject.name
    if not subject_name.strip():
        raise RuleViolation("VOT-6", _("Name the person the objection is about."), field="subject_name")
    return subject_name.strip()


def objection_decide(*, objection, actor, decision, reason, decided_on=None):
    """VOT-6: uphold or reject an objection, with the reason, within the profile's days of receipt and before
    election day. An upheld objection usually leads to an addition or removal (services in publication)."""
    decided_on = decided_on or clock.today()
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=objection.election_id)
        # Two members deciding the same objection at once: the second finds it decided.
        objection = Objection.objects.select_for_update().select_related("election").get(pk=objection.pk)
        _check_decision(objection, decision, reason, decided_on)
        act_check(DatedAct.OBJECTION_DECIDED, election=election, day=decided_on, about=objection,
                  field="decided_on")
        before = model_state(objection, DECISION_FIELDS)
        objection.decision, objection.decision_reason = decision, reason.strip()
        objection.decided_on, objection.decided_by, objection.decided_at = decided_on, actor, clock.now()
        objection.save(update_fields=[*DECISION_FIELDS, "decided_at"])
        audit_log(actor=actor, action=f"voters.objection.{decision}", obj=objection, election=election,
                  before=before, after=model_state(objection, DECISION_FIELDS))
        act_record(DatedAct.OBJECTION_DECIDED, election=election, day=decided_on, obj=objection, actor=actor)
        if not pending_objections(election).exists():
            # CAL-5: the step is done on the day the last objection was decided.
            last = election.objections.order_by("-decided_on").values_list("decided_on", flat=True).first()
            step_done(election=election, step=STEP, actor=actor, on=last)
    return objection


def _check_decision(objection, decision, reason, decided_on):
    if not objection.is_pending:
        raise RuleViolation("VOT-6", _("This objection was already decided on %(day)s.")
                            % {"day": day_text(objection.decided_on)})
    if decision not in (Objection.Decision.UPHELD, Objection.Decision.REJECTED):
        raise RuleViolation("VOT-6", _("An objection is upheld or rejected."), field="decision")
    if not (reason or "").strip():
        raise RuleViolation("VOT-6", _("Every decision on an objection gives its reason."), field="reason")
    if decided_on < objection.received_on:
        raise RuleViolation("VOT-6", _("The objection was received on %(day)s: it cannot be decided before "
                                       "that.") % {"day": day_text(objection.received_on)},
                            field="decided_on")
    due = objection.decision_due
    if decided_on > due:
        raise RuleViolation("VOT-6", _("Objections are decided within %(days)s days of receipt and before "
                                       "election day: this one was due by %(due)s, and %(day)s is too late.")
                            % {"days": objection.election.rules.objection_decision_days, "due": day_text(due),
                               "day": day_text(decided_on)}, field="decided_on")


def objections_period_close(*, election, actor, on=None):
    """Mark the checklist step when the objection window has closed and nothing waits for a decision —
    the case of a list nobody objected to, which no decision would otherwise mark. `on`: the day it is
    closed (default today)."""
    on = on or clock.today()
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        act_check(DatedAct.OBJECTIONS_CLOSED, election=election, day=on)
        last_day = objection_window_end(election)
        if last_day is None or on <= last_day:
            raise RuleViolation("VOT-6", _("Objections can be received until %(day)s.")
                                % {"day": day_text(last_day) if last_day else "—"})
        waiting = pending_objections(election).count()
        if waiting:
            raise RuleViolation("VOT-6", _("%(n)s objections still wait for a decision.") % {"n": waiting})
        done = step_done(election=election, step=STEP, actor=actor, on=on)
        audit_log(actor=actor, action="voters.objection.period_closed", obj=election,
                  data={"window_ended": last_day, "objections": election.objections.count()})
        act_record(DatedAct.OBJECTIONS_CLOSED, election=election, day=on, obj=done, actor=actor)
    return done


def residents_for_subject(election):
    return Resident.objects.filter(community=election.community).select_related("group")
