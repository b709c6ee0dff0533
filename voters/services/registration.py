"""Voter registration for one election: build it from the residents, review, confirm or refuse (VOT-1…VOT-4,
VOT-9), one registration per person in the district (VOT-3), and no direct change once the list is posted
(VOT-10: voters-B's supplementary-list flow calls confirm/refuse with after_posting=True).
"""
from collections import defaultdict
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from elections import access, clock
from elections.audit import audit_log
from elections.models import Election
from elections.services.errors import RuleViolation
from elections.states import State

from .. import eligibility
from ..idcard import mask
from ..models import ConflictAgreement, Registration, RegistrationConflict, Resident
from ..selectors import list_posted

Status = Registration.Status
ACTIVE = (Status.PENDING, Status.CONFIRMED)
OPEN_STATES = (State.REGISTRATION, State.NOMINATION, State.VOTING)


@dataclass
class BuildResult:
    created: int = 0
    updated: int = 0
    under_age: int = 0
    conflicts_found: int = 0


# --- checks shared by every change -----------------------------------------------------------------------

def _locked_election(election):
    # Lock the election row: a clerk confirming voters while another posts the list must not slip a change in
    # after the posting (the publication service locks the same row).
    return Election.objects.select_for_update(of=("self",)).select_related("community__street").get(pk=election.pk)


def _check_open(election):
    if election.state not in OPEN_STATES:
        raise RuleViolation("VOT-4", _("Voters are registered from the voter registration stage until voting; "
                                       "this election is at the stage “%(state)s”.")
                            % {"state": State(election.state).label})
    if election.election_date is None:
        raise RuleViolation("CAL-2", _("Fix election day first: eligibility is judged on election day."))


def _check_posting(election, after_posting, changes_list=True):
    """VOT-10. `changes_list` is False for refusing a pending registration, which was never on the list."""
    posted = list_posted(election)
    if posted and not after_posting and changes_list:
        raise RuleViolation("VOT-10", _("The voter list has been posted: it now changes only through additions "
                                        "and removals with their reasons, published as a supplementary list."))
    if after_posting and not posted:
        raise RuleViolation("VOT-10", _("The voter list is not posted yet: change the registration directly."))


# --- VOT-3: the same person registered in another community of the district ------------------------------

def _conflicting(election, id_numbers):
    """{id_number: [registrations]} active in another community's real, open election of the same district."""
    if election.is_rehearsal:
        return {}  # rehearsals are outside the district's real registrations
    qs = (Registration.objects
          .filter(status__in=ACTIVE, election__is_rehearsal=False, resident__id_number__in=id_numbers,
                  election__community__street__district_id=election.community.street.district_id)
          .exclude(election__community_id=election.community_id)
          .exclude(election__state=State.CLOSED)
          .select_related("resident", "election"))
    found = defaultdict(list)
    for reg in qs:
        found[reg.resident.id_number].append(reg)
    return found


def current_problems(election, registration):
    resident = registration.resident
    problems = eligibility.assess(resident, election_date=election.election_date, rules=election.rules).problems
    if _conflicting(election, [resident.id_number]):
        problems.append(eligibility.CONFLICT)
    return problems


def _problem_message(problems):
    return "；".join(str(label) for label in eligibility.problem_labels(problems))


# --- building the registrations from the residents ---------------------------------------------------------

def registrations_build(*, election, actor):
    """Create a pending registration for every resident of voting age on election day who has none yet, and
    refresh the category and problems of the open ones. Records cross-community conflicts (VOT-3). Returns a
    BuildResult."""
    with transaction.atomic():
        election = _locked_election(election)
        _check_open(election)
        community_ids = Resident.objects.filter(community=election.community).values("id_number")
        conflicting = _conflicting(election, community_ids)
        result, mine = _sync_registrations(election, conflicting)
        result.conflicts_found = _record_conflicts(election, conflicting, mine, actor)
        _settle_stale_conflicts(election, actor)
        audit_log(actor=actor, action="voters.registrations.built", obj=election,
                  data={"created": result.created, "updated": result.updated, "under_age": result.under_age,
                        "conflicts_found": result.conflicts_found})
    return result


