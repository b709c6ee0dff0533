"""The issuance page (领票登记, VOTE-2) of one station: find a voter by name, group or the last digits of the
ID; issue their ballot (or each principal's, to their proxy); record a helper (VOTE-12); correct a mistake."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from elections import access, clock
from elections.models import Method
from elections.services.errors import RuleViolation
from elections.states import State
from elections.views._helpers import run_service
from voters.models import Absence, ResidentGroup

from ..forms import IssueSearchForm, ReasonForm, RegisterEntryForm
from ..models import BallotIssue, Proxy
from ..selectors import (SEARCH_LIMIT, issued_counts, issued_households, issues_by_registration,
                         proxies_given, proxies_held, quorum_status, recent_issues, register_lines,
                         registration_to_issue, search_voters, search_voters_brief,
                         station_of, stations_of)
from ..services.issuance import ballot_issue, ballot_issue_cancel, ballots_issue_from_register
from ..services.rounds import current_round
from .overview import quorum_json_data
from ._common import page_context, safe_next


def _annotate(election, round_obj, voters):
    """Per voter: their issue, the proxy they gave, the proxies they hold (with each principal's issue), and
    under the household method whether the household already has its ballot — in two to five queries: the
    proxies and absences only when a voter found has one (selectors.voters_queryset flags them)."""
    holders = [v for v in voters if v.holds]
    held = proxies_held(holders) if holders else {}
    principals = [p.principal for proxies in held.values() for p in proxies]
    issues = issues_by_registration(round_obj, voters + principals)
    principals_given = [v for v in voters if v.gave]
    given = proxies_given(principals_given) if principals_given else {}
    households = {}
    if election.method == Method.HOUSEHOLD:
        households = issued_households(round_obj, voters + principals)
    declared = [v for v in voters if v.declared] + principals
    # At most one standing declaration each (a unique constraint): no ordering, which joins up (issue 13).
    absent = {a.registration_id: a for a in Absence.objects.filter(registration__in=declared,
                                                                     withdrawn_at__isnull=True).order_by()
              } if declared else {}
    for reg in voters + principals:
        reg.issue = issues.get(reg.pk)
        reg.absence = absent.get(reg.pk)  # VOT-8: declared they cannot come
        other = households.get(reg.resident.household_id)
        reg.household_issue = other if other and other.registration_id != reg.pk else None
    for reg in voters:
        reg.given = given.get(reg.pk)
        reg.held = held.get(reg.pk, [])
    return voters


@login_required
def issue_page(request, pk, station_pk):
    election = access.get_election(request.user, pk)
    station = _found(station_of(election, station_pk))
    if request.method == "POST":
        return _issue(request, election, station)
    groups = ResidentGroup.objects.filter(community=election.community).order_by("number")
    form = IssueSearchForm(request.GET or None, groups=groups)
    data = form.cleaned_data if form.is_valid() else {}
    round_obj = current_round(election)
    voters = search_voters(election, query=data.get("q") or "", group=data.get("group"),
                           limit=SEARCH_LIMIT + 1)
    more, voters = len(voters) > SEARCH_LIMIT, voters[:SEARCH_LIMIT]
    if voters:
        _annotate(election, round_obj, voters)
    # The busiest page of election day (issue 13): the round and the counts are loaded once, for the quorum
    # bar and the station's count alike.
    issued, issued_here = issued_counts(round_obj, station)
    return render(request, "polling/issue.html", page_context(
        request, election, station=station, form=form, voters=voters, more=more, limit=SEARCH_LIMIT,
        searched=bool(data.get("q") or data.get("group")), round=round_obj,
        quorum=quorum_status(election, round_obj, issued), issued_here=issued_here,
        recent=recent_issues(round_obj, station), voting_open=election.state == State.VOTING,
        staff_count=station.staff_count, min_staff=election.rules.station_min_staff,
        cancel_form=ReasonForm(), household_method=election.method == Method.HOUSEHOLD,
        absences_recorded=election.method != Method.REPRESENTATIVE, absence_reasons=Absence.Reason.choices,
        today=clock.today(), here=request.get_full_path()))


def _issue(request, election, station):
    """POST: issue one ballot. Clerks only (403 for those who may only look)."""
    if not access.can_edit_election(request.user, election):  # 403 for those who may only look
        raise PermissionDenied
    back = safe_next(request, reverse("polling:issue", args=[election.pk, station.pk]))
    registration = _found(registration_to_issue(election, _int(request.POST.get("registration"))))
    proxy = None
    if request.POST.get("proxy"):
        proxy = get_object_or_404(Proxy, election=election, pk=request.POST["proxy"])
    try:
        ballot_issue(election=election, registration=registration, station=station, actor=request.user,
                     proxy=proxy, helper_name=request.POST.get("helper_name", ""))
    except RuleViolation as exc:
        messages.error(request, "；".join(exc.messages))
        return redirect(back)
    if proxy is not None:
        messages.success(request, _("Ballot of %(name)s issued to the proxy %(holder)s.") % {
            "name": registration.resident.name, "holder": proxy.holder.resident.name})
    else:
        messages.success(request, _("Ballot issued to %(name)s.") % {"name": registration.resident.name})
    return redirect(back)


# --- the light path (issue 13): the page's script searches and issues through two small JSON endpoints -----
# Without the script the page above works alone (GET search, form POST, redirect); with it, a search is one
# indexed query and an issuance one POST answered with the new counts, with no page rebuilt in between.

def _clock(moment):
    return timezone.localtime(moment).strftime("%H:%M:%S") if moment else ""


def _ballot_state(row, *, as_proxy=False):
    """(state, the badge's text) of one voter's ballot, as polling/_issue_action.html says it."""
    if row["issued_at"]:
        return "issued", f"{_('Ballot issued')} {_clock(row['issued_at'])} · {row['issued_station']}"
    if row.get("proxy_holder") and not as_proxy:
        return "proxy", _("Gave a proxy to %(holder)s: no ballot in person (PRX-4)") % {
            "holder": row["proxy_holder"]}
    if row.get("household_taker"):
        return "household", _("The household's ballot was issued to %(name)s") % {
            "name": row["household_taker"]}
    return "open", ""


@login_required
@require_GET
def issue_search_json(request, pk, station_pk):
    """GET ?q=&group=: the voters found, each with the state of their ballot (and the proxies they hold)."""
    election = access.get_election(request.user, pk)
    station = _found(station_of(election, station_pk))
    query = request.GET.get("q", "")[:100]
    group = request.GET.get("group") or None
    if group is not None and not group.isdigit():
        group = None
    # The ballots of the current round: the search finds the round itself (and a search opens no round).
    rows = search_voters_brief(election, query=query, group=group, limit=SEARCH_LIMIT + 1)
    more, rows = len(rows) > SEARCH_LIMIT, rows[:SEARCH_LIMIT]
    for row in rows:
        row["state"], row["text"] = _ballot_state(row)
        row["issued_at"] = _clock(row["issued_at"])
        for held in row["held"]:
            held["state"], held["text"] = _ballot_state(held, as_proxy=True)
            held["issued_at"] = _clock(held["issued_at"])
            held["label"] = _("proxy for %(name)s (certificate %(no)s)") % {
                "name": held["name"], "no": f"{held['number'] or 0:03d}"}
    return JsonResponse({"results": rows, "more": more, "station": station.pk,
                         "full_page": reverse("polling:issue", args=[election.pk, station.pk])})


def _recent_line(issue, registration, proxy):
    line = f"{_clock(issue.issued_at)} · {registration.resident.name}"
    if proxy is not None:
        line += " (" + _("to the proxy %(holder)s") % {"holder": proxy.holder.resident.name} + ")"
    if issue.helper_name:
        line += f" · {_('helper')} {issue.helper_name}"
    return line


@login_required
@require_POST
def issue_json(request, pk, station_pk):
    """POST (CSRF token in the X-CSRFToken header): issue one ballot through the same service as the form
    (VOTE-2, CAL-5, VOTE-11, VOTE-12, PRX-4; the database's unique constraints refuse a second ballot), and
    answer with the station's and the quorum's new figures and the line for the latest-issuances list.
    Refusals: 409 with the Chinese message; 403 for those who may only look, 404 outside one's scope."""
    election = access.get_election(request.user, pk)
    if not access.can_edit_election(request.user, election):
        raise PermissionDenied
    station = _found(station_of(election, station_pk))
    registration = _found(registration_to_issue(election, _int(request.POST.get("registration"))))
    proxy = None
    if request.POST.get("proxy"):
        proxy = get_object_or_404(Proxy.objects.select_related("holder__resident"), election=election,
                                  pk=_int(request.POST["proxy"]))
    try:
        issue = ballot_issue(election=election, registration=registration, station=station,
                             actor=request.user, proxy=proxy, helper_name=request.POST.get("helper_name", ""))
    except RuleViolation as exc:
        return JsonResponse({"ok": False, "registration": registration.pk, "rule": exc.rule,
                             "message": "；".join(exc.messages)}, status=409)
    if proxy is not None:
        message = _("Ballot of %(name)s issued to the proxy %(holder)s.") % {
            "name": registration.resident.name, "holder": proxy.holder.resident.name}
    else:
        message = _("Ballot issued to %(name)s.") % {"name": registration.resident.name}
    issued, issued_here = issued_counts(issue.round, station)
    return JsonResponse({
        "ok": True, "message": message, "registration": registration.pk,
        "text": f"{_('Ballot issued')} {_clock(issue.issued_at)} · {station.name}",
        "issued_here": issued_here, "quorum": quorum_json_data(quorum_status(election, issue.round, issued)),
        "recent": _recent_line(issue, registration, proxy)})


def _int(value):
    return int(value) if value and str(value).isdigit() else 0


def _found(obj):
    if obj is None:
        raise Http404
    return obj


@login_required
@require_POST
def issue_cancel(request, pk, issue_pk):
    election = access.get_election(request.user, pk, edit=True)
    issue = get_object_or_404(BallotIssue.objects.select_related("round__election", "station",
                                                                 "registration__resident"),
                              round__election=election, pk=issue_pk)
    form = ReasonForm(request.POST)
    run_service(request, ballot_issue_cancel, issue=issue, actor=request.user,
                reason=form.cleaned_data["reason"] if form.is_valid() else "",
                success=_("The issuance of %(name)s is cancelled.")
                % {"name": issue.registration.resident.name})
    return redirect(safe_next(request, reverse("polling:issue", args=[election.pk, issue.station_id])))


@login_required
def register_entry(request, pk):
    """The paper issuance register (领票登记册) of a station, entered afterwards: pick the station, type or tick
    the register's line numbers, issue them all in one go — or none, when one is refused (VOTE-2)."""
    election = access.get_election(request.user, pk, edit=request.method == "POST")
    lines = register_lines(election)
    stations = list(stations_of(election))
    form = RegisterEntryForm(request.POST or None, stations=stations, line_count=len(lines),
                             initial={"station": request.GET.get("station")})
    ticked = request.POST.getlist("tick")
    if request.method == "POST" and form.is_valid():
        station = next(s for s in stations if s.pk == form.cleaned_data["station"])
        by_line = dict(lines)
        chosen = [(n, by_line[n]) for n in form.chosen_lines(ticked)]
        issued = run_service(request, ballots_issue_from_register, form=form, election=election,
                             station=station, lines=chosen, actor=request.user)
        if issued:
            messages.success(request, _("%(n)s ballots of the register of %(station)s entered.")
                             % {"n": len(issued), "station": station.name})
            return redirect(reverse("polling:register_entry", args=[election.pk]) + f"?station={station.pk}")
    round_obj = current_round(election)
    issues = issues_by_registration(round_obj, [reg for _n, reg in lines])
    rows = [{"line": n, "reg": reg, "issue": issues.get(reg.pk), "ticked": str(n) in ticked}
            for n, reg in lines]
    return render(request, "polling/register_entry.html", page_context(
        request, election, form=form, rows=rows, round=round_obj, stations=stations,
        voting_open=election.state == State.VOTING, household_method=election.method == Method.HOUSEHOLD))
