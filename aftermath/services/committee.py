"""The residents' committee in office (AFT-6): its members take office from a certified result — the regular
election's when the handover begins, a by-election's when its elected take their seats — and leave it by a
recorded act (a recall carried, resignation, death)."""
from django.db import transaction
from django.utils.translation import gettext as _

from counting.models import Certification
from counting.people import people_for
from elections import clock
from elections.audit import audit_log, model_state
from elections.models import Election, Position
from elections.services.errors import RuleViolation

from ..models import CommitteeSeat


def locked_election(election):
    # Lock the election row: two clerks taking the same step at once must be serialised.
    return Election.objects.select_for_update().select_related("community").get(pk=election.pk)


def certification_of(election):
    return Certification.objects.filter(election=election, revoked_at__isnull=True).first()


def in_office(election):
    """The members of the committee of `election` (a regular election) in office, chair first."""
    seats = CommitteeSeat.objects.filter(election=election, left_on__isnull=True)
    rank = {"chair": 0, "vice_chair": 1, "member": 2}
    return sorted(seats, key=lambda s: (rank[s.position], s.pk))


def vacancies(election):
    """{position: seats} of the committee's plan not held by a member in office (VOTE-10 vacancies, recalls,
    resignations), positions with none left out."""
    held = {}
    for seat in in_office(election):
        held[seat.position] = held.get(seat.position, 0) + 1
    return {p: n - held.get(p, 0) for p, n in election.seats.items() if n > held.get(p, 0)}


def seats_take_office(*, committee_of, elected_in, actor):
    """The members `elected_in`'s certified result elected take office on the committee of `committee_of`
    (the same election, or the one a by-election completes). Returns the new seats."""
    certification = certification_of(elected_in)
    if certification is None:
        raise RuleViolation("AFT-1", _("The result is not certified."))
    elected = certification.snapshot.get("elected", [])
    people = people_for(elected_in, [row["key"] for row in elected])
    open_seats = vacancies(committee_of)
    seats = []
    for row in elected:
        if open_seats.get(row["position"], 0) < 1:
            raise RuleViolation("AFT-6", _("No %(position)s seat is vacant on the committee for %(name)s.")
                                % {"position": Position(row["position"]).label, "name": row["name"]})
        open_seats[row["position"]] -= 1
        seats.append(CommitteeSeat.objects.create(
            election=committee_of, elected_in=elected_in, position=row["position"], name=row["name"],
            sex=row.get("sex") or "", resident_id=people[row["key"]].resident_id, result_key=row["key"],
            votes=row.get("votes", 0), took_office_on=certification.certified_on))
    audit_log(actor=actor, action="aftermath.committee.took_office", obj=committee_of, election=committee_of,
              data={"elected_in": elected_in.pk, "members": [[s.name, s.position] for s in seats]})
    return seats


def seat_vacate(*, seat, actor, left_on, reason, note=""):
    """A member leaves office (resigned, died, or recalled: see services.recall); the seat becomes vacant
    and a by-election may fill it (AFT-6)."""
    if reason not in CommitteeSeat.Left.values:
        raise RuleViolation("AFT-6", _("Say why the member leaves office."), field="reason")
    if left_on > clock.today():
        raise RuleViolation("CAL-5", _("A date in the future cannot be recorded."), field="left_on")
    with transaction.atomic():
        locked_election(seat.election)
        seat = CommitteeSeat.objects.select_for_update().get(pk=seat.pk)
        if not seat.in_office:
            raise RuleViolation("AFT-6", _("%(name)s is no longer in office.") % {"name": seat.name})
        if left_on < seat.took_office_on:
            raise RuleViolation("CAL-5", _("A member cannot leave office before taking it."), field="left_on")
        before = model_state(seat)
        seat.left_on, seat.left_reason, seat.left_note = left_on, reason, note.strip()[:200]
        seat.save(update_fields=["left_on", "left_reason", "left_note"])
        audit_log(actor=actor, action="aftermath.committee.left_office", obj=seat, election=seat.election,
                  before=before, after=model_state(seat))
    return seat


def previous_chair(election):
    """The chair in office of the community's previous committee (the outgoing one), when it is on record."""
    previous = (Election.objects.filter(community=election.community, kind=Election.Kind.REGULAR,
                                        is_rehearsal=election.is_rehearsal, term__lt=election.term)
                .order_by("-term").first())
    if previous is None:
        return ""
    chair = CommitteeSeat.objects.filter(election=previous, position="chair", left_on__isnull=True).first()
    return chair.name if chair else ""
