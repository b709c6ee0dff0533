"""The count: rounds and their boxes, double entry, differences, closing a round, opening the next one."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from elections import access
from elections.states import State
from elections.services.errors import NeedsOverride
from elections.views._helpers import election_context, form_errors_to_messages, paginate, run_service

from .. import labels
from .. import lines as line_codes
from ..figures import count_agreed
from ..forms import (MAX_ROWS, BoxOpenForm, NextRoundForm, ReasonForm, SubmitForm, TotalsForm, grid_columns, grid_rows,
                     grid_values, parse_ballot_rows)
from ..models import BallotLine, CountRound, TallyBox, TallyEntry
from ..people import formal_name_keys, people_for
from ..results import election_results
from ..services import entry as entry_services
from ..services import matching as matching_services
from ..services import rounds as round_services

DEFAULT_ROWS = 10


def _context(request, election, **extra):
    return election_context(request, election, **extra,
                            can_supervise=access.can_supervise_community(request.user, election.community))


_form_errors = form_errors_to_messages


# --- the overview -------------------------------------------------------------------------------------------

def _station_rows(election, polling_round, count_round):
    """[(station, issued, box)] of the round: every station, its ballots issued, its box count if opened."""
    from polling.models import PollingStation
    from polling.selectors import station_counts

    issued = station_counts(polling_round) if polling_round else {}
    boxes = {}
    if count_round is not None:
        boxes = {b.station_id: b for b in count_round.boxes.select_related("first_by", "second_by")
                 .prefetch_related("entries__entered_by")}
    stations = PollingStation.objects.filter(election=election).order_by("kind", "pk")
    return [(s, issued.get(s.pk, 0), boxes.get(s.pk)) for s in stations]


def _latest_rounds(election):
    from polling.models import Round

    polling_round = Round.objects.filter(election=election).order_by("-number").first()
    count_round = CountRound.objects.filter(round=polling_round).first() if polling_round else None
    return polling_round, count_round


def _named(contests, people):
    """Contests with the names of their candidates, for people to read."""
    return [{**c, "names": [people[k].name if k in people else k for k in c["candidates"]]} for c in contests]


@login_required
def overview(request, pk):
    election = access.get_election(request.user, pk, tally=True)
    results = election_results(election)
    polling_round, count_round = _latest_rounds(election)
    rows = _station_rows(election, polling_round, count_round)
    counting = election.state == State.COUNTING
    can_open = counting and (count_round is None or count_round.status == CountRound.Status.OPEN)

    return render(request, "counting/overview.html", _context(
        request, election, results=results, polling_round=polling_round, count_round=count_round, rows=rows,
        box_form=BoxOpenForm(stations=[s for s, _n, box in rows if box is None]) if can_open else None,
        next_label=labels.NEXT_STEP_LABELS.get(results.next.kind, ""), reason_form=ReasonForm(),
        next_contests=_named(results.next.contests, results.people), next_form=NextRoundForm(),
        round_open_problems=round_services.round_open_problems(election) if results.next.opens_round else [],
        polls_reopen_problems=round_services.polls_reopen_problems(election) if counting else [None],
        voting=election.state == State.VOTING,
        decisions=election.count_decisions.select_related("count_round__round", "decided_by")))


@login_required
@require_POST
def box_open(request, pk):
    election = access.get_election(request.user, pk, edit=True)
    from polling.models import PollingStation

    form = BoxOpenForm(request.POST, stations=PollingStation.objects.filter(election=election))
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("counting:overview", election.pk)
    station = get_object_or_404(PollingStation, pk=form.cleaned_data["station"], election=election)
    box = run_service(request, entry_services.box_open_current, election=election, station=station,
                      mode=form.cleaned_data["mode"], actor=request.user)
    if box:
        return redirect("counting:box", election.pk, box.pk)
    return redirect("counting:overview", election.pk)


@login_required
@require_POST
def round_close(request, pk, number):
    election = access.get_election(request.user, pk, edit=True)
    count_round = get_object_or_404(CountRound, election=election, round__number=number)
    closed = run_service(request, round_services.round_close, count_round=count_round, actor=request.user)
    if closed and closed.status == CountRound.Status.VOID:
        messages.warning(request, _("Round %(n)s is void: %(reason)s (%(rule)s)") % {
            "n": number, "reason": closed.void_reason, "rule": closed.void_rule})
    elif closed:
        messages.success(request, _("Round %(n)s is counted.") % {"n": number})
    return redirect("counting:overview", election.pk)


@login_required
@require_POST
def round_reopen(request, pk, number):
    election = access.get_election(request.user, pk, edit=True)
    count_round = get_object_or_404(CountRound, election=election, round__number=number)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(request, round_services.round_reopen, count_round=count_round, actor=request.user,
                    reason=form.cleaned_data["reason"], success=_("The round is open again."))
    else:
        _form_errors(request, form)
    return redirect("counting:overview", election.pk)


@login_required
@require_POST
def round_next(request, pk):
    """The door "round_open": the round the result needs next, on its voting day; the election votes again."""
    election = access.get_election(request.user, pk, edit=True)
    form = NextRoundForm(request.POST)
    if not form.is_valid():
        _form_errors(request, form)
        return redirect("counting:overview", election.pk)
    opened = run_service(request, round_services.round_next_open, election=election, actor=request.user,
                         voting_day=form.cleaned_data["voting_day"])
    if opened:
        messages.success(request, _("Round %(n)s is open for %(day)s: print its ballots, issue them on that day, "
                                    "then count its boxes.") % {"n": opened.round.number,
                                                               "day": opened.round.voting_day.isoformat()})
        return redirect("polling:ballots", election.pk)
    return redirect("counting:overview", election.pk)


@login_required
@require_POST
def polls_reopen(request, pk):
    """The door "polls_reopen": the ballot issuance closed by mistake opens again (before any box is counted)."""
    election = access.get_election(request.user, pk, edit=True)
    form = ReasonForm(request.POST)
    if form.is_valid():
        if run_service(request, round_services.polls_reopen, election=election, actor=request.user,
                       reason=form.cleaned_data["reason"], success=_("The ballot issuance is open again.")):
            return redirect("polling:overview", election.pk)
    else:
        _form_errors(request, form)
    return redirect("counting:overview", election.pk)


# --- a box --------------------------------------------------------------------------------------------------

def _box(election, box_pk):
    boxes = TallyBox.objects.select_related("count_round__round", "count_round__election", "station",
                                            "first_by", "second_by", "agreed_entry")
    return get_object_or_404(boxes, pk=box_pk, count_round__election=election)


def _box_people(box):
    keys = [k for c in box.count_round.contests for k in c["candidates"]]
    if box.agreed_entry and box.mode == TallyBox.Mode.TOTALS:
        keys += [k for counts in box.agreed_entry.totals.values() for k in counts]
    return people_for(box.count_round.election, keys)


def _differences(box, people):
    return [{"diff": d, "label": labels.difference_label(d.key, people),
             "first": labels.difference_value(d.key, d.first),
             "second": labels.difference_value(d.key, d.second)}
            for d in box.differences.select_related("resolved_by")]


def _agreed_votes(box, people):
    """[(position label, [(Person, votes)])] of an agreed box."""
    if box.status != TallyBox.Status.AGREED:
        return None
    election = box.count_round.election
    figures = count_agreed([box], box.count_round.seats, election.rules, formal_name_keys(election))
    keys = {k for counts in figures.votes.values() for k in counts}
    people = {**people, **people_for(election, [k for k in keys if k not in people])}
    rows = [(labels.position_label(p), sorted(((people[k], v) for k, v in c.items()), key=lambda pv: -pv[1]))
            for p, c in figures.votes.items()]
    return figures, rows


@login_required
def box_detail(request, pk, box_pk):
    election = access.get_election(request.user, pk, tally=True)
    box = _box(election, box_pk)
    people = _box_people(box)
    entries = list(box.entries.select_related("entered_by", "discarded_by").order_by("started_at", "pk"))
    agreed = _agreed_votes(box, people)
    return render(request, "counting/box.html", _context(
        request, election, box=box, entries=entries, differences=_differences(box, people),
        open_differences=box.differences.filter(choice="").count(), agreed=agreed,
        my_entry=next((e for e in entries
                       if e.entered_by_id == request.user.pk and e.status == TallyEntry.Status.DRAFT), None),
        reason_form=ReasonForm(), round_open=box.count_round.status == CountRound.Status.OPEN,
        can_tally=access.can_enter_tally(request.user, election)))


@login_required
@require_POST
def entry_start(request, pk, box_pk):
    election = access.get_election(request.user, pk, edit=True, tally=True)
    box = _box(election, box_pk)
    entry = run_service(request, entry_services.entry_start, box=box, actor=request.user)
    if entry:
        return redirect("counting:entry", election.pk, entry.pk)
    return redirect("counting:box", election.pk, box.pk)


@login_required
@require_POST
def box_reopen(request, pk, box_pk):
    election = access.get_election(request.user, pk, edit=True)
    box = _box(election, box_pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(request, entry_services.box_reopen, box=box, actor=request.user,
                    reason=form.cleaned_data["reason"], success=_("The box is entered afresh, twice."))
    else:
        _form_errors(request, form)
    return redirect("counting:box", election.pk, box.pk)


@login_required
@require_POST
def differences_resolve(request, pk, box_pk):
    election = access.get_election(request.user, pk, edit=True)
    box = _box(election, box_pk)
    choices = {key.removeprefix("d-"): value for key, value in request.POST.items()
               if key.startswith("d-") and key[2:].isdigit() and value in ("first", "second")}
    if request.POST.get("all") in ("first", "second"):
        open_ids = box.differences.filter(choice="").values_list("pk", flat=True)
        choices = {str(pk): request.POST["all"] for pk in open_ids}
    if not choices:
        messages.error(request, _("Choose the right entry for at least one difference."))
    else:
        run_service(request, matching_services.differences_resolve, box=box, choices=choices,
                    reason=request.POST.get("reason", ""), actor=request.user,
                    success=_("%(n)s difference(s) resolved.") % {"n": len(choices)})
    return redirect("counting:box", election.pk, box.pk)


# --- an entry -----------------------------------------------------------------------------------------------

def _entry(election, entry_pk):
    return get_object_or_404(TallyEntry.objects.select_related(
        "box__count_round__round", "box__count_round__election", "box__station", "entered_by"),
        pk=entry_pk, box__count_round__election=election)


def _is_typist(request, entry):
    return (entry.status == TallyEntry.Status.DRAFT and entry.entered_by_id == request.user.pk
            and access.can_enter_tally(request.user, entry.box.count_round.election))


def _write_ins_allowed(count_round):
    return count_round.purpose != CountRound.Purpose.TIE_BREAK


def _lines_page(request, entry, people):
    page = paginate(request, entry.lines.order_by("-number"), 25)
    rows = [(row, labels.line_summary(line_codes.decode(row.marks, row.serial, row.invalid_reason), people))
            for row in page]
    return page, rows


def _entry_shown(request, entry):
    """Double entry keeps the two entries apart: an entry's content is shown to its typist, and to others once
    both entries are finished (the box then lists their differences, or is agreed)."""
    if entry.entered_by_id == request.user.pk or entry.role == TallyEntry.Role.AGREED:
        return True
    return entry.status != TallyEntry.Status.DRAFT and entry.box.status != TallyBox.Status.OPEN


def _entry_context(request, election, entry, *, totals_form=None, grid_values_list=None, grid_errors=()):
    box, count_round = entry.box, entry.box.count_round
    people = people_for(election, [k for c in count_round.contests for k in c["candidates"]])
    typist = _is_typist(request, entry)
    shown = _entry_shown(request, entry)
    context = _context(request, election, entry=entry, box=box, typist=typist, people=people, shown=shown,
                       submit_form=SubmitForm(initial={"returned": entry.returned}), reason_form=ReasonForm())
    if box.mode == TallyBox.Mode.BALLOTS:
        values = grid_values_list
        if values is None:
            values = [{} for _i in range(_row_count(request))]
        columns = grid_columns(count_round.contests, people, _write_ins_allowed(count_round))
        typed = entry.lines.count()
        context.update(columns=columns, grid_rows=grid_rows(columns, values), grid_errors=grid_errors,
                       invalid_choices=BallotLine.Invalid.choices, typed=typed, grid_offset=typed,
                       row_count=len(values))
        if shown:
            context["lines_page"], context["line_rows"] = _lines_page(request, entry, people)
    elif not typist and shown:
        context["totals_rows"] = _totals_rows(election, entry)
    else:
        context["totals_form"] = totals_form or TotalsForm(
            initial=TotalsForm.initial_from(entry), contests=count_round.contests, people=people,
            write_ins=_write_ins_allowed(count_round))
    return context


def _totals_rows(election, entry):
    keys = [k for counts in (entry.totals or {}).values() for k in counts]
    people = people_for(election, keys)
    return [(labels.position_label(p), [(people[k].name, n) for k, n in counts.items()])
            for p, counts in (entry.totals or {}).items()]


def _row_count(request):
    try:
        return max(1, min(MAX_ROWS, int(request.GET.get("rows", DEFAULT_ROWS))))
    except ValueError:
        return DEFAULT_ROWS


@login_required
def entry_page(request, pk, entry_pk):
    election = access.get_election(request.user, pk, tally=True)
    entry = _entry(election, entry_pk)
    if request.method == "POST":
        election = access.get_election(request.user, pk, edit=True, tally=True)
        if not _is_typist(request, entry):
            raise PermissionDenied
        return _entry_post(request, election, entry)
    return render(request, "counting/entry.html", _entry_context(request, election, entry))


def _entry_post(request, election, entry):
    count_round = entry.box.count_round
    people = people_for(election, [k for c in count_round.contests for k in c["candidates"]])
    if entry.box.mode == TallyBox.Mode.TOTALS:
        form = TotalsForm(request.POST, contests=count_round.contests, people=people,
                          write_ins=_write_ins_allowed(count_round))
        if form.is_valid() and run_service(
                request, entry_services.totals_save, entry=entry, actor=request.user, form=form,
                returned=form.cleaned_data["returned"], valid=form.cleaned_data["valid"],
                invalid=form.cleaned_data["invalid"], blank=form.cleaned_data["blank"] or 0,
                totals=form.totals(),
                success=_("The totals are saved. Check them against the sheet, then finish the entry.")):
            return redirect("counting:entry", election.pk, entry.pk)
        context = _entry_context(request, election, entry, totals_form=form)
        return render(request, "counting/entry.html", context)
    columns = grid_columns(count_round.contests, people, _write_ins_allowed(count_round))
    rows = _int(request.POST.get("rows"), DEFAULT_ROWS)
    lines, errors = parse_ballot_rows(request.POST, columns, rows)
    if errors:
        grid = [_posted_row(request.POST, r) for r in range(min(rows, MAX_ROWS))]
        return render(request, "counting/entry.html", _entry_context(
            request, election, entry, grid_values_list=grid, grid_errors=errors), status=400)
    if lines:
        added = run_service(request, entry_services.lines_add, entry=entry, lines=lines, actor=request.user)
        if added:
            messages.success(request, _("Lines %(first)s–%(last)s saved.")
                             % {"first": added[0], "last": added[1]})
    return redirect(f"{request.path}?rows={rows}")


def _int(value, default):
    try:
        return max(1, min(MAX_ROWS, int(value)))
    except (TypeError, ValueError):
        return default


def _posted_row(data, r):
    prefix = f"r{r}-"
    return {k[len(prefix):]: v for k, v in data.items() if k.startswith(prefix)}


@login_required
def line_edit(request, pk, entry_pk, number):
    election = access.get_election(request.user, pk, edit=True, tally=True)
    entry = _entry(election, entry_pk)
    if not _is_typist(request, entry):
        raise PermissionDenied
    row = get_object_or_404(BallotLine, entry=entry, number=number)
    count_round = entry.box.count_round
    people = people_for(election, [k for c in count_round.contests for k in c["candidates"]])
    columns = grid_columns(count_round.contests, people, _write_ins_allowed(count_round))
    errors, values = (), grid_values(line_codes.decode(row.marks, row.serial, row.invalid_reason))
    if request.method == "POST":
        lines, errors = parse_ballot_rows(request.POST, columns, 1)
        line = lines[0] if lines else line_codes.Line()
        saved = not errors and run_service(request, entry_services.line_replace, entry=entry, number=number,
                                           line=line, actor=request.user,
                                           success=_("Line %(n)s corrected.") % {"n": number})
        if saved:
            return redirect("counting:entry", election.pk, entry.pk)
        values = _posted_row(request.POST, 0)
    return render(request, "counting/line_edit.html", _context(
        request, election, entry=entry, box=entry.box, row=row, columns=columns,
        grid_rows=grid_rows(columns, [values]), grid_offset=number - 1, grid_errors=errors,
        invalid_choices=BallotLine.Invalid.choices))


@login_required
@require_POST
def line_delete(request, pk, entry_pk, number):
    election = access.get_election(request.user, pk, edit=True, tally=True)
    entry = _entry(election, entry_pk)
    run_service(request, entry_services.line_delete, entry=entry, number=number, actor=request.user,
                success=_("Line %(n)s deleted; the lines after it moved up.") % {"n": number})
    return redirect("counting:entry", election.pk, entry.pk)


@login_required
@require_POST
def entry_submit(request, pk, entry_pk):
    election = access.get_election(request.user, pk, edit=True, tally=True)
    entry = _entry(election, entry_pk)
    form = SubmitForm(request.POST)
    if form.is_valid():
        try:
            data = form.cleaned_data
            entry_services.entry_submit(entry=entry, actor=request.user, returned=data["returned"],
                                        reason=data["reason"])
        except NeedsOverride as exc:
            # Warn-kind checks: the typist looks at the paper again and, if it is right, says so.
            messages.warning(request, _("Check these against the paper; if the paper says so, give the "
                                        "reason and finish again: %(warnings)s")
                             % {"warnings": "；".join(exc.messages)})
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("Your entry is finished."))
            return redirect("counting:box", election.pk, entry.box_id)
    context = _entry_context(request, election, entry)
    context["submit_form"] = form
    return render(request, "counting/entry.html", context, status=400)


@login_required
@require_POST
def entry_discard(request, pk, entry_pk):
    election = access.get_election(request.user, pk, edit=True)
    entry = _entry(election, entry_pk)
    form = ReasonForm(request.POST)
    if form.is_valid():
        run_service(request, entry_services.entry_discard, entry=entry, actor=request.user,
                    reason=form.cleaned_data["reason"],
                    success=_("The entry is set aside; it is typed again."))
    else:
        _form_errors(request, form)
    return redirect("counting:box", election.pk, entry.box_id)
