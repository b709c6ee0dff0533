"""Home pages per role, and the street dashboard: every community of the supervisor's streets in one table (on
a phone, cards), sortable and filterable, with drill-in read-only to each election (DESIGN: supervisors see
every community at a glance). The rows are assembled by supervision.selectors.street_rows; this module only
reads the request."""
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from aftermath.models import Handover
from elections import access, clock
from elections.replica import replica_reads
from elections.models import Override, Role, Street
from elections.services.overrides import override_review
from elections.views._helpers import election_context, form_errors_to_messages, run_service

from .forms import ReviewForm
from .selectors import FILTERS, SORTS, filter_counts, filter_rows, sort_rows, street_rows
from . import tables
from .statistics import district_statistics


@login_required
def home(request):
    kinds = access.role_kinds(request.user)
    if kinds == {Role.Kind.CLERK}:
        communities = list(access.editable_communities(request.user))
        if len(communities) == 1:
            election = communities[0].elections.order_by("is_rehearsal", "-term", "-id").first()
            if election:
                return redirect("election_detail", election.pk)
            return redirect("community_detail", communities[0].code)
    return community_list(request)


def pilot_warnings(communities):
    """ORG-6: each street office should run at least one pilot community."""
    streets = defaultdict(list)
    for community in communities:
        streets[community.street].append(community)
    return sorted((s for s, cs in streets.items() if not any(c.is_pilot for c in cs)), key=lambda s: s.code)


def _query(params, **changes):
    merged = {k: v for k, v in {**params, **changes}.items() if v}
    return "?" + urlencode(merged) if merged else "?"


# Above this many communities in scope (a district administrator's), the page shows one street office at a time.
ONE_PAGE = 200
# The table's columns in order: (sort key or None, label). The phone's sort menu offers the same keys.
COLUMNS = [("community", _("Community")), ("state", _("State")), ("deadline", _("Next deadline")),
           ("overdue", _("Overdue")), ("review", _("To review")), ("registered", _("Voters")),
           ("turnout", _("Turnout and quorum")), ("elected", _("Result")), (None, _("Handover"))]
SORT_CHOICES = [("community", _("Community")), ("deadline", _("Next deadline")), ("-overdue", _("Most overdue")),
                ("-review", _("Most to review")), ("state", _("State")), ("-registered", _("Most voters")),
                ("-turnout", _("Highest turnout")), ("turnout", _("Lowest turnout")),
                ("-elected", _("Most elected"))]


def _headers(params, current):
    """The column headers: a sortable one links to its key, and once active to the other direction."""
    headers = []
    for key, label in COLUMNS:
        active = key is not None and current.lstrip("-") == key
        descending = active and current.startswith("-")
        target = (key if descending else f"-{key}") if active else key
        headers.append({"key": key, "label": label, "active": active, "descending": descending,
                        "url": _query(params, sort=target) if key else ""})
    return headers


def _scope(request):
    """(communities shown, the scope's streets, the street chosen, whether the whole scope may be shown)."""
    communities = access.visible_communities(request.user).select_related("street")
    streets = list(Street.objects.filter(communities__in=communities).distinct().order_by("code"))
    street = request.GET.get("street", "")
    whole_scope = len(streets) < 2 or communities.count() <= ONE_PAGE
    if not street and not whole_scope:
        # A whole district at once is the district dashboard's; here one street office at a time.
        street = streets[0].code
    if street:
        communities = communities.filter(street__code=street)
    return communities, streets, street, whole_scope


