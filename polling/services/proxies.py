"""Proxy voting (委托投票, PRX-1…PRX-4): applied for, approved or refused by the committee, withdrawn.

Every check runs again when the committee approves, under locks, since the situation may have changed
since the application (the proxy took on other authorisations, the deadline passed, a candidate was decided).
Applications and decisions are dated acts (CAL-5): each records its day (`applied_on`, `decided_on`, default
today) beside the moment it was entered, and PRX-3's deadline is judged by that day.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.acts import act_check, act_record
from elections.audit import audit_log, model_state
from elections.checklist import step_done
from elections.legal_calendar import days_before
from elections.models import DatedAct, Election, Method
from elections.services.errors import RuleViolation
from voters.models import Registration

from ..candidates import formal_candidate_resident_ids
from ..models import BallotIssue, Proxy

AUDIT_FIELDS = ["principal", "holder", "reason", "authorisation_signed_on", "authorisation_note", "status",
                "number", "decided_on", "decision_note"]


def proxy_deadline(election):
    """PRX-3: the last day a proxy can be arranged, N days before election day (seed: 2 → 12-18 for 12-20)."""
    if election.election_date is None:
        return None
    return days_before(election.election_date, election.rules.proxy_days_before)


# --- the checks ---------------------------------------------------------------------------------------------

def _check_method(election):
    if not election.method:
        raise RuleViolation("MTH-1", _("The election method is not decided yet."))
    if election.method == Method.REPRESENTATIVE:
        # PRX-1: never under the residents' representatives method.
        raise RuleViolation("PRX-1", _("No proxy voting in an election by residents' representatives."))


def _check_deadline(election, day):
    last_day = proxy_deadline(election)
    if last_day is None:
        raise RuleViolation("CAL-2", _("Fix election day first."))
    if day > last_day:
        # PRX-3: arranged at least N days before election day, judged by the day of the act (CAL-5).
        raise RuleViolation("PRX-3", _(
            "Proxies must be arranged at least %(days)s days before election day (%(election_day)s): the "
            "last day was %(last_day)s, and this is dated %(today)s.") % {
            "days": election.rules.proxy_days_before, "election_day": election.election_date,
            "last_day": last_day, "today": day})


def _check_principal(election, principal, exclude):
    name = principal.resident.name
    if principal.election_id != election.pk or principal.status != Registration.Status.CONFIRMED:
        raise RuleViolation("PRX-2", _("%(name)s is not a confirmed voter of this election.")
                            % {"name": name})
    if Proxy.objects.filter(principal=principal, status__in=Proxy.ACTIVE).exclude(pk=exclude).exists():
        raise RuleViolation("PRX-4", _("%(name)s has already given a proxy.") % {"name": name})
    if BallotIssue.objects.filter(registration=principal, cancelled_at__isnull=True).exists():
        raise RuleViolation("PRX-4", _("%(name)s has already received a ballot.") % {"name": name})
    if Proxy.objects.filter(holder=principal, status__in=Proxy.ACTIVE).exists():
        # PRX-4: no re-delegation — whoever votes for others cannot hand their own vote on.
        raise RuleViolation("PRX-4", _(
            "%(name)s is a proxy for other voters and cannot give a proxy in turn.") % {"name": name})


def _check_holder(election, holder, exclude, counted):
    name = holder.resident.name
    rules = election.rules
    if holder.election_id != election.pk or holder.status != Registration.Status.CONFIRMED:
        # PRX-4: the proxy is a registered voter of the same community.
        raise RuleViolation("PRX-4", _("%(name)s is not a confirmed voter of this election and cannot be a "
                                       "proxy.") % {"name": name})
    if Proxy.objects.filter(principal=holder, status__in=Proxy.ACTIVE).exists():
        # PRX-4: a voter who gave a proxy does not vote, and so cannot vote for others either.
        raise RuleViolation("PRX-4", _("%(name)s has given a proxy and cannot be a proxy.") % {"name": name})
    held = Proxy.objects.filter(holder=holder, status__in=counted).exclude(pk=exclude).count()
    if held >= rules.proxy_max_authorisations:
        raise RuleViolation("PRX-4", _(
            "%(name)s already holds %(held)s authorisations; a proxy carries at most %(max)s.") % {
            "name": name, "held": held, "max": rules.proxy_max_authorisations})
    if rules.proxy_candidate_forbidden and holder.resident_id in formal_candidate_resident_ids(election):
        raise RuleViolation("PRX-4", _("%(name)s is a formal candidate and cannot be a proxy under the rule "
                                       "profile.") % {"name": name})


def _check_reason(reason, authorisation_note, authorisation_signed_on):
    # PRX-2: only age, illness or disability, with the written authorisation on record.
    if reason not in Proxy.Reason.values:
        raise RuleViolation("PRX-2", _("A proxy is only for voters who cannot attend through age, illness or "
                                       "disability."), field="reason")
    if not (authorisation_note or "").strip():
        raise RuleViolation("PRX-2", _("Record the written authorisation."), field="authorisation_note")
    if authorisation_signed_on is None or authorisation_signed_on > clock.today():
        raise RuleViolation("PRX-2", _("The written authorisation's date cannot be in the future."),
                            field="authorisation_signed_on")


def _problem(check, *args):
    try:
        check(*args)
    except RuleViolation as exc:
        return exc.messages[0]
    return None


def principal_problem(election, principal):
    """Why `principal` cannot give a proxy now (PRX-2, PRX-4), or None: the proxy form's refusal."""
    return _problem(_check_principal, election, principal, None)


