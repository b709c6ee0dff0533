"""The election's voter list (posting, PDFs, additions and removals, supplementary lists, exports) and its
objections (VOT-5, VOT-6, VOT-7, VOT-10).

Every page shows to whoever may see the election (404 outside their scope); every POST, and the export with
full identity numbers, needs the right to change it (403 otherwise): the community's clerks.
"""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elections import access, clock
from elections.models import StepCompletion
from elections.views._helpers import election_context, form_errors_to_messages, run_service

from .. import exports
from ..documents import posting_filename, posting_print
from ..forms_publication import (
    AdditionForm,
    ClosePeriodForm,
    DecisionForm,
    ObjectionForm,
    PublishForm,
    RemovalForm,
    SupplementaryForm,
)
from ..models import Objection, Registration
from ..models.publication import VoterListChange, VoterListReposting, VoterListVersion
from ..pickers import addable_pool, listed_pool, people_json, resident_pool
from ..selectors import registered_voter_count, registration_counts
from ..services import objections as objection_services
from ..services import publication as services

PAPERS = ("A4", "A3")


def _election(request, pk):
    """The election for this request: POST needs the right to change it (clerks), GET only to see it."""
    return access.get_election(request.user, pk, edit=request.method == "POST")


def _context(request, election, **extra):
    return election_context(request, election, main=services.main_list(election), today=clock.today(),
                            **extra)


# --- the voter-list page ------------------------------------------------------------------------------------

def _group_counts(election):
    """Confirmed voters per resident group, men and women: one query."""
    return (Registration.objects.filter(election=election, status=Registration.Status.CONFIRMED)
            .values("resident__group__number", "resident__group__name")
            .annotate(total=Count("pk"), men=Count("pk", filter=Q(resident__sex="M")),
                      women=Count("pk", filter=Q(resident__sex="F")))
            .order_by("resident__group__number"))


def _versions(election):
    return (VoterListVersion.objects.filter(election=election).select_related("published_by")
            .annotate(added=Count("entries", filter=Q(entries__change="added")),
                      removed=Count("entries", filter=Q(entries__change="removed")))
            .order_by("number"))


@login_required
def voter_lists(request, pk):
    election = access.get_election(request.user, pk)
    today = clock.today()
    main = services.main_list(election)
    return render(request, "voters/publication/lists.html", _context(
        request, election, registered=registered_voter_count(election), counts=registration_counts(election),
        groups=_group_counts(election), versions=_versions(election),
        last_day=services.last_posting_day(election),
        problems=[] if main else services.publication_problems(election, today),
        publish_form=PublishForm(), supplementary_form=SupplementaryForm(), repost_form=SupplementaryForm(),
        repost=services.repost_needed(election),
        repostings=VoterListReposting.objects.filter(election=election).select_related("version", "published_by"),
        pending=services.pending_changes(election),
        change_problems=services.list_change_problems(election, today) if main else [], papers=PAPERS))


@login_required
def list_publish(request, pk):
    election = _election(request, pk)
    form = PublishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = run_service(request, services.voter_list_publish, form=form, election=election,
                              actor=request.user, posted_on=form.cleaned_data["posted_on"])
        if version:
            messages.success(request, _("The voter list was posted with %(n)s voters. Print the notice and "
                                        "put it on the notice board.") % {"n": version.voter_count})
            return redirect("voters:lists", election.pk)
    return render(request, "voters/publication/publish.html", _context(
        request, election, form=form, last_day=services.last_posting_day(election),
        problems=services.publication_problems(election, clock.today()),
        registered=registered_voter_count(election)))


@login_required
def list_pdf(request, pk, number, paper):
    election = access.get_election(request.user, pk)
    if paper not in PAPERS:
        raise Http404
    version = get_object_or_404(VoterListVersion, election=election, number=number)
    pdf = posting_print(version=version, paper=paper, actor=request.user)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{posting_filename(version, paper)}"'
    return response