def _sync_registrations(election, conflicting):
    result = BuildResult()
    existing = {r.resident_id: r for r in Registration.objects.filter(election=election)}
    new, changed, mine = [], [], {}
    for resident in Resident.objects.filter(community=election.community).order_by("id"):
        assessment = eligibility.assess(resident, election_date=election.election_date, rules=election.rules)
        reg = existing.get(resident.pk)
        problems = assessment.problems + ([eligibility.CONFLICT] if resident.id_number in conflicting else [])
        result.under_age += not assessment.of_age
        if reg is None:
            # Nobody under age is registered; one registered earlier and now under age (election day moved)
            # keeps the registration with the problem, for the committee to refuse with its reason (VOT-4).
            if assessment.of_age:
                reg = Registration(election=election, resident=resident, category=assessment.category,
                                   problems=problems)
                new.append(reg)
        elif reg.status in ACTIVE and (reg.problems != problems or reg.category != assessment.category):
            reg.problems, reg.category = problems, assessment.category
            changed.append(reg)
        if reg is not None and resident.id_number in conflicting and reg.status in ACTIVE:
            mine[resident.id_number] = reg
    Registration.objects.bulk_create(new, batch_size=1000)
    Registration.objects.bulk_update(changed, ["problems", "category"], batch_size=500)
    result.created, result.updated = len(new), len(changed)
    return result, mine


def _record_conflicts(election, conflicting, mine, actor):
    """One open RegistrationConflict per identity number, holding every active registration of the person."""
    found = 0
    open_conflicts = {c.id_number: c for c in RegistrationConflict.objects.filter(
        resolved=False, id_number__in=list(mine)).prefetch_related("registrations")}
    flagged = []
    for id_number, reg in mine.items():
        others = conflicting[id_number]
        members = {reg.pk: reg, **{o.pk: o for o in others}}
        conflict = open_conflicts.get(id_number)
        known = {r.pk for r in conflict.registrations.all()} if conflict else set()
        if conflict is None:
            conflict = RegistrationConflict.objects.create(id_number=id_number)
            found += 1
            _audit_conflict(conflict, members.values(), actor, "voters.conflict.found")
        if set(members) - known:
            conflict.registrations.add(*(set(members) - known))
        for other in others:
            if eligibility.CONFLICT not in other.problems:
                other.problems = [*other.problems, eligibility.CONFLICT]
                flagged.append(other)
    Registration.objects.bulk_update(flagged, ["problems"])
    return found


def _settle_stale_conflicts(election, actor):
    """A conflict where only one registration is still active (the others refused by their committee) is over."""
    stale = RegistrationConflict.objects.filter(resolved=False, registrations__election=election).distinct()
    for conflict in stale.prefetch_related("registrations__election__community"):
        active = [r for r in conflict.registrations.all() if r.status in ACTIVE]
        if len(active) > 1:
            continue
        conflict.resolved, conflict.kept = True, active[0] if active else None
        conflict.decision = _("Settled: only one registration is still active; the others were refused.")
        conflict.decided_at = clock.now()
        conflict.save(update_fields=["resolved", "kept", "decision", "decided_at"])
        if conflict.kept:
            _drop_problem(conflict.kept, eligibility.CONFLICT)
        _audit_conflict(conflict, conflict.registrations.all(), actor, "voters.conflict.settled")


def _audit_conflict(conflict, registrations, actor, action):
    data = {"id_number": mask(conflict.id_number),
            "registrations": [{"id": r.pk, "election": r.election_id, "status": r.status} for r in registrations]}
    if conflict.resolved:
        data.update(kept=conflict.kept_id, decision=conflict.decision)
    elections = {r.election_id: r.election for r in registrations}
    for election_id in sorted(elections):
        audit_log(actor=actor, action=action, obj=conflict, election=elections[election_id], data=data)


def _drop_problem(registration, code):
    if code in registration.problems:
        registration.problems = [p for p in registration.problems if p != code]
        registration.save(update_fields=["problems"])


# --- review: confirm and refuse (VOT-4) --------------------------------------------------------------------

def registration_confirm(*, registration, actor, after_posting=False):
    """Confirm one registration. Refused while any eligibility problem or VOT-3 conflict remains; once the list
    is posted only with after_posting=True (the supplementary-list flow, VOT-10)."""
    with transaction.atomic():
        election = _locked_election(registration.election)
        _check_open(election)
        _check_posting(election, after_posting)
        reg = Registration.objects.select_for_update(of=("self",)).select_related("resident").get(pk=registration.pk)
        if reg.status == Status.CONFIRMED:
            return reg
        problems = current_problems(election, reg)
        if problems:
            reg.problems = problems
            reg.save(update_fields=["problems"])
            raise RuleViolation(eligibility.rule_of(problems[0]), _("%(name)s cannot be confirmed: %(problems)s.")
                                % {"name": reg.resident.name, "problems": _problem_message(problems)})
        _decide(reg, Status.CONFIRMED, actor, reason="", after_posting=after_posting)
    return reg


