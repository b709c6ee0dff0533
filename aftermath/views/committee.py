"""The residents' committee in office (AFT-6, SEAT-4): its members and vacancies, recalls (petition and vote),
members leaving office, and by-elections for the vacant seats."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from candidates.eligibility import COLLEGE_OR_ABOVE, age_on
from elections import access, clock
from elections.views._helpers import form_errors_to_messages, run_service

from ..forms import ByElectionForm, RecallPetitionForm, RecallVoteForm, SeatLeaveForm
from ..models import CommitteeSeat, Recall
from ..services import committee as committee_services
from ..services import recall as services
from . import page_context


def _structure(seats):
    """SEAT-2 / SEAT-4 indicators of the committee in office: women, a young member (35 or under) with a
    college degree, the party secretary as chair (一肩挑)."""
    today = clock.today()
    people = [(s, s.resident) for s in seats]
    young_college = [s for s, r in people if r and r.birth_date and age_on(r.birth_date, today) <= 35
                     and r.education in COLLEGE_OR_ABOVE]
    return {"women": sum(s.sex == "F" for s in seats), "young_college": len(young_college),
            "members": len(seats)}


def _committee_of(request, pk, **kwargs):
    election = access.get_election(request.user, pk, **kwargs)
    return election.completes or election


@login_required
def committee_page(request, pk):
    election = _committee_of(request, pk)
    seats = committee_services.in_office(election)
    in_office_qs = CommitteeSeat.objects.filter(election=election, left_on__isnull=True)
    vacancies = committee_services.vacancies(election)
    recalls = Recall.objects.filter(election=election).select_related("seat")
    return render(request, "aftermath/committee.html", page_context(
        request, election, seats=seats, structure=_structure(seats), vacancies=vacancies,
        former=CommitteeSeat.objects.filter(election=election, left_on__isnull=False),
        recalls=[(r, RecallVoteForm(prefix=f"r{r.pk}") if r.outcome == Recall.Outcome.PENDING else None)
                 for r in recalls],
        petition_form=RecallPetitionForm(seats=in_office_qs), leave_form=SeatLeaveForm(),
        by_election_form=ByElectionForm(vacancies=vacancies),
        by_elections=election.by_elections.order_by("-id"),
        running=services.by_election_in_progress(election),
        open=election.state in services.IN_OFFICE_STATES))


@login_required
@require_POST
def recall_petition(request, pk):
    election = _committee_of(request, pk, edit=True)
    form = RecallPetitionForm(request.POST, seats=CommitteeSeat.objects.filter(election=election))
    if form.is_valid():
        run_service(request, services.recall_petition_record, actor=request.user,
                    success=_("The petition is recorded."), **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:committee", election.pk)


@login_required
@require_POST
def recall_vote(request, pk, recall_pk):
    election = _committee_of(request, pk, edit=True)
    recall = get_object_or_404(Recall, pk=recall_pk, election=election)
    form = RecallVoteForm(request.POST, prefix=f"r{recall.pk}")
    if form.is_valid():
        recorded = run_service(request, services.recall_vote_record, recall=recall, actor=request.user,
                               **form.cleaned_data)
        if recorded:
            messages.success(request, _("The vote is recorded: %(outcome)s.")
                             % {"outcome": recorded.get_outcome_display()})
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:committee", election.pk)


@login_required
@require_POST
def seat_leave(request, pk, seat_pk):
    election = _committee_of(request, pk, edit=True)
    seat = get_object_or_404(CommitteeSeat, pk=seat_pk, election=election)
    form = SeatLeaveForm(request.POST)
    if form.is_valid():
        run_service(request, committee_services.seat_vacate, seat=seat, actor=request.user,
                    success=_("The member has left office; the seat is vacant."), **form.cleaned_data)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:committee", election.pk)


@login_required
@require_POST
def by_election_call(request, pk):
    election = _committee_of(request, pk, edit=True)
    form = ByElectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        seats = {p: data[p] for p in ("chair", "vice_chair", "member")}
        by_election = run_service(request, services.by_election_call, election=election, actor=request.user,
                                  seats=seats, election_date=data["election_date"], place=data["place"],
                                  start_time=data["start_time"], override_reason=data["override_reason"],
                                  success=_("The by-election is called: prepare it like an election."))
        if by_election:
            return redirect("election_detail", by_election.pk)
    else:
        form_errors_to_messages(request, form)
    return redirect("aftermath:committee", election.pk)
