"""The polling plan (VOTE-2, VOTE-11): the election meeting, or a central station with polling points, and
mobile ballot boxes; their staff, with the counting staff checked against candidates and their near relatives
(VOTE-6, CAN-9)."""
from django.db import transaction
from django.utils.translation import gettext as _

from elections.names import checked_name
from elections.audit import audit_log, model_state
from elections.models import Election
from elections.services.errors import RuleViolation
from elections.states import State

from ..candidates import counting_conflicts
from ..models import PollingStation, StationStaff

# The plan can change until counting begins; after that it is the record of how the vote was held.
PLAN_OPEN_STATES = (State.PREPARATION, State.REGISTRATION, State.NOMINATION, State.VOTING)
Kind = PollingStation.Kind


def _check_open(election):
    if election.state not in PLAN_OPEN_STATES:
        raise RuleViolation("VOTE-2", _("The polling plan cannot change once counting has begun."))


def _check_kind(election, kind):
    """VOTE-2: one main venue — the election meeting or the central station; polling points only with a
    central station; mobile boxes with either."""
    main = PollingStation.objects.filter(election=election, kind__in=PollingStation.MAIN_KINDS).first()
    if kind in PollingStation.MAIN_KINDS and main is not None:
        raise RuleViolation("VOTE-2", _("The election already has its main venue: %(name)s.")
                            % {"name": main})
    if kind == Kind.POINT and (main is None or main.kind != Kind.CENTRAL):
        raise RuleViolation("VOTE-2", _("Polling points work with a central polling station: add it first."))
    if kind == Kind.MOBILE and main is None:
        raise RuleViolation("VOTE-2", _("Mobile ballot boxes are opened at the main venue: add it first."))


def station_add(*, election, kind, name, actor, place="", note=""):
    name = name.strip()
    if kind not in Kind.values or not name:
        raise RuleViolation("VOTE-2", _("Give the station's kind and name."))
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        _check_open(election)
        _check_kind(election, kind)
        if PollingStation.objects.filter(election=election, name=name).exists():
            raise RuleViolation("VOTE-2", _("A station named %(name)s already exists.") % {"name": name},
                                field="name")
        station = PollingStation.objects.create(election=election, kind=kind, name=name, place=place.strip(),
                                                note=note.strip())
        audit_log(actor=actor, action="polling.station.added", obj=station, election=election,
                  after=model_state(station, ["kind", "name", "place", "note"]))
    return station


def station_remove(*, station, actor):
    election = station.election
    with transaction.atomic():
        Election.objects.select_for_update().get(pk=election.pk)
        _check_open(election)
        if station.issues.exists():
            raise RuleViolation("VOTE-2", _("Ballots were issued at %(name)s: it stays on record.")
                                % {"name": station})
        others = PollingStation.objects.filter(election=election).exclude(pk=station.pk)
        if station.is_main and others.exists():
            raise RuleViolation("VOTE-2", _("Remove the polling points and mobile boxes before the main "
                                            "venue."))
        before = model_state(station, ["kind", "name", "place"])
        audit_log(actor=actor, action="polling.station.removed", obj=station, election=election,
                  before=before)
        station.delete()


def _check_counting_staff(election, name, resident):
    """VOTE-6, CAN-9: candidates and their near relatives may not count or scrutinise."""
    names = [name] + ([resident.name] if resident is not None and resident.name != name else [])
    conflicts = counting_conflicts(election, names)
    if conflicts:
        raise RuleViolation("CAN-9", "；".join(str(m) for m in conflicts.values()))


def staff_add(*, station, name, duty, actor, resident=None, phone=""):
    election = station.election
    name = checked_name(name, required=False)
    if duty not in StationStaff.Duty.values or not name:
        raise RuleViolation("VOTE-11", _("Give the name and the duty."))
    if resident is not None and resident.community_id != election.community_id:
        raise RuleViolation("VOTE-11", _("That resident lives in another community."))
    with transaction.atomic():
        _check_open(election)
        if duty in StationStaff.COUNTING_DUTIES:
            _check_counting_staff(election, name, resident)
        if StationStaff.objects.filter(station=station, name=name, duty=duty).exists():
            raise RuleViolation("VOTE-11", _("%(name)s already has this duty here.") % {"name": name})
        staff = StationStaff.objects.create(station=station, name=name, duty=duty, resident=resident,
                                            phone=phone.strip())
        audit_log(actor=actor, action="polling.staff.added", obj=staff, election=election,
                  after=model_state(staff, ["station", "name", "duty", "resident"]))
    return staff


def staff_remove(*, staff, actor):
    election = staff.station.election
    with transaction.atomic():
        _check_open(election)
        audit_log(actor=actor, action="polling.staff.removed", obj=staff, election=election,
                  before=model_state(staff, ["station", "name", "duty", "resident"]))
        staff.delete()


def plan_problems(election, stations=None):
    """[(rule, message)] of what the plan still lacks; empty when it is complete."""
    stations = list(stations if stations is not None else
                    PollingStation.objects.filter(election=election).prefetch_related("staff"))
    problems = []
    if not any(s.is_main for s in stations):
        problems.append(("VOTE-2", _("Add the main venue: the election meeting or the central polling "
                                     "station.")))
    minimum = election.rules.station_min_staff
    for s in stations:
        staff = list(s.staff.all())
        if len(staff) < minimum:
            problems.append(("VOTE-11", _("%(station)s has %(n)s staff; each station needs at least %(min)s.")
                             % {"station": s.name, "n": len(staff), "min": minimum}))
        if s.is_main and not any(m.counts_ballots for m in staff):
            problems.append(("VOTE-6", _("Record the counting staff (tellers, callers, scrutineers) of "
                                         "%(station)s.") % {"station": s.name}))
    counting = [m.name for s in stations for m in s.staff.all() if m.counts_ballots]
    # Candidates decided after the staff were recorded: the check is made again here.
    for message in counting_conflicts(election, counting).values():
        problems.append(("CAN-9", message))
    return problems