def registration_refuse(*, registration, actor, reason, after_posting=False):
    """Refuse one registration with its reason (VOT-4). After posting (after_posting=True), a confirmed voter
    is *removed* from the list and appears on the supplementary list."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOT-4", _("Every refusal needs its reason."), field="reason")
    with transaction.atomic():
        election = _locked_election(registration.election)
        _check_open(election)
        reg = Registration.objects.select_for_update(of=("self",)).select_related("resident").get(pk=registration.pk)
        _check_posting(election, after_posting, changes_list=reg.status == Status.CONFIRMED)
        if reg.status not in ACTIVE:
            raise RuleViolation("VOT-4", _("%(name)s's registration is already refused.") % {"name": reg.resident.name})
        _refuse(reg, actor, reason, after_posting)
    return reg


def _refuse(reg, actor, reason, after_posting):
    status = Status.REMOVED if after_posting and reg.status == Status.CONFIRMED else Status.REFUSED
    _decide(reg, status, actor, reason=reason, after_posting=after_posting)


def _decide(reg, status, actor, *, reason, after_posting):
    before = {"status": reg.status, "reason": reg.reason}
    reg.status, reg.reason, reg.decided_by, reg.decided_at = status, reason, actor, clock.now()
    if status == Status.CONFIRMED:
        reg.problems = []
    reg.after_posting = reg.after_posting or after_posting
    reg.save(update_fields=["status", "reason", "decided_by", "decided_at", "problems", "after_posting"])
    audit_log(actor=actor, action=f"voters.registration.{status}", obj=reg, election=reg.election,
              before=before, after={"status": status, "reason": reason, "after_posting": reg.after_posting},
              data={"resident": reg.resident_id, "id_number": reg.resident.masked_id})


def registrations_bulk_confirm(*, election, actor, registrations=None):
    """Confirm pending registrations with no problem on a fresh check: all of them, or those whose ids are in
    `registrations`. Returns (confirmed, skipped): the others keep their (refreshed) problems."""
    with transaction.atomic():
        election = _locked_election(election)
        _check_open(election)
        _check_posting(election, after_posting=False)
        qs = Registration.objects.filter(election=election, status=Status.PENDING).select_related("resident")
        if registrations is not None:
            qs = qs.filter(pk__in=[int(pk) for pk in registrations])
        regs = list(qs)
        conflicting = _conflicting(election, [r.resident.id_number for r in regs]) if regs else {}
        skipped = []
        for reg in regs:
            problems = eligibility.assess(reg.resident, election_date=election.election_date,
                                          rules=election.rules).problems
            problems += [eligibility.CONFLICT] if reg.resident.id_number in conflicting else []
            if problems:
                reg.problems = problems
                skipped.append(reg)
        Registration.objects.bulk_update(skipped, ["problems"], batch_size=500)
        skipped_ids = {r.pk for r in skipped}
        confirmed = [r.pk for r in regs if r.pk not in skipped_ids]
        # Update in one statement; excluding the (few) skipped keeps the parameter list short for 20,000 voters.
        target = qs.exclude(pk__in=skipped_ids) if registrations is None else qs.filter(pk__in=confirmed)
        target.update(status=Status.CONFIRMED, problems=[], reason="", decided_by=actor, decided_at=clock.now())
        audit_log(actor=actor, action="voters.registrations.bulk_confirmed", obj=election,
                  data={"confirmed": len(confirmed), "skipped": len(skipped), "registrations": confirmed})
    return len(confirmed), len(skipped)


def registrations_bulk_refuse(*, election, actor, registrations, reason):
    """Refuse the selected pending or confirmed registrations, all with the same reason (VOT-4)."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOT-4", _("Every refusal needs its reason."), field="reason")
    with transaction.atomic():
        election = _locked_election(election)
        _check_open(election)
        _check_posting(election, after_posting=False)
        qs = Registration.objects.filter(election=election, status__in=ACTIVE,
                                         pk__in=[int(pk) for pk in registrations])
        ids = list(qs.values_list("pk", flat=True))
        qs.filter(pk__in=ids).update(status=Status.REFUSED, reason=reason, decided_by=actor,
                                     decided_at=clock.now())
        audit_log(actor=actor, action="voters.registrations.bulk_refused", obj=election,
                  data={"refused": len(ids), "reason": reason, "registrations": ids})
    return len(ids)


