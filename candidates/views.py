"""Nominations, nominees and formal candidates (CAN-1…CAN-10, SEAT-2, SEAT-4). Thin: each write calls one
service. Everyone who may see the election reads these pages (the supervisor too); the committee's clerks write."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from elections import access, clock
from elections.models import Meeting, Override
from elections.views._helpers import election_context, form_errors_to_messages, run_service
from voters.models import Registration
from voters.pickers import people_json

from . import documents as candidate_documents
from .eligibility import age_on
from .forms import (AcceptForm, CandidatesMeetingForm, IntroductionsForm, NegativeCheckForm, NegativeChecksForm,
                    NominationForm, NomineeFlagsForm, OverrideForm, PostingForm, RelationForm, ResolveForm,
                    WithdrawForm)
from .models import Candidate, NegativeCheck, Nominee, Relation
from .pickers import nominee_pool, relative_pool
from .services import candidates as candidate_services
from .services import nominations as nomination_services

_context = election_context
_form_errors = form_errors_to_messages


def _nominee(election, nominee_pk):
    return get_object_or_404(Nominee.objects.select_related("resident__group", "committee_member"),
                             pk=nominee_pk, election=election)


# --- nominations -------------------------------------------------------------------------------------------

@login_required
def nominations(request, pk):
    election = access.get_election(request.user, pk)
    reports = nomination_services.nominee_reports(election)
    candidacy = {c.nominee_id: c for c in Candidate.objects.filter(election=election)}
    rows = [(r, candidacy.get(r.nominee.pk)) for r in reports]
    return render(request, "candidates/nominations.html", _context(
        request, election, rows=rows, last_evidence=_last_evidence(election)))


def _last_evidence(election):
    """The evidence of the latest clear check in this election: the "no finding" forms start from it."""
    return (NegativeCheck.objects.filter(nominee__election=election, finding=NegativeCheck.Finding.CLEAR)
            .order_by("-checked_at", "-pk").values_list("evidence", flat=True).first() or "")


@login_required
def nomination_new(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    form = NominationForm(request.POST or None, election=election,
                          initial={"resident": request.GET.get("resident")})
    if request.method == "POST" and form.is_valid():
        nomination = run_service(request, nomination_services.nomination_record, form=form, election=election,
                                 actor=request.user, success=_("The nomination was recorded."), **form.cleaned_data)
        if nomination:
            return redirect("candidates:nominee_detail", election.pk, nomination.nominee_id)
    return render(request, "candidates/nomination_form.html", _context(request, election, form=form))


@login_required
def nominee_detail(request, pk, nominee_pk):
    election = access.get_election(request.user, pk)
    nominee = _nominee(election, nominee_pk)
    report = nomination_services.nominee_report(nominee)
    status = nomination_services.registration_statuses(election, [nominee.resident_id]).get(nominee.resident_id)
    overrides = Override.objects.filter(election=election, object_type=Nominee._meta.label,
                                        object_id=str(nominee.pk)).select_related("actor")
    return render(request, "candidates/nominee_detail.html", _context(
        request, election, nominee=nominee, report=report, registration_status=_status_label(status),
        age=age_on(nominee.resident.birth_date, election.election_date) if election.election_date else None,
        nominations=nominee.nominations.select_related("group", "recorded_by"),
        checks=nominee.negative_checks.select_related("checked_by", "resolved_by"),
        overrides=overrides, candidacy=Candidate.objects.filter(nominee=nominee).select_related("meeting").first(),
        relations=nominee.relations.select_related("relative_nominee"),
        override_form=OverrideForm(), accept_form=AcceptForm(), check_form=NegativeCheckForm(),
        checks_form=NegativeChecksForm(nominee=nominee, initial={"evidence": _last_evidence(election)}),
        resolve_form=ResolveForm(), introductions_form=IntroductionsForm(initial={
            "committee_introduction": nominee.committee_introduction,
            "self_introduction": nominee.self_introduction}),
        flags_form=NomineeFlagsForm(election=election, initial={
            "is_party_secretary": nominee.is_party_secretary, "committee_member": nominee.committee_member_id}),
        relation_form=RelationForm(nominee=nominee)))


def _status_label(status):
    return Registration.Status(status).label if status else None


def _nominee_post(request, pk, nominee_pk, make_form, service, success):
    """The nominee page's small forms: validate, call the service, go back to the nominee."""
    election = access.get_election(request.user, pk, edit=True)
    nominee = _nominee(election, nominee_pk)
    form = make_form(request.POST, election=election, nominee=nominee)
    if form.is_valid():
        run_service(request, service, nominee=nominee, actor=request.user, success=success, **form.cleaned_data)
    else:
        _form_errors(request, form)
    return redirect("candidates:nominee_detail", election.pk, nominee.pk)