@login_required
def list_export(request, pk, kind):
    election = access.get_election(request.user, pk)
    if kind not in exports.EXPORTS:
        raise Http404
    full_ids = request.GET.get("ids") == "full"
    if full_ids and not access.can_edit_election(request.user, election):
        # VOT-7: full identity numbers only for the community's own clerks.
        raise PermissionDenied
    filename, data = exports.export_download(election=election, actor=request.user, kind=kind,
                                             full_ids=full_ids)
    response = HttpResponse(data, content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
@require_POST
def list_repost(request, pk):
    """CAL-4: the list posted again after a postponement sent it back to the notice board."""
    election = access.get_election(request.user, pk, edit=True)
    form = SupplementaryForm(request.POST)
    if form.is_valid():
        run_service(request, services.voter_list_repost, election=election, actor=request.user,
                    posted_on=form.cleaned_data["posted_on"],
                    success=_("The voter list is recorded as posted again."))
    else:
        form_errors_to_messages(request, form)
    return redirect("voters:lists", election.pk)


# --- additions, removals, supplementary lists (VOT-10) ------------------------------------------------------

def _initial(request, election, field):
    """A change that follows an upheld objection (the objections page links here with ?objection=): the
    objection, and its subject in the person picker — chosen when a resident, typed by name otherwise."""
    objection_pk = request.GET.get("objection", "")
    if not objection_pk.isdigit():
        return {}
    initial = {"objection": objection_pk, "reason_kind": VoterListChange.Reason.OBJECTION}
    objection = Objection.objects.filter(election=election, pk=objection_pk).first()
    if objection is not None:
        person = objection.subject_id
        if person and field == "registration":
            person = Registration.objects.filter(election=election, resident_id=person).values_list(
                "pk", flat=True).first()
        initial[field] = {"pk": str(person or ""), "query": "" if person else objection.subject_name}
    return initial


@login_required
def list_add(request, pk):
    election = _election(request, pk)
    form = AdditionForm(request.POST or None, election=election, initial=_initial(request, election, "resident"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(request, services.voter_add_after_posting, form=form, election=election,
                       actor=request.user, **_change_fields(data), resident=data["resident"],
                       success=_("%(name)s was added; the change goes on the next supplementary list.")
                       % {"name": data["resident"].name}):
            return redirect("voters:lists", election.pk)
    return render(request, "voters/publication/change_form.html", _context(
        request, election, form=form, person=form["resident"], title=_("Add a voter after posting"),
        problems=services.list_change_problems(election, clock.today())))


@login_required
def list_remove(request, pk):
    election = _election(request, pk)
    form = RemovalForm(request.POST or None, election=election,
                       initial=_initial(request, election, "registration"))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(request, services.voter_remove_after_posting, form=form, actor=request.user,
                       **_change_fields(data), registration=data["registration"],
                       success=_("%(name)s was removed; the change goes on the next supplementary list.")
                       % {"name": data["registration"].resident.name}):
            return redirect("voters:lists", election.pk)
    return render(request, "voters/publication/change_form.html", _context(
        request, election, form=form, person=form["registration"], title=_("Remove a voter after posting"),
        problems=services.list_change_problems(election, clock.today())))


def _change_fields(data):
    return {key: data[key] for key in ("reason_kind", "reason", "objection", "on")}


@login_required
def list_supplementary(request, pk):
    election = _election(request, pk)
    form = SupplementaryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        version = run_service(request, services.supplementary_list_publish, form=form, election=election,
                              actor=request.user, posted_on=form.cleaned_data["posted_on"])
        if version:
            messages.success(request, _("Supplementary list no. %(n)s was posted.")
                             % {"n": version.number - 1})
            return redirect("voters:lists", election.pk)
    return render(request, "voters/publication/supplementary.html", _context(
        request, election, form=form, pending=services.pending_changes(election)))


# --- objections (VOT-6) ------------------------------------------------------------------------------------

@login_required
def objections(request, pk):
    election = _election(request, pk)
    form = ObjectionForm(request.POST or None, election=election)
    if request.method == "POST" and form.is_valid():
        if run_service(request, objection_services.objection_record, form=form, election=election,
                       actor=request.user, success=_("The objection was recorded."), **form.cleaned_data):
            return redirect("voters:objections", election.pk)
    today = clock.today()
    rows = list(Objection.objects.filter(election=election)
                .select_related("election", "subject", "decided_by", "recorded_by"))
    for objection in rows:
        objection.overdue = objection.is_overdue(today)
    window_end = objection_services.objection_window_end(election)
    closed = StepCompletion.objects.filter(election=election, step="objections_decided").exists()
    pending = sum(o.is_pending for o in rows)
    return render(request, "voters/publication/objections.html", _context(
        request, election, form=form, objections=rows, window_end=window_end, overdue=sum(o.overdue for o in rows), pending=pending,
        step_done=closed, can_close=bool(window_end) and today > window_end and not closed and not pending))


@login_required
def objection_decide(request, pk, objection_pk):
    election = _election(request, pk)
    objection = get_object_or_404(Objection.objects.select_related("election"), pk=objection_pk,
                                  election=election)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(request, objection_services.objection_decide, form=form, objection=objection,
                       actor=request.user, decision=data["decision"], reason=data["reason"],
                       decided_on=data["decided_on"], success=_("The decision was recorded.")):
            return redirect("voters:objections", election.pk)
    return render(request, "voters/publication/objection_decide.html", _context(
        request, election, form=form, objection=objection,
        overdue=objection.is_overdue(clock.today())))


@login_required
def objections_close(request, pk):
    election = _election(request, pk)
    form = ClosePeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if run_service(request, objection_services.objections_period_close, election=election,
                       actor=request.user, on=form.cleaned_data["on"], form=form,
                       success=_("The objection period is closed on the checklist.")):
            return redirect("voters:objections", election.pk)
    return render(request, "voters/publication/objections_close.html", _context(
        request, election, form=form, window_end=objection_services.objection_window_end(election),
        pending=objection_services.pending_objections(election).count()))


# --- person pickers (voters/pickers.py) --------------------------------------------------------------------

def _pool_json(request, pk, make_pool):
    election = access.get_election(request.user, pk, edit=True)
    return people_json(request, make_pool(election))


@login_required
@require_GET
def people_addable(request, pk):
    """Residents who may be added to the posted list (not on it, of age by election day)."""
    return _pool_json(request, pk, addable_pool)


@login_required
@require_GET
def people_listed(request, pk):
    """Voters on the list, who may be taken off it."""
    return _pool_json(request, pk, listed_pool)


@login_required
@require_GET
def people_residents(request, pk):
    """Any resident of the community, whom an objection may concern."""
    return _pool_json(request, pk, lambda election: resident_pool(election.community))