# --- VOT-3: resolving a conflict ---------------------------------------------------------------------------

def conflict_authority(user, conflict):
    """Who `user` decides a conflict as: "office" when they supervise every community concerned (the street's
    supervisor when both lie in one street, the district administrator when not), else the communities whose
    committee they are a clerk of (their agreement counts for that committee), else nothing (empty list)."""
    communities = {r.election.community for r in conflict.registrations.all()}
    if communities and all(access.can_supervise_community(user, c) for c in communities):
        return "office"
    return sorted((c for c in communities if access.can_edit_community(user, c)), key=lambda c: c.pk)


def conflict_resolve(*, conflict, keep, actor, decision):
    """VOT-3: which registration of the person is kept. The street office decides alone; otherwise a clerk
    records their committee's agreement, and the decision takes effect once the committee of every community
    concerned has agreed on the same registration. Then every other registration is refused with the decision
    as its reason; one already on a posted list must first be removed there through the supplementary list
    (VOT-10). Returns the conflict (resolved or still open)."""
    decision = (decision or "").strip()
    if not decision:
        raise RuleViolation("VOT-3", _("Write down the decision and its reason."), field="decision")
    with transaction.atomic():
        conflict = RegistrationConflict.objects.select_for_update().get(pk=conflict.pk)
        if conflict.resolved:
            raise RuleViolation("VOT-3", _("This conflict has already been decided."))
        regs = list(conflict.registrations.select_related("election__community", "resident"))
        if keep.pk not in {r.pk for r in regs}:
            raise RuleViolation("VOT-3", _("Keep one of the registrations in conflict."))
        authority = conflict_authority(actor, conflict)
        if authority == "office":
            _settle(conflict, regs, keep, actor, decision)
        elif authority:
            _agree(conflict, regs, keep, actor, decision, authority)
        else:
            raise RuleViolation("VOT-3", _("A conflict is decided by the election committees of the "
                                           "communities concerned together, or by the street office."))
    return conflict


def _agree(conflict, regs, keep, actor, decision, communities):
    for community in communities:
        ConflictAgreement.objects.update_or_create(conflict=conflict, community=community, defaults={
            "keep": keep, "decision": decision, "agreed_by": actor, "agreed_at": clock.now()})
    elections = {r.election.community_id: r.election for r in regs}
    for community in communities:
        audit_log(actor=actor, action="voters.conflict.agreed", obj=conflict, election=elections[community.pk],
                  data={"id_number": mask(conflict.id_number), "community": community.pk, "kept": keep.pk,
                        "decision": decision})
    agreements = list(conflict.agreements.select_related("community"))
    if ({a.community_id for a in agreements} == set(elections) and len({a.keep_id for a in agreements}) == 1):
        _settle(conflict, regs, keep, actor, "；".join(f"{a.community.name}：{a.decision}" for a in agreements))


def _settle(conflict, regs, keep, actor, decision):
    for reg in regs:
        if reg.pk != keep.pk and reg.status in ACTIVE:
            _locked_election(reg.election)
            if reg.status == Status.CONFIRMED and list_posted(reg.election):
                # VOT-10: a posted list changes only through that committee's supplementary list.
                raise RuleViolation("VOT-10", _(
                    "%(community)s has posted its voter list with %(name)s on it: remove the person there "
                    "through a supplementary list first, or keep that registration.")
                    % {"community": reg.election.community.name, "name": reg.resident.name})
            _refuse(reg, actor, decision, after_posting=False)
    kept = next(r for r in regs if r.pk == keep.pk)
    _drop_problem(kept, eligibility.CONFLICT)
    conflict.resolved, conflict.kept, conflict.decision = True, kept, decision
    conflict.decided_by, conflict.decided_at = actor, clock.now()
    conflict.save(update_fields=["resolved", "kept", "decision", "decided_by", "decided_at"])
    _audit_conflict(conflict, regs, actor, "voters.conflict.resolved")