@login_required
@replica_reads  # read-only, refreshed all day by every supervisor: the replica's work when there is one
def community_list(request):
    communities, streets, street, whole_scope = _scope(request)
    shown_filter = request.GET.get("filter", "") if request.GET.get("filter", "") in FILTERS else ""
    sort = request.GET.get("sort", "") if request.GET.get("sort", "").lstrip("-") in SORTS else ""
    all_rows = street_rows(communities, clock.today())
    rows = sort_rows(filter_rows(all_rows, shown_filter), sort or "community")
    params = {"street": street, "filter": shown_filter, "sort": sort}
    return render(request, "supervision/dashboard.html", {
        "rows": rows, "all_rows": all_rows,
        "pilot_warnings": pilot_warnings([r.community for r in all_rows]),
        "today": clock.today(),
        "filters": [{"key": key, "label": label, "count": count, "active": key == shown_filter,
                     "url": _query(params, filter=key)}
                    for (key, (label, _test)), count in zip(FILTERS.items(), filter_counts(all_rows).values())],
        "all_url": _query(params, filter=""), "shown_filter": shown_filter,
        "sort": sort or "community", "headers": _headers(params, sort or "community"),
        "sort_choices": SORT_CHOICES, "labels": {key or "handover": label for key, label in COLUMNS},
        "streets": streets if len(streets) > 1 else [], "street": street, "whole_scope": whole_scope,
        "total_overdue": sum(r.overdue for r in all_rows),
        "open_complaints": sum(r.flags.open_complaints for r in all_rows if r.flags),
        "handovers_overdue": sum(r.flags.handover_overdue for r in all_rows if r.flags),
        "can_supervise": access.is_supervisor(request.user),
    })


# --- review actions: what the street office signs off (issue 11, item 3) ---------------------------------------

@login_required
def election_review(request, pk):
    """What waits for the street office's sign-off in one election: overrides to review, back-dated acts to
    acknowledge (CAL-5), postponements decided (CAL-4), the handover to co-sign (AFT-2). Everyone who sees the
    election reads it; only its supervisors sign off, each with a note, through services that write the audit
    log."""
    election = access.get_election(request.user, pk)
    handover = Handover.objects.filter(election=election).prefetch_related("signatures").first()
    return render(request, "supervision/review.html", election_context(
        request, election,
        can_supervise=access.can_supervise_community(request.user, election.community),
        overrides=election.overrides.select_related("actor", "reviewed_by"),
        backdated=election.backdated_acts.select_related("entered_by", "acknowledged_by"),
        postponements=election.postponements.select_related("entered_by"),
        handover=handover, signatures=list(handover.signatures.all()) if handover else []))


@login_required
@require_POST
def override_review_view(request, pk, override_pk):
    """A supervisor signs off one override with a note (403 for anyone else who sees the election)."""
    election = access.get_election(request.user, pk, supervise=True)
    override = get_object_or_404(Override, pk=override_pk, election=election)
    form = ReviewForm(request.POST)
    if form.is_valid():
        run_service(request, override_review, override=override, actor=request.user,
                    note=form.cleaned_data["note"], success=_("The override is signed off."))
    else:
        form_errors_to_messages(request, form)
    return redirect(reverse("election_review", args=[election.pk]) + f"#override-{override.pk}")


# --- the district dashboard and statistics (issue 11, item 2) ----------------------------------------------------

def _statistics(request):
    if not access.can_view_statistics(request.user):
        raise PermissionDenied
    return district_statistics(access.visible_communities(request.user))


def _scope_title(user):
    districts = list(access.visible_districts(user)[:2])
    return districts[0].name if len(districts) == 1 else _("All districts")


@login_required
@replica_reads
def district_dashboard(request):
    """Per street office and in total: progress, voters and turnout, members elected; rehearsals left out."""
    statistics = _statistics(request)
    return render(request, "supervision/district.html", {
        "statistics": statistics, "tables": tables.tables(statistics), "scope_title": _scope_title(request.user),
        "progress_chart": tables.progress_chart(statistics), "turnout_chart": tables.turnout_chart(statistics),
        "composition_chart": tables.composition_chart(statistics.total),
    })


@login_required
@replica_reads
def district_export(request):
    """The page's tables as an .xlsx workbook, one sheet each."""
    statistics = _statistics(request)
    title = f"{_scope_title(request.user)} · {statistics.today:%Y-%m-%d}"
    response = HttpResponse(tables.statistics_xlsx(statistics, title), content_type=tables.XLSX)
    response["Content-Disposition"] = (f"attachment; filename=\"district-statistics-{statistics.today:%Y%m%d}.xlsx\"")
    return response
