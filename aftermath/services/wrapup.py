"""Wrap-up (AFT-3): the new committee's working committees (下属委员会) and their members from the elected, the
democratic consultation council (协商议事会) and the openness supervision group (居务监督委员会).

They are the new committee's organisation: recorded once it is in office (from the handover on), also after
the election is closed. What the profile asks and is still missing is a warning (selectors.wrap_up_checklist),
confirmed with a reason when the election is closed.
"""
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log, model_state
from elections.services.errors import RuleViolation
from elections.states import State

from ..models import CommitteeSeat, ResidentBody, ResidentBodyMember, WorkingCommittee, WorkingCommitteeMember
from .committee import locked_election

IN_OFFICE_STATES = (State.HANDOVER, State.CLOSED)


def _check_in_office(election, day=None):
    if election.is_by_election:
        raise RuleViolation("AFT-3", _("The wrap-up is recorded on the election whose committee this "
                                       "by-election completes."))
    if election.state not in IN_OFFICE_STATES:
        raise RuleViolation("AFT-3", _("The new committee sets these up once it is in office (from the "
                                       "handover on)."))
    if day is not None and day > clock.today():
        raise RuleViolation("CAL-5", _("A date in the future cannot be recorded."), field="set_up_on")


def working_committee_add(*, election, actor, name, set_up_on):
    name = (name or "").strip()
    if not name:
        raise RuleViolation("AFT-3", _("Name the working committee."), field="name")
    with transaction.atomic():
        election = locked_election(election)
        _check_in_office(election, set_up_on)
        if WorkingCommittee.objects.filter(election=election, name=name).exists():
            raise RuleViolation("AFT-3", _("%(name)s is already set up.") % {"name": name}, field="name")
        committee = WorkingCommittee.objects.create(election=election, name=name[:50], set_up_on=set_up_on,
                                                    recorded_by=actor)
        audit_log(actor=actor, action="aftermath.working_committee.set_up", obj=committee, election=election,
                  after=model_state(committee, ["name", "set_up_on"]))
    return committee


def working_committee_member_add(*, committee, seat, actor, role=WorkingCommitteeMember.Role.MEMBER):
    """A member of the residents' committee in office joins a working committee (AFT-3: members from the
    elected); one head each."""
    with transaction.atomic():
        election = locked_election(committee.election)
        _check_in_office(election)
        if seat.election_id != election.pk or not seat.in_office:
            raise RuleViolation("AFT-3", _("Members come from the residents' committee in office."))
        if role == WorkingCommitteeMember.Role.HEAD and committee.members.filter(role=role).exists():
            raise RuleViolation("AFT-3", _("%(committee)s already has a head.") % {"committee": committee.name})
        try:
            with transaction.atomic():
                member = WorkingCommitteeMember.objects.create(committee=committee, seat=seat, role=role)
        except IntegrityError:
            raise RuleViolation("AFT-3", _("%(name)s is already a member of %(committee)s.")
                                % {"name": seat.name, "committee": committee.name}) from None
        audit_log(actor=actor, action="aftermath.working_committee.member_added", obj=committee,
                  election=election, after={"seat": seat.pk, "name": seat.name, "role": role})
    return member


def working_committee_member_remove(*, member, actor):
    with transaction.atomic():
        election = locked_election(member.committee.election)
        _check_in_office(election)
        audit_log(actor=actor, action="aftermath.working_committee.member_removed", obj=member.committee,
                  election=election, before={"seat": member.seat_id, "name": member.seat.name,
                                             "role": member.role})
        member.delete()


def resident_body_record(*, election, actor, kind, set_up_on, chosen_by, members):
    """Record the consultation council or the supervision group as the residents' meeting chose it:
    `members` [(name, role)] — one head. Recorded again, it replaces the earlier list (a new choice)."""
    chosen_by = (chosen_by or "").strip()
    members = [(name.strip(), role) for name, role in members if name and name.strip()]
    if kind not in ResidentBody.Kind.values:
        raise RuleViolation("AFT-3", _("Choose the body."), field="kind")
    if not chosen_by:
        raise RuleViolation("AFT-3", _("Say which meeting chose its members."), field="chosen_by")
    if not members:
        raise RuleViolation("AFT-3", _("Name its members, one per line."), field="members")
    if sum(role == ResidentBodyMember.Role.HEAD for _n, role in members) != 1:
        raise RuleViolation("AFT-3", _("Name exactly one head (the first line)."), field="members")
    with transaction.atomic():
        election = locked_election(election)
        _check_in_office(election, set_up_on)
        body = ResidentBody.objects.filter(election=election, kind=kind).first()
        before = None
        if body is not None:
            before = {"set_up_on": body.set_up_on, "chosen_by": body.chosen_by,
                      "members": [[m.name, m.role] for m in body.members.all()]}
            body.members.all().delete()
            body.set_up_on, body.chosen_by = set_up_on, chosen_by[:200]
            body.save(update_fields=["set_up_on", "chosen_by"])
        else:
            body = ResidentBody.objects.create(election=election, kind=kind, set_up_on=set_up_on,
                                               chosen_by=chosen_by[:200], recorded_by=actor)
        ResidentBodyMember.objects.bulk_create([ResidentBodyMember(body=body, name=name[:50], role=role)
                                                for name, role in members])
        audit_log(actor=actor, action="aftermath.resident_body.recorded", obj=body, election=election,
                  before=before, after={"kind": kind, "set_up_on": set_up_on, "chosen_by": chosen_by,
                                        "members": [list(m) for m in members]})
    return body


def seats_for_choice(election):
    """The members in office, for choosing working committee members."""
    return CommitteeSeat.objects.filter(election=election, left_on__isnull=True).order_by("position", "pk")