def holder_problem(election, holder):
    """Why `holder` cannot take on another proxy now (PRX-4), or None: the proxy form's refusal."""
    return _problem(_check_holder, election, holder, None, Proxy.ACTIVE)


def proxy_problems_check(*, election, principal, holder, day, exclude=None):
    """Every hard rule on a proxy between `principal` and `holder`, for an act dated `day`; raises
    RuleViolation.

    An application (exclude=None) counts the proxy's pending and approved authorisations towards the
    maximum, so applications cannot pile up beyond it; an approval (exclude=the proxy) counts the approved.
    """
    _check_method(election)
    _check_deadline(election, day)
    if principal.pk == holder.pk:
        raise RuleViolation("PRX-4", _("A voter cannot be their own proxy."))
    _check_principal(election, principal, exclude)
    _check_holder(election, holder, exclude, Proxy.ACTIVE if exclude is None else (Proxy.Status.APPROVED,))


def _lock(election, *registrations):
    """Lock the election and both voters, in a fixed order: two clerks filing proxies for the same holder at
    once must not both pass the PRX-4 count."""
    Election.objects.select_for_update().get(pk=election.pk)
    ids = sorted(r.pk for r in registrations)
    locked = {r.pk: r for r in Registration.objects.select_for_update().filter(pk__in=ids).order_by("pk")}
    resident_of = {r.pk: r.resident for r in registrations}
    for pk, reg in locked.items():
        reg.resident = resident_of[pk]
    return [locked[r.pk] for r in registrations]


# --- the actions -------------------------------------------------------------------------------------------

def proxy_apply(*, election, principal, holder, reason, authorisation_signed_on, authorisation_note, actor,
                reason_detail="", applied_on=None):
    """Record a proxy application (PRX-2) made on `applied_on` (default today) after checking every rule; the
    committee then approves it."""
    applied_on = applied_on or clock.today()
    _check_reason(reason, authorisation_note, authorisation_signed_on)
    with transaction.atomic():
        principal, holder = _lock(election, principal, holder)
        proxy = Proxy(
            election=election, principal=principal, holder=holder, reason=reason, reason_detail=reason_detail,
            authorisation_signed_on=authorisation_signed_on, authorisation_note=authorisation_note.strip(),
            applied_on=applied_on, applied_by=actor)
        act_check(DatedAct.PROXY_APPLIED, election=election, day=applied_on, about=proxy, field="applied_on")
        proxy_problems_check(election=election, principal=principal, holder=holder, day=applied_on)
        proxy.save()
        audit_log(actor=actor, action="polling.proxy.applied", obj=proxy, election=election,
                  after=model_state(proxy, AUDIT_FIELDS))
        act_record(DatedAct.PROXY_APPLIED, election=election, day=applied_on, obj=proxy, actor=actor)
    return proxy


