"""Registration of voters for an election: review, confirm, refuse (VOT-4) and cross-community conflicts
(VOT-3)."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from elections import access, clock
from elections.models import AuditLog, Method
from elections.views._helpers import election_context, paginate, run_service

from .. import eligibility
from ..forms import AbsenceForm, ConflictResolveForm, ReasonForm, ReviewFilterForm
from ..idcard import mask
from ..models import Absence, Registration, RegistrationConflict, Resident, ResidentGroup
from ..selectors import conflicts_for, list_posted, registration_counts, registrations_for_review
from ..services.registration import (conflict_resolve, registration_confirm, registration_refuse,
                                     registrations_build, registrations_bulk_confirm, registrations_bulk_refuse)
from ..services.absences import (absence_declare, absence_withdraw, absences_standing, excludes_absences,
                                 latest_declaration_day)
from . import redirect_back

REVIEW_PAGE_SIZE = 100


def _context(request, election, **extra):
    return election_context(request, election, posted=list_posted(election), **extra)


def _annotate(registrations, election):
    """Problem labels and age on election day, computed once per row for the template."""
    for reg in registrations:
        reg.problem_labels = eligibility.problem_labels(reg.problems)
        reg.age = eligibility.age_on(reg.resident.birth_date, election.election_date) if election.election_date \
            else None
    return registrations


@login_required
def registration_review(request, pk):
    election = access.get_election(request.user, pk)
    groups = ResidentGroup.objects.filter(community=election.community).order_by("number")
    form = ReviewFilterForm(request.GET or None, groups=groups)
    data = form.cleaned_data if form.is_valid() else {}
    problem = data.get("problem") or None
    registrations = registrations_for_review(
        election, group=data.get("group"), status=data.get("status") or None,
        problem=None if problem == "clean" else problem, clean=problem == "clean")
    page = paginate(request, registrations, per_page=REVIEW_PAGE_SIZE)
    _annotate(page.object_list, election)
    query = request.GET.copy()
    query.pop("page", None)
    under_age = None
    if election.election_date:
        cutoff = eligibility.of_age_cutoff(election.election_date, election.rules.voter_min_age)
        under_age = Resident.objects.filter(community=election.community, birth_date__gt=cutoff).count()
    return render(request, "voters/registration_review.html", _context(
        request, election, page=page, form=form, query=query.urlencode(), counts=registration_counts(election),
        under_age=under_age, refuse_form=ReasonForm(),
        open_conflicts=RegistrationConflict.objects.filter(resolved=False, registrations__election=election)
        .distinct().count()))


@login_required
@require_POST
def registrations_build_view(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    result = run_service(request, registrations_build, election=election, actor=request.user)
    if result:
        messages.success(request, _(
            "Registrations refreshed from the residents: %(created)s new, %(updated)s updated; %(under_age)s "
            "residents are under age on election day; %(conflicts)s new conflicts.")
            % {"created": result.created, "updated": result.updated, "under_age": result.under_age,
               "conflicts": result.conflicts_found})
    return redirect("voters:registrations", election.pk)


@login_required
@require_POST
def registrations_bulk(request, pk):
    """confirm_clean: every pending registration with no problem; confirm_selected / refuse_selected: the ticked
    rows (refusal with one reason for all)."""
    election = access.get_election(request.user, pk, edit=True)
    action = request.POST.get("action")
    selected = [pk for pk in request.POST.getlist("selected") if pk.isdigit()]
    if action in ("confirm_clean", "confirm_selected"):
        result = run_service(request, registrations_bulk_confirm, election=election, actor=request.user,
                             registrations=None if action == "confirm_clean" else selected)
        if result:
            confirmed, skipped = result
            messages.success(request, _("%(n)s registrations confirmed.") % {"n": confirmed})
            if skipped:
                messages.warning(request, _("%(n)s were not confirmed because a problem remains: review them one "
                                            "by one.") % {"n": skipped})
    elif action == "refuse_selected":
        count = run_service(request, registrations_bulk_refuse, election=election, actor=request.user,
                            registrations=selected, reason=request.POST.get("reason", ""))
        if count:
            messages.success(request, _("%(n)s registrations refused.") % {"n": count})
    else:
        messages.error(request, _("Choose an action."))
    return redirect_back(request, "voters:registrations", election.pk)


def _registration(election, reg_pk):
    return get_object_or_404(
        Registration.objects.select_related("resident__group", "resident__household", "decided_by"),
        election=election, pk=reg_pk)


@login_required
def registration_detail(request, pk, reg_pk):
    election = access.get_election(request.user, pk)
    registration = _registration(election, reg_pk)
    _annotate([registration], election)
    history = AuditLog.objects.filter(object_type="voters.Registration", object_id=str(registration.pk)) \
        .select_related("actor")
    return render(request, "voters/registration_detail.html", _context(
        request, election, registration=registration, resident=registration.resident, history=history,
        refuse_form=ReasonForm(), conflicts=registration.conflicts.filter(resolved=False),
        absences=registration.absences.select_related("recorded_by", "withdrawn_by"),
        absence_rule=_absence_rule(election), absence_reasons=Absence.Reason.choices, today=clock.today()))


def _absence_rule(election):
    """What a declaration does in this election (VOT-8), for the pages that record one."""
    if election.method == Method.REPRESENTATIVE:
        return "representative"
    return "excluded" if excludes_absences(election) else "kept"


@login_required
def absences(request, pk):
    """VOT-8: every declared absence of the election, and those that leave the quorum base on election day."""
    election = access.get_election(request.user, pk)
    rows = (Absence.objects.filter(registration__election=election)
            .select_related("registration__resident__group", "recorded_by", "withdrawn_by")
            .order_by("withdrawn_at", "registration__resident__group__number", "registration__resident__name"))
    standing = set(absences_standing(election, election.election_date).values_list("pk", flat=True))
    for absence in rows:
        absence.counts = absence.pk in standing
    last_day = latest_declaration_day(election.election_date) if election.election_date else None
    return render(request, "voters/absences.html", _context(
        request, election, absences=rows, standing=len(standing), last_day=last_day,
        absence_rule=_absence_rule(election)))


@login_required
@require_POST
def absence_declare_view(request, pk, reg_pk):
    election = access.get_election(request.user, pk, edit=True)
    registration = _registration(election, reg_pk)
    form = AbsenceForm(request.POST)
    if form.is_valid():
        run_service(request, absence_declare, registration=registration, actor=request.user, **form.cleaned_data,
                    success=_("The absence of %(name)s is recorded.") % {"name": registration.resident.name})
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            messages.error(request, f"{label}：{'；'.join(errors)}" if label else "；".join(errors))
    return redirect_back(request, "voters:registration_detail", election.pk, registration.pk)


@login_required
@require_POST
def absence_withdraw_view(request, pk, absence_pk):
    election = access.get_election(request.user, pk, edit=True)
    absence = get_object_or_404(Absence.objects.select_related("registration__resident"),
                                registration__election=election, pk=absence_pk)
    form = ReasonForm(request.POST)
    run_service(request, absence_withdraw, absence=absence, actor=request.user,
                reason=form.cleaned_data["reason"] if form.is_valid() else "",
                success=_("The declaration of %(name)s is withdrawn: they count again.")
                % {"name": absence.registration.resident.name})
    return redirect_back(request, "voters:registration_detail", election.pk, absence.registration_id)


@login_required
@require_POST
def registration_confirm_view(request, pk, reg_pk):
    election = access.get_election(request.user, pk, edit=True)
    registration = _registration(election, reg_pk)
    run_service(request, registration_confirm, registration=registration, actor=request.user,
                success=_("%(name)s is confirmed as a voter.") % {"name": registration.resident.name})
    return redirect("voters:registration_detail", election.pk, registration.pk)


@login_required
@require_POST
def registration_refuse_view(request, pk, reg_pk):
    election = access.get_election(request.user, pk, edit=True)
    registration = _registration(election, reg_pk)
    run_service(request, registration_refuse, registration=registration, actor=request.user,
                reason=request.POST.get("reason", ""),
                success=_("%(name)s's registration is refused.") % {"name": registration.resident.name})
    return redirect("voters:registration_detail", election.pk, registration.pk)


# --- VOT-3 conflicts ------------------------------------------------------------------------------------------

def may_resolve(user, conflict):
    """A clerk of either community, or a supervisor of either, decides a conflict (VOT-3)."""
    communities = {r.election.community for r in conflict.registrations.all()}
    return any(access.can_edit_community(user, c) or access.can_supervise_community(user, c) for c in communities)


@login_required
def conflict_list(request, pk):
    election = access.get_election(request.user, pk)
    conflicts = list(conflicts_for(election))
    for conflict in conflicts:
        conflict.masked_id = mask(conflict.id_number)
        conflict.may_resolve = not conflict.resolved and may_resolve(request.user, conflict)
        conflict.form = ConflictResolveForm(conflict=conflict, prefix=f"c{conflict.pk}") if conflict.may_resolve \
            else None
    return render(request, "voters/conflicts.html", _context(request, election, conflicts=conflicts))


@login_required
@require_POST
def conflict_resolve_view(request, pk, conflict_pk):
    election = access.get_election(request.user, pk)
    conflict = get_object_or_404(
        RegistrationConflict.objects.filter(registrations__election=election).distinct().prefetch_related(
            "registrations__election__community", "registrations__resident"), pk=conflict_pk)
    if not may_resolve(request.user, conflict):
        raise PermissionDenied
    form = ConflictResolveForm(request.POST, conflict=conflict, prefix=f"c{conflict.pk}")
    if form.is_valid():
        keep = next(r for r in conflict.registrations.all() if str(r.pk) == form.cleaned_data["keep"])
        run_service(request, conflict_resolve, conflict=conflict, keep=keep, actor=request.user,
                    decision=form.cleaned_data["decision"], success=_("The conflict is decided."))
    else:
        messages.error(request, _("Choose the registration kept and write down the decision."))
    return redirect("voters:conflicts", election.pk)
