"""Voting rounds (VOTE-2, VOTE-9): ballots are issued per round; the first round opens itself."""
from django.db import IntegrityError, transaction

from elections.audit import audit_log

from ..models import Round


def round_number(election):
    """The number of the election's current round (1 before any ballot was issued), without creating it."""
    latest = Round.objects.filter(election=election).order_by("-number").values_list("number", flat=True).first()
    return latest or 1


def current_round(election):
    """The election's latest round; the first round is created on first use."""
    latest = Round.objects.filter(election=election).order_by("-number").first()
    if latest is not None:
        return latest
    try:
        with transaction.atomic():
            return Round.objects.create(election=election, number=1, kind=Round.Kind.FIRST)
    except IntegrityError:  # another request opened it at the same moment
        return Round.objects.get(election=election, number=1)


def round_open(*, election, kind, actor, note=""):
    """Open the next round (a further round under VOTE-9, or a repeated one under VOTE-7/VOTE-13): everybody
    may collect a ballot again. For the counting feature, which decides when a round is needed."""
    with transaction.atomic():
        latest = current_round(election)
        new = Round.objects.create(election=election, number=latest.number + 1, kind=kind, note=note,
                                   opened_by=actor)
        audit_log(actor=actor, action="polling.round.opened", obj=new, election=election,
                  data={"number": new.number, "kind": kind, "note": note})
    return new
