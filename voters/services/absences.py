"""Declared absences (VOT-8): a voter who says at least 2 days before a vote that they cannot come may be left
out of the quorum base of that vote, under the direct and household methods, when the rule profile says so.
The representatives method counts every representative.

`absence_declare` / `absence_withdraw` record and take back a declaration; `absences_standing(election, day)`
tells which declarations count for a vote held on `day` (the quorum base is polling's: polling.selectors).
"""
import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.models import Method
from elections.services.errors import RuleViolation

from ..models import Absence, Registration

DAYS_BEFORE = 2  # VOT-8: declared at least 2 days before the vote


def latest_declaration_day(voting_day):
    """The last day a declaration still counts for a vote held on `voting_day` (VOT-8)."""
    return voting_day - datetime.timedelta(days=DAYS_BEFORE)


def absences_standing(election, voting_day):
    """Absences that count for a vote held on `voting_day`: not withdrawn, declared at least 2 days before, of
    confirmed voters, under a method and profile that leave them out of the count (VOT-8); else none."""
    if not excludes_absences(election) or voting_day is None:
        return Absence.objects.none()
    return Absence.objects.filter(registration__election=election, withdrawn_at__isnull=True,
                                  registration__status=Registration.Status.CONFIRMED,
                                  declared_on__lte=latest_declaration_day(voting_day))


def excludes_absences(election):
    return bool(election.rules.absent_voters_excluded) and election.method in (Method.DIRECT, Method.HOUSEHOLD)


def absence_declare(*, registration, declared_on, reason, evidence, actor, reason_detail=""):
    """Record that `registration`'s voter declared on `declared_on` that they cannot come (VOT-8)."""
    election = registration.election
    evidence = (evidence or "").strip()
    if election.method == Method.REPRESENTATIVE:
        raise RuleViolation("VOT-8", _("Under the residents' representatives method every representative counts: "
                                       "no absence is recorded."))
    if registration.status != Registration.Status.CONFIRMED:
        raise RuleViolation("VOT-8", _("%(name)s is not on the voter list.") % {"name": registration.resident.name})
    if declared_on is None or declared_on > clock.today():
        raise RuleViolation("CAL-5", _("The day of the declaration cannot be in the future."), field="declared_on")
    if not evidence:
        raise RuleViolation("VOT-8", _("Say how the absence was declared (the evidence)."), field="evidence")
    try:
        with transaction.atomic():
            absence = Absence.objects.create(registration=registration, declared_on=declared_on, reason=reason,
                                             reason_detail=reason_detail.strip(), evidence=evidence,
                                             recorded_by=actor, recorded_at=clock.now())
            audit_log(actor=actor, action="voters.absence.declared", obj=absence, election=election,
                      after={"voter": registration.resident.name, "declared_on": declared_on, "reason": reason,
                             "evidence": evidence})
    except IntegrityError:
        raise RuleViolation("VOT-8", _("%(name)s has already declared an absence.")
                            % {"name": registration.resident.name}) from None
    return absence


def absence_withdraw(*, absence, actor, reason):
    """The voter will come after all (or the declaration was recorded by mistake): they count again."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOT-8", _("Give the reason."), field="reason")
    with transaction.atomic():
        absence = Absence.objects.select_for_update().select_related("registration__election").get(pk=absence.pk)
        if absence.withdrawn_at is not None:
            raise RuleViolation("VOT-8", _("This declaration is already withdrawn."))
        absence.withdrawn_at, absence.withdrawn_by, absence.withdrawal_reason = clock.now(), actor, reason
        absence.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
        audit_log(actor=actor, action="voters.absence.withdrawn", obj=absence, election=absence.registration.election,
                  data={"reason": reason})
    return absence
