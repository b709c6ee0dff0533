"""One election: overview, settings, state changes, committee, meetings, checklist, audit log."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import access
from ..acts import backdated_act_acknowledge
from ..checklist import checklist, next_deadline, still_due
from ..documents import document_editions, get_document, kinds
from ..forms import (AcknowledgeForm, CommitteeMemberForm, ElectionSettingsForm, LeaveForm, MeetingForm,
                     PostedOnForm, PostponementForm, TransitionForm)
from ..legal_calendar import WorkdayCalendar
from ..models import BackdatedAct, CommitteeMember
from ..panels import panels
from ..services.committee import committee_member_add, committee_member_leave, committee_problems
from ..services.elections import (earliest_election_day, election_day_locked, election_transition,
                                  election_update, transition_problems)
from ..services.meetings import meeting_record
from ..services.postponements import (election_notice_repost, election_postpone, open_reposts,
                                      postponement_problems)
from ..states import ALLOWED_TRANSITIONS, State, is_backward
from ._helpers import election_context, form_errors_to_messages, run_service


POSITION_ORDER = {"chair": 0, "vice_chair": 1, "member": 2}


def _committee(election):
    """Serving members first, then chair, vice-chairs, members, as the committee lists itself."""
    return sorted(election.committee.all(), key=lambda m: (not m.active, POSITION_ORDER[m.position], m.pk))


def _context(request, election, **extra):
    return election_context(request, election, **extra)


def _calendar_warning(election, calendar):
    """CAL-3: deadlines in a year the official calendar does not cover yet are provisional."""
    if election.election_date and not calendar.is_covered(election.election_date.year):
        return election.election_date.year
    return None


def _documents(election):
    """Every printable kind with whether it exists at this stage (and, if not, what is missing)."""
    docs = [get_document(kind) for kind in kinds()]
    rows = [{"kind": d.kind, "title": d.title, "missing": d.availability_check(election)} for d in docs]
    for row in rows:
        # A document issued in several editions (each posting, each round's ballot) links each of them.
        editions = [] if row["missing"] else document_editions(election, row["kind"])
        row["editions"] = editions if len(editions) > 1 else []
    return rows


def _move(election, dst, move):
    """A move the overview offers: a generic one as a button (with what stops it), a door's as a link to the
    page where its own service takes it (elections/states.py)."""
    try:
        url = reverse(move.page, args=[election.pk]) if move.page else ""
    except NoReverseMatch:  # the door's app is not installed
        url = ""
    return {"to": State(dst), "backward": is_backward(election.state, dst), "door": not move.generic,
            "label": move.label, "url": url, "rule": move.rule, "problems": transition_problems(election, dst)}


@login_required
def election_detail(request, pk):
    election = access.get_election(request.user, pk)
    calendar = WorkdayCalendar()
    rows = checklist(election, calendar=calendar)
    moves = [_move(election, dst, move) for dst, move in ALLOWED_TRANSITIONS[State(election.state)].items()]
    return render(request, "elections/election_detail.html", _context(
        request, election, rows=rows, moves=moves,
        next=next_deadline(still_due(election, rows)),  # after certification: the handover only
        committee=_committee(election), committee_problems=committee_problems(election),
        meetings=election.meetings.all(),
        overrides=election.overrides.select_related("actor", "reviewed_by")[:20],
        changes=election.state_changes.select_related("actor"), documents=_documents(election),
        provisional_year=_calendar_warning(election, calendar), rules=election.rules,
        **_dates_context(request, election),
        panels=panels(request, election),
        # AFT-4: the archive holds complete identity numbers: offered only to those who may see them (VOT-7).
        may_archive=access.sees_full_ids(request.user, election.community),
    ))


def _dates_context(request, election):
    """CAL-4, CAL-5 on the election page: notices to post again, postponements, back-dated acts."""
    return {
        "reposts": list(open_reposts(election)), "postponements": election.postponements.select_related("entered_by"),
        "backdated": election.backdated_acts.select_related("entered_by", "acknowledged_by"),
        "can_supervise": access.can_supervise_community(request.user, election.community),
        "posted_on_form": PostedOnForm(), "acknowledge_form": AcknowledgeForm(),
    }


@login_required
def election_edit(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    initial = {f: getattr(election, f) for f in ElectionSettingsForm.base_fields if f != "override_reason"}
    locked = election_day_locked(election)
    form = ElectionSettingsForm(request.POST or None, initial=initial, day_locked=locked)
    if election.is_by_election:  # AFT-6: its seats are the vacancies it was called for
        del form.fields["vice_chair_seats"], form.fields["member_seats"]
    if request.method == "POST" and form.is_valid() and run_service(
            request, election_update, form=form, election=election, actor=request.user,
            success=_("The election settings were saved."), **form.cleaned_data):
        return redirect("election_detail", election.pk)
    return render(request, "elections/election_form.html", _context(
        request, election, form=form, title=_("Election settings"), day_locked=locked,
        earliest=None if locked else max(earliest_election_day(election).values())))


@login_required
def election_postpone_view(request, pk):
    """改期 (CAL-4): the street office's decision, entered by its supervisors; the committee reads it here."""
    election = access.get_election(request.user, pk)
    form = PostponementForm(request.POST or None)
    if request.method == "POST":
        election = access.get_election(request.user, pk, supervise=True)
        if form.is_valid() and run_service(
                request, election_postpone, form=form, election=election, actor=request.user,
                success=_("Election day is postponed; every deadline now counts from the new day."),
                **form.cleaned_data):
            return redirect("election_postpone", election.pk)
    return render(request, "elections/postpone.html", _context(
        request, election, form=form, problems=postponement_problems(election),
        earliest=max(earliest_election_day(election).values()),
        **_dates_context(request, election)))