def _plain(form_class):
    return lambda data, election, nominee: form_class(data)


@login_required
@require_POST
def nominee_accept(request, pk, nominee_pk):
    return _nominee_post(request, pk, nominee_pk, _plain(AcceptForm), nomination_services.nominee_accept,
                         _("The acceptance was recorded."))


@login_required
@require_POST
def nominee_override(request, pk, nominee_pk):
    return _nominee_post(request, pk, nominee_pk, _plain(OverrideForm),
                         nomination_services.nominee_override_warnings,
                         _("The warnings were confirmed with your reason."))


@login_required
@require_POST
def nominee_update(request, pk, nominee_pk):
    return _nominee_post(request, pk, nominee_pk,
                         lambda data, election, nominee: NomineeFlagsForm(data, election=election),
                         nomination_services.nominee_update, _("Saved."))


@login_required
@require_POST
def nominee_introductions(request, pk, nominee_pk):
    return _nominee_post(request, pk, nominee_pk, _plain(IntroductionsForm),
                         nomination_services.introductions_update, _("The introductions were saved."))


@login_required
@require_POST
def relation_add(request, pk, nominee_pk):
    return _nominee_post(request, pk, nominee_pk,
                         lambda data, election, nominee: RelationForm(data, nominee=nominee),
                         nomination_services.relation_record, _("The relation was recorded."))


@login_required
@require_POST
def relation_delete(request, pk, relation_pk):
    election = access.get_election(request.user, pk, edit=True)
    relation = get_object_or_404(Relation, pk=relation_pk, election=election)
    run_service(request, nomination_services.relation_delete, relation=relation, actor=request.user,
                success=_("The relation was removed."))
    return redirect("candidates:nominee_detail", election.pk, relation.nominee_id)


def _check_post(request, pk, check_pk, form_class, service, success):
    election = access.get_election(request.user, pk, edit=True)
    check = get_object_or_404(NegativeCheck, pk=check_pk, nominee__election=election)
    form = form_class(request.POST)
    if form.is_valid():
        run_service(request, service, check=check, actor=request.user, success=success, **form.cleaned_data)
    else:
        _form_errors(request, form)
    return redirect("candidates:nominee_detail", election.pk, check.nominee_id)


@login_required
@require_POST
def negative_check(request, pk, check_pk):
    return _check_post(request, pk, check_pk, NegativeCheckForm, nomination_services.negative_check_record,
                       _("The check was recorded."))


@login_required
@require_POST
def negative_checks(request, pk, nominee_pk):
    """CAN-2: the items not checked yet, at once (the nominee's page), or all clear (the nominations list)."""
    election = access.get_election(request.user, pk, edit=True)
    nominee = _nominee(election, nominee_pk)
    form = NegativeChecksForm(request.POST, nominee=nominee)
    if not form.is_valid():
        _form_errors(request, form)
    else:
        kwargs = form.service_kwargs()
        if run_service(request, nomination_services.negative_checks_record, nominee=nominee, actor=request.user,
                       **kwargs):
            messages.success(request, _("%(n)s item(s) of the negative list checked for %(name)s, %(found)s "
                                        "found.") % {"n": len(kwargs["checks"]), "name": nominee.resident.name,
                                                     "found": len(kwargs["found"])})
    if form.data.get("back") == "list":
        return redirect(reverse("candidates:election_nominations", args=[election.pk]) + f"#nominee-{nominee.pk}")
    return redirect("candidates:nominee_detail", election.pk, nominee.pk)


@login_required
@require_POST
def negative_resolve(request, pk, check_pk):
    return _check_post(request, pk, check_pk, ResolveForm, nomination_services.negative_finding_resolve,
                       _("The finding was resolved."))


# --- person pickers (voters/pickers.py): only the people the field allows ---------------------------------

