"""Reads of the voters app that other parts of the project rely on."""
from django.db.models import Count, Max, Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from .models import Registration, RegistrationConflict, Resident, VoterListChange, VoterListVersion


def registered_voter_count(election):
    """The number of registered voters is never stored: it is the confirmed registrations (VOT-4, VOT-10)."""
    return Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED).count()


def list_posted(election):
    """The main voter list of the election has been posted (VOT-5); later changes are supplementary (VOT-10)."""
    return VoterListVersion.objects.filter(election=election, kind=VoterListVersion.Kind.MAIN).exists()


def voters_confirmed_on(election, about=None):
    """CAL-5: the day the last voter now confirmed was confirmed (None when no confirmation was recorded)."""
    last = (Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED)
            .aggregate(last=Max("decided_at"))["last"])
    return timezone.localdate(last) if last else None


def pending_changes_recorded_on(election, about=None):
    """CAL-5: the day of the latest addition or removal waiting for a supplementary list."""
    return (VoterListChange.objects.filter(election=election, version__isnull=True)
            .aggregate(last=Max("recorded_on"))["last"])


def registration_counts(election):
    """{status: count} for every status, plus "clean_pending": pending registrations with no problem."""
    row = Registration.objects.filter(election=election).aggregate(
        **{status: Count("pk", filter=Q(status=status)) for status in Registration.Status.values},
        clean_pending=Count("pk", filter=Q(status=Registration.Status.PENDING, problems=[])),
    )
    return row


def registrations_for_review(election, *, group=None, status=None, problem=None, clean=False):
    """The review list, filtered; resident, group and household come in the same query."""
    qs = (Registration.objects.filter(election=election)
          .select_related("resident__group", "resident__household", "decided_by")
          .order_by("resident__group__number", "resident__household__number", "resident_id"))
    if group:
        qs = qs.filter(resident__group_id=group)
    if status:
        qs = qs.filter(status=status)
    if problem:
        # A JSON list of codes: match the quoted code in its text, which works on SQLite and PostgreSQL alike.
        qs = qs.annotate(problems_text=Cast("problems", TextField())).filter(problems_text__contains=f'"{problem}"')
    if clean:
        qs = qs.filter(problems=[])
    return qs


def residents_for_list(community, *, group=None, query="", full_ids=False):
    """Residents of a community for the list page: by group, and by name or the last digits of the ID.

    Who sees masked numbers only (VOT-7) searches by the 4 characters they see, so they cannot probe the
    hidden digits one query at a time.
    """
    qs = Resident.objects.filter(community=community).select_related("group", "household")
    if group:
        qs = qs.filter(group_id=group)
    query = query.strip()
    if query:
        tail = query.upper() if full_ids else query.upper()[-4:]
        if tail.rstrip("X").isdigit() or tail == "X":
            qs = qs.filter(id_number__endswith=tail)
        else:
            qs = qs.filter(name__contains=query)
    return qs.order_by("group__number", "household__number", "id")


def conflicts_for(election):
    """Conflicts (open first) that involve a registration of this election, with every side's community."""
    return (RegistrationConflict.objects.filter(registrations__election=election).distinct()
            .prefetch_related("registrations__election__community", "registrations__resident__group")
            .select_related("decided_by").order_by("resolved", "-found_at"))