@login_required
@require_POST
def election_notice_repost_view(request, pk):
    """CAL-4: the election announcement, which prints the day, posted again after a postponement."""
    election = access.get_election(request.user, pk, edit=True)
    form = PostedOnForm(request.POST)
    if form.is_valid():
        run_service(request, election_notice_repost, election=election, actor=request.user,
                    posted_on=form.cleaned_data["posted_on"],
                    success=_("The election announcement is recorded as posted again."))
    else:
        form_errors_to_messages(request, form)
    return redirect("election_detail", election.pk)


@login_required
@require_POST
def backdated_acknowledge_view(request, pk, flag_pk):
    """CAL-5: the street office acknowledges an act entered more than the profile's days after its day."""
    election = access.get_election(request.user, pk, supervise=True)
    flag = get_object_or_404(BackdatedAct, pk=flag_pk, election=election)
    form = AcknowledgeForm(request.POST)
    if form.is_valid():
        run_service(request, backdated_act_acknowledge, flag=flag, actor=request.user,
                    note=form.cleaned_data["note"], success=_("The back-dated act is acknowledged."))
    else:
        form_errors_to_messages(request, form)
    # Back to the page it was sent from (the overview, or the supervisors' review page), never elsewhere.
    back = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return redirect(back)
    return redirect("election_detail", election.pk)


@login_required
@require_POST
def election_transition_view(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    form = TransitionForm(request.POST)
    if form.is_valid():
        target = State(form.cleaned_data["to"])
        run_service(request, election_transition, election=election, to=target, actor=request.user,
                    reason=form.cleaned_data["reason"],
                    success=_("The election moved to “%(state)s”.") % {"state": target.label})
    else:
        messages.error(request, _("Unknown state."))
    return redirect("election_detail", election.pk)


@login_required
def election_checklist(request, pk):
    election = access.get_election(request.user, pk)
    calendar = WorkdayCalendar()
    return render(request, "elections/checklist.html", _context(
        request, election, rows=checklist(election, calendar=calendar),
        provisional_year=_calendar_warning(election, calendar), rules=election.rules,
        reposts=list(open_reposts(election)), posted_on_form=PostedOnForm()))


@login_required
def election_committee(request, pk):
    election = access.get_election(request.user, pk)
    form = CommitteeMemberForm(request.POST or None)
    if request.method == "POST":
        election = access.get_election(request.user, pk, edit=True)
        if form.is_valid() and run_service(request, committee_member_add, form=form, election=election,
                                           actor=request.user, success=_("Member added."), **form.cleaned_data):
            return redirect("election_committee", election.pk)
    return render(request, "elections/committee.html", _context(
        request, election, form=form, members=_committee(election), problems=committee_problems(election),
        leave_form=LeaveForm()))


@login_required
@require_POST
def committee_leave(request, pk, member_pk):
    election = access.get_election(request.user, pk, edit=True)
    member = get_object_or_404(CommitteeMember, pk=member_pk, election=election, active=True)
    form = LeaveForm(request.POST)
    if form.is_valid():
        run_service(request, committee_member_leave, member=member, actor=request.user,
                    reason=form.cleaned_data["reason"], success=_("The member left the committee."))
    else:
        messages.error(request, _("Give the reason the member leaves the committee."))
    return redirect("election_committee", election.pk)


@login_required
def election_meetings(request, pk):
    election = access.get_election(request.user, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST":
        election = access.get_election(request.user, pk, edit=True)
        if form.is_valid() and run_service(request, meeting_record, form=form, election=election,
                                           actor=request.user, success=_("The meeting was recorded."),
                                           **form.cleaned_data):
            return redirect("election_meetings", election.pk)
    return render(request, "elections/meetings.html", _context(
        request, election, form=form, meetings=election.meetings.select_related("recorded_by")))