@login_required
@require_GET
def people_nominees(request, pk):
    """Who may be nominated: the confirmed voters of the election (CAN-1)."""
    election = access.get_election(request.user, pk, edit=True)
    return people_json(request, nominee_pool(election))


@login_required
@require_GET
def people_relatives(request, pk, nominee_pk):
    """The other nominees of the election, for a near relative among them (CAN-9)."""
    election = access.get_election(request.user, pk, edit=True)
    return people_json(request, relative_pool(_nominee(election, nominee_pk)))


# --- formal candidates -------------------------------------------------------------------------------------

@login_required
def candidates(request, pk):
    election = access.get_election(request.user, pk)
    everyone = candidate_services.candidates_of(election, status=None)
    formal = [c for c in everyone if c.status == Candidate.Status.FORMAL]
    return render(request, "candidates/candidates.html", _context(
        request, election, formal=_with_ages(election, formal),
        others=[c for c in everyone if c.status != Candidate.Status.FORMAL],
        margin=candidate_services.margin_status(election),
        indicators=candidate_services.candidate_indicators(election, formal),
        relative_flags=candidate_services.near_relative_flags(election),
        meetings=election.meetings.filter(kind=Meeting.Kind.CANDIDATES),
        postings=election.candidate_postings.select_related("posted_by"),
        last_day=candidate_services.posting_last_day(election), withdraw_form=WithdrawForm(),
        decision_open=candidate_services.decision_open(election),
        posting_needed=candidate_services.posting_needed(election),
        repost=candidate_services.repost_needed(election), today=clock.today(),
        notice_missing=candidate_documents.candidates_missing(election),
        formal_problems=_formal_problems(election, formal)))


def _with_ages(election, candidates):
    day = election.election_date
    return [(c, age_on(c.nominee.resident.birth_date, day) if day else None) for c in candidates]


def _formal_problems(election, formal):
    """Formal candidates whose record no longer passes a hard check (the voter record changed): flagged."""
    reports = nomination_services.nominee_reports(election, [c.nominee for c in formal])
    return [(r.nominee, check) for r in reports for check in r.hard]


@login_required
def candidates_meeting(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    decided = {c.nominee_id: c for c in Candidate.objects.filter(election=election)}
    reports = [r for r in nomination_services.nominee_reports(election)
               if r.nominee.pk not in decided or decided[r.nominee.pk].status == Candidate.Status.RESERVE]
    votable = [r for r in reports if r.nominee.positions_sought]
    form = CandidatesMeetingForm(request.POST or None, reports=votable)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if run_service(request, candidate_services.formal_candidates_decide, form=form, election=election,
                       actor=request.user, held_on=data["held_on"],
                       representatives_total=data["representatives_total"], present=data["present"],
                       decision=data["decision"], rows=form.vote_rows(),
                       success=_("The meeting and the formal candidates were recorded.")):
            return redirect("candidates:election_candidates", election.pk)
    return render(request, "candidates/meeting_form.html", _context(
        request, election, form=form, margin=candidate_services.margin_status(election),
        decision_open=candidate_services.decision_open(election)))


@login_required
@require_POST
def candidates_post(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    form = PostingForm(request.POST)
    if form.is_valid():
        run_service(request, candidate_services.candidates_post, election=election, actor=request.user,
                    posted_on=form.cleaned_data["posted_on"], success=_("The formal candidates are posted."))
    else:
        _form_errors(request, form)
    return redirect("candidates:election_candidates", election.pk)


@login_required
@require_POST
def candidate_withdraw(request, pk, candidate_pk):
    election = access.get_election(request.user, pk, edit=True)
    candidate = get_object_or_404(Candidate, pk=candidate_pk, election=election)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("candidates:election_candidates", election.pk)
    outcome = run_service(request, candidate_services.candidate_withdraw, candidate=candidate, actor=request.user,
                          **form.cleaned_data)
    if outcome:
        _withdrawal_messages(request, outcome)
    return redirect("candidates:election_candidates", election.pk)


def _withdrawal_messages(request, outcome):
    messages.success(request, _("%(name)s has withdrawn.") % {"name": outcome.withdrawn.nominee.resident.name})
    if outcome.replacement:
        messages.info(request, _("%(name)s takes the place as the next nominee by votes (CAN-10).")
                      % {"name": outcome.replacement.nominee.resident.name})
    if outcome.unfilled:
        messages.warning(request, f"{outcome.unfilled} (CAN-10)")