def proxy_approve(*, proxy, actor, decided_on=None):
    """The committee approves (PRX-2) on `decided_on` (default today, not before the application: CAL-5): every
    rule is checked again, the deadline as of that day, and the certificate gets its number."""
    decided_on = decided_on or clock.today()
    election = proxy.election
    with transaction.atomic():
        principal, holder = _lock(election, proxy.principal, proxy.holder)
        proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
        if proxy.status != Proxy.Status.PENDING:
            raise RuleViolation("PRX-2", _("Only a proxy awaiting the committee can be approved."))
        act_check(DatedAct.PROXY_DECIDED, election=election, day=decided_on, about=proxy, field="decided_on")
        before = model_state(proxy, AUDIT_FIELDS)
        proxy_problems_check(election=election, principal=principal, holder=holder, day=decided_on,
                             exclude=proxy.pk)
        last = Proxy.objects.filter(election=election, number__isnull=False).order_by("-number").first()
        proxy.number = (last.number if last else 0) + 1
        proxy.status, proxy.decided_on, proxy.decided_by = Proxy.Status.APPROVED, decided_on, actor
        proxy.decided_at = clock.now()
        proxy.save(update_fields=["number", "status", "decided_on", "decided_by", "decided_at"])
        audit_log(actor=actor, action="polling.proxy.approved", obj=proxy, election=election, before=before,
                  after=model_state(proxy, AUDIT_FIELDS))
        act_record(DatedAct.PROXY_DECIDED, election=election, day=decided_on, obj=proxy, actor=actor)
    return proxy


def proxy_refuse(*, proxy, actor, reason, decided_on=None):
    """The committee refuses an application on `decided_on` (default today), with its reason."""
    if not reason.strip():
        raise RuleViolation("PRX-2", _("Give the reason for refusing."), field="reason")
    return _decide(proxy, actor, Proxy.Status.REFUSED, reason.strip(), decided_on, "polling.proxy.refused",
                   allowed=(Proxy.Status.PENDING,))


def proxy_revoke(*, proxy, actor, reason, decided_on=None):
    """The voter withdraws the proxy (e.g. will vote in person after all) on `decided_on` (default today),
    unless a ballot was already collected through it."""
    if not reason.strip():
        raise RuleViolation("PRX-4", _("Give the reason for withdrawing."), field="reason")
    if proxy.issues.filter(cancelled_at__isnull=True).exists():
        raise RuleViolation("PRX-4", _("The proxy has already collected this voter's ballot."))
    return _decide(proxy, actor, Proxy.Status.REVOKED, reason.strip(), decided_on, "polling.proxy.revoked",
                   allowed=Proxy.ACTIVE)


def _decide(proxy, actor, status, note, decided_on, action, allowed):
    decided_on = decided_on or clock.today()
    with transaction.atomic():
        proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
        if proxy.status not in allowed:
            raise RuleViolation("PRX-2", _("This proxy is already %(status)s.") % {
                "status": proxy.get_status_display()})
        act_check(DatedAct.PROXY_DECIDED, election=proxy.election, day=decided_on, about=proxy,
                  field="decided_on")
        before = model_state(proxy, AUDIT_FIELDS)
        proxy.status, proxy.decision_note, proxy.decided_on, proxy.decided_by = status, note, decided_on, actor
        proxy.decided_at = clock.now()
        proxy.save(update_fields=["status", "decision_note", "decided_on", "decided_by", "decided_at"])
        audit_log(actor=actor, action=action, obj=proxy, election=proxy.election, before=before,
                  after=model_state(proxy, AUDIT_FIELDS))
        act_record(DatedAct.PROXY_DECIDED, election=proxy.election, day=decided_on, obj=proxy, actor=actor)
    return proxy


def proxies_arranged(*, election, actor, on=None):
    """Mark the checklist step on `on` (default today): proxy voting is arranged (PRX-3). Pending
    applications are decided first."""
    on = on or clock.today()
    pending = Proxy.objects.filter(election=election, status=Proxy.Status.PENDING).count()
    if pending:
        raise RuleViolation("PRX-2", _("%(n)s proxy applications still await the committee's decision.")
                            % {"n": pending})
    with transaction.atomic():
        act_check(DatedAct.PROXIES_ARRANGED, election=election, day=on, field="on")
        done = step_done(election=election, step="proxies_arranged", actor=actor, on=on)
        act_record(DatedAct.PROXIES_ARRANGED, election=election, day=on, obj=done, actor=actor)
    return done
