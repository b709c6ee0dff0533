"""Ballot issuance (领票登记, VOTE-2): a voter, or their proxy for them (PRX-4), receives the ballot of the
current round at a station; a helper who writes it for them is recorded (VOTE-12).

Nobody receives two ballots: the database's unique constraints (one per voter, one per household under the
household method) decide between two clerks who press the button at the same moment, and the loser gets a
clear refusal naming where and when the ballot was issued. VOTE-1: no serial number is recorded.
"""
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.models import Method
from elections.services.errors import RuleViolation
from elections.states import State
from voters.models import Registration

from ..models import BallotIssue, Proxy, Round
from .rounds import current_round, issuance_problems


def _check_election(election, station, round_obj):
    problems = issuance_problems(election, round_obj)  # VOTE-2, CAL-5: in the voting state, on the round's day
    if problems:
        raise RuleViolation(*problems[0])
    if station.election_id != election.pk:
        raise RuleViolation("VOTE-2", _("That polling station belongs to another election."))
    minimum = election.rules.station_min_staff
    # The issuance page loads the station with its staff counted (selectors.stations_of); else count here.
    staff = getattr(station, "staff_count", None)
    if (station.staff.count() if staff is None else staff) < minimum:
        raise RuleViolation("VOTE-11", _("%(station)s has fewer than %(min)s staff: no ballots are issued "
                                         "there.")
                            % {"station": station, "min": minimum})


def _check_voter(election, registration):
    name = registration.resident.name
    if registration.election_id != election.pk or registration.status != Registration.Status.CONFIRMED:
        raise RuleViolation("VOT-4", _("%(name)s is not on the voter list of this election.")
                            % {"name": name})
    if election.method == Method.REPRESENTATIVE and not registration.resident.is_representative:
        raise RuleViolation("MTH-1", _("%(name)s is not a residents' representative: under this method only "
                                       "the representatives vote.") % {"name": name})


_UNKNOWN = object()


def _check_proxy(registration, proxy):
    """PRX-4: the proxy collects for the principal; who gave an approved proxy does not vote in person."""
    if proxy is not None:
        if proxy.principal_id != registration.pk or proxy.status != Proxy.Status.APPROVED:
            raise RuleViolation("PRX-4", _("That proxy is not an approved proxy for %(name)s.")
                                % {"name": registration.resident.name})
        return
    # The issuance pages load the registration with the holder's name (selectors.registrations_to_issue); else
    # ask. At most one approved proxy per principal: no ordering (the model's joins up to the community).
    holder = getattr(registration, "approved_proxy_holder", _UNKNOWN)
    if holder is _UNKNOWN:
        holder = next(iter(Proxy.objects.filter(principal=registration, status=Proxy.Status.APPROVED)
                           .order_by().values_list("holder__resident__name", flat=True)[:1]), None)
    if holder is not None:
        raise RuleViolation("PRX-4", _("%(name)s has given a proxy to %(holder)s, who collects the ballot.")
                            % {"name": registration.resident.name, "holder": holder})


def _check_helper(round_obj, helper_name, limit):
    """VOTE-12: one helper writes at most the profile's number of ballots. The round is locked so that two
    stations cannot both let the same helper write their last allowed ballot."""
    Round.objects.select_for_update().get(pk=round_obj.pk)
    written = BallotIssue.objects.filter(round=round_obj, helper_name=helper_name,
                                         cancelled_at__isnull=True).count()
    if written >= limit:
        raise RuleViolation("VOTE-12", _("%(helper)s has already written %(n)s ballots; one helper writes at "
                                         "most %(max)s.")
                            % {"helper": helper_name, "n": written, "max": limit})


def _already_issued(round_obj, registration, household):
    active = BallotIssue.objects.filter(round=round_obj, cancelled_at__isnull=True)
    existing = active.filter(registration=registration).select_related("station").first()
    if existing is not None:
        return _("%(name)s already received a ballot at %(station)s at %(time)s.") % {
            "name": registration.resident.name, "station": existing.station,
            "time": timezone.localtime(existing.issued_at).strftime("%H:%M:%S")}
    existing = household and (active.filter(household=household)
                              .select_related("station", "registration__resident").first())
    if existing:
        return _("Household %(household)s already received its ballot (%(name)s, at %(station)s, "
                 "%(time)s).") % {
            "household": household, "name": existing.registration.resident.name, "station": existing.station,
            "time": timezone.localtime(existing.issued_at).strftime("%H:%M:%S")}
    return _("%(name)s already received a ballot.") % {"name": registration.resident.name}


