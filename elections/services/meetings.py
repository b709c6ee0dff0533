"""Residents' representatives meetings and their decisions (ORG-3, MTH-1, CAN-4)."""
from django.db import transaction
from django.utils.translation import gettext as _

from ..acts import act_check, act_record
from ..audit import audit_log, model_state
from ..checklist import step_done
from ..models import DatedAct, Election, Meeting
from ..states import State
from .committee import _refresh_committee_step
from .errors import RuleViolation


def meeting_problems(*, representatives_total, present, votes_for=0, votes_against=0, abstentions=0):
    problems = []
    if representatives_total <= 0:
        problems.append(("ORG-3", _("The meeting must have representatives.")))
    if present > representatives_total:
        problems.append(("ORG-3", _("Present (%(p)s) cannot exceed the representatives in total (%(t)s).")
                         % {"p": present, "t": representatives_total}))
    elif present * 2 <= representatives_total:
        # ORG-3: more than half must be present.
        problems.append(("ORG-3", _("Only %(p)s of %(t)s representatives present: more than half (at least "
                                    "%(need)s) must attend.") % {"p": present, "t": representatives_total,
                                                                 "need": representatives_total // 2 + 1}))
    if votes_for + votes_against + abstentions > present:
        problems.append(("ORG-3", _("Votes cast (%(v)s) cannot exceed those present (%(p)s).")
                         % {"v": votes_for + votes_against + abstentions, "p": present}))
    return problems


# CAL-5: each kind of meeting is a dated act with its own prerequisites (elections/acts.py).
MEETING_ACTS = {Meeting.Kind.COMMITTEE: DatedAct.MEETING_COMMITTEE, Meeting.Kind.METHOD: DatedAct.MEETING_METHOD,
                Meeting.Kind.CANDIDATES: DatedAct.MEETING_CANDIDATES, Meeting.Kind.OTHER: DatedAct.MEETING_OTHER}


def meeting_record(*, election, actor, kind, held_on, representatives_total, present, votes_for=0,
                   votes_against=0, abstentions=0, method="", decision="", about=None):
    """Record a representatives meeting held on `held_on` (entered now: CAL-5). `about`: what the meeting
    decided on, for its prerequisites (the nominees voted on at the candidates meeting)."""
    problems = meeting_problems(representatives_total=representatives_total, present=present, votes_for=votes_for,
                                votes_against=votes_against, abstentions=abstentions)
    if kind == Meeting.Kind.METHOD:
        if not method:
            problems.append(("MTH-1", _("Say which election method the meeting decided.")))
        if votes_for * 2 <= present:
            problems.append(("MTH-1", _("The method is decided only with the votes of more than half of those "
                                        "present (%(v)s of %(p)s).") % {"v": votes_for, "p": present}))
    if problems:
        raise RuleViolation(problems[0][0], "；".join(str(m) for _r, m in problems))
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        if kind == Meeting.Kind.METHOD and (election.state != State.PREPARATION or
                                            election.steps_done.filter(step="voter_list_published").exists()):
            raise RuleViolation("CAL-2", _("The election method is fixed before the voter list is posted."))
        act_check(MEETING_ACTS[kind], election=election, day=held_on, about=about, field="held_on")
        meeting = Meeting.objects.create(
            election=election, kind=kind, held_on=held_on, representatives_total=representatives_total,
            present=present, votes_for=votes_for, votes_against=votes_against, abstentions=abstentions,
            method=method if kind == Meeting.Kind.METHOD else "", decision=decision, recorded_by=actor)
        audit_log(actor=actor, action="elections.meeting.recorded", obj=meeting, election=election,
                  after=model_state(meeting))
        act_record(MEETING_ACTS[kind], election=election, day=held_on, obj=meeting, actor=actor)
        if kind == Meeting.Kind.METHOD:
            before = {"method": election.method}
            election.method, election.method_meeting = method, meeting
            election.save(update_fields=["method", "method_meeting"])
            audit_log(actor=actor, action="elections.election.method_decided", obj=election, before=before,
                      after={"method": method})
            step_done(election=election, step="method_decided", actor=actor, on=held_on)
        if kind == Meeting.Kind.COMMITTEE:
            _refresh_committee_step(election, actor)
    return meeting
