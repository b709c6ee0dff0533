"""The community election committee (ORG-2): 1 chair, 2 vice-chairs, 2 or 4 members — 5 or 7 in all."""
from django.db import transaction
from django.utils.translation import gettext as _

from .. import names
from ..audit import audit_log, model_state
from ..checklist import step_done, step_undone
from ..models import CommitteeMember, Position
from .errors import RuleViolation

LIMITS = {Position.CHAIR: 1, Position.VICE_CHAIR: 2, Position.MEMBER: 4}


def committee_problems(election):
    """What keeps the active committee from the ORG-2 composition; empty when it is complete."""
    counts = {p: 0 for p in Position}
    for position in election.committee.filter(active=True).values_list("position", flat=True):
        counts[Position(position)] += 1
    problems = []
    if counts[Position.CHAIR] != 1:
        problems.append(_("The election committee needs exactly 1 chair (has %(n)s).") % {"n": counts[Position.CHAIR]})
    if counts[Position.VICE_CHAIR] != 2:
        problems.append(_("The election committee needs exactly 2 vice-chairs (has %(n)s).")
                        % {"n": counts[Position.VICE_CHAIR]})
    if counts[Position.MEMBER] not in (2, 4):
        problems.append(_("The election committee needs 2 or 4 members (has %(n)s).")
                        % {"n": counts[Position.MEMBER]})
    return problems


def _refresh_committee_step(election, actor):
    """The step is done on the day of the meeting that chose the committee (CAL-5), once it is complete."""
    meeting = election.meetings.filter(kind="committee").order_by("-held_on").first()
    if meeting is not None and not committee_problems(election):
        step_done(election=election, step="committee_formed", actor=actor, on=meeting.held_on)
    else:
        step_undone(election=election, step="committee_formed")


def _check_in_term(election):
    if election.committee_term_ended_on:
        # AFT-7: the election committee's term ended when the handover was complete.
        raise RuleViolation("AFT-7", _("The election committee's term ended on %(day)s.")
                            % {"day": election.committee_term_ended_on.isoformat()})


def committee_member_add(*, election, actor, name, sex, position, phone="", user=None):
    name = names.checked_name(name)
    with transaction.atomic():
        # Lock the election row: two clerks adding a chair at once must not make two chairs.
        election = type(election).objects.select_for_update().get(pk=election.pk)
        _check_in_term(election)
        taken = election.committee.filter(active=True, position=position).count()
        if taken >= LIMITS[Position(position)]:
            raise RuleViolation("ORG-2", _("The election committee already has %(n)s %(position)s.")
                                % {"n": taken, "position": Position(position).label})
        member = CommitteeMember(election=election, name=name, sex=sex, position=position, phone=phone, user=user)
        member.full_clean()
        member.save()
        audit_log(actor=actor, action="elections.committee.member_added", obj=member, election=election,
                  after=model_state(member))
        _refresh_committee_step(election, actor)
    return member


def committee_member_leave(*, member, actor, reason):
    """A member leaves (e.g. accepted a nomination, CAN-8); the record stays, marked as no longer serving."""
    if not reason.strip():
        raise RuleViolation("ORG-2", _("Give the reason the member leaves the committee."))
    with transaction.atomic():
        member = CommitteeMember.objects.select_for_update().select_related("election").get(pk=member.pk)
        _check_in_term(member.election)
        before = model_state(member)
        member.active = False
        member.left_reason = reason.strip()[:200]
        member.save(update_fields=["active", "left_reason"])
        audit_log(actor=actor, action="elections.committee.member_left", obj=member, election=member.election,
                  before=before, after=model_state(member))
        _refresh_committee_step(member.election, actor)
    return member