def ballot_issue(*, election, registration, station, actor, proxy=None, helper_name="", source=None):
    """Record that `registration`'s ballot of the current round was handed out at `station` (to the voter, or
    to `proxy`'s holder). Raises RuleViolation (VOTE-2) when the voter — or under the household method the
    household — already has it. `source`: more for the audit log (the paper register's line)."""
    helper_name = " ".join(helper_name.split())
    round_obj = current_round(election)
    round_obj.election = election  # the caller's, already loaded with its community (for the audit log)
    _check_election(election, station, round_obj)
    _check_voter(election, registration)
    _check_proxy(registration, proxy)
    household = registration.resident.household if election.method == Method.HOUSEHOLD else None
    try:
        with transaction.atomic():
            if helper_name:
                _check_helper(round_obj, helper_name, election.rules.helper_max_ballots)
            issue = BallotIssue.objects.create(round=round_obj, registration=registration,
                                               household=household, station=station, proxy=proxy,
                                               helper_name=helper_name, issued_by=actor)
            audit_log(actor=actor, action="polling.ballot.issued", obj=issue, election=election,
                      data={"round": round_obj.number, "station": station.name,
                            "proxy": proxy.pk if proxy else None, "helper": helper_name, **(source or {})})
    except IntegrityError:
        # VOTE-2: another clerk (or this one, twice) issued it first; the unique constraint decided. The
        # transaction is rolled back, so the lookup below runs in a clean one.
        raise RuleViolation("VOTE-2", _already_issued(round_obj, registration, household)) from None
    return issue


def ballot_issue_cancel(*, issue, actor, reason):
    """Undo an issuance recorded by mistake (the wrong person clicked), with the reason; the voter can then be
    issued their ballot."""
    election = issue.round.election
    if not reason.strip():
        raise RuleViolation("VOTE-2", _("Give the reason for cancelling."), field="reason")
    if election.state != State.VOTING:
        raise RuleViolation("VOTE-2", _("Issuances can be corrected only while voting is open."))
    with transaction.atomic():
        issue = BallotIssue.objects.select_for_update().get(pk=issue.pk)
        if issue.cancelled_at is not None:
            raise RuleViolation("VOTE-2", _("This issuance is already cancelled."))
        issue.cancelled_at, issue.cancelled_by, issue.cancel_reason = clock.now(), actor, reason.strip()
        issue.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
        audit_log(actor=actor, action="polling.ballot.issue_cancelled", obj=issue, election=election,
                  data={"reason": issue.cancel_reason, "station": issue.station.name})
    return issue


def ballots_issue_from_register(*, election, station, lines, actor):
    """Enter the issuances written in a station's paper register (领票登记册) while the network or the server was
    down: `lines` is [(register line number, Registration)]. One transaction: every line is issued as at the
    counter (the same checks; a voter who gave an approved proxy collected through its holder, PRX-4), or none
    is — the first refusal (VOTE-2: a voter or household issued twice, at this or another station, live or on
    paper) names the register line and the voter, and nothing is kept."""
    if not lines:
        raise RuleViolation("VOTE-2", _("Tick or type at least one line of the register."), field="lines")
    proxies = {p.principal_id: p for p in Proxy.objects.filter(
        principal__in=[reg.pk for _line, reg in lines], status=Proxy.Status.APPROVED)}
    issued = []
    with transaction.atomic():
        for line, registration in lines:
            try:
                issued.append(ballot_issue(election=election, registration=registration, station=station,
                                           actor=actor, proxy=proxies.get(registration.pk),
                                           source={"register_line": line}))
            except RuleViolation as exc:
                refusal = RuleViolation("", _("Register line %(line)s, %(name)s: %(problem)s") % {
                    "line": line, "name": registration.resident.name,
                    "problem": "；".join(exc.messages)}, field="lines")  # the problem names its rule
                refusal.rule = exc.rule
                raise refusal from None
        audit_log(actor=actor, action="polling.ballot.register_entered", obj=station, election=election,
                  data={"station": station.name, "lines": [line for line, _reg in lines],
                        "count": len(issued)})
    return issued
