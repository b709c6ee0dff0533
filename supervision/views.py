"""Home pages per role, and the supervisors' view of their communities (DESIGN: supervisors see every
community of their streets at a glance: phase, next deadline, what is overdue, warnings and overrides)."""
from collections import defaultdict

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.shortcuts import redirect, render

from aftermath.selectors import dashboard_flags
from counting.selectors import results_summaries
from elections import access, clock
from elections.replica import replica_reads
from elections.checklist import checklist, next_deadline
from elections.legal_calendar import WorkdayCalendar
from elections.models import Election, NoticeRepost, Role, StepCompletion
from elections.states import State
from polling.selectors import quorum_statuses

# Quorum is worth showing from election day on (VOTE-3, VOTE-4): before it nobody has collected a ballot.
QUORUM_STATES = {State.VOTING, State.COUNTING, State.CERTIFIED, State.HANDOVER, State.CLOSED}


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


def dashboard_rows(communities, today=None):
    """One row per community with its current (non-rehearsal) election and that election's checklist."""
    communities = list(communities.select_related("street"))
    elections = {}
    # The community's regular election of its latest term (a by-election shows on that election's pages).
    for election in (Election.objects.filter(community__in=communities, is_rehearsal=False,
                                             kind=Election.Kind.REGULAR)
                     .annotate(override_count=Count("overrides", distinct=True),
                               # CAL-5: acts entered long after their day, not yet acknowledged by the street.
                               backdated_count=Count("backdated_acts", distinct=True,
                                                     filter=Q(backdated_acts__acknowledged_at__isnull=True)),
                               # CAL-4: postponed, and notices the new day sends back to the board.
                               postponement_count=Count("postponements", distinct=True),
                               repost_count=Count("notice_reposts", distinct=True,
                                                  filter=Q(notice_reposts__reposted_on__isnull=True)))
                     .order_by("community_id", "-term")):
        elections.setdefault(election.community_id, election)
    done, reposts = defaultdict(dict), defaultdict(dict)
    for step in StepCompletion.objects.filter(election__in=elections.values()).select_related("actor"):
        done[step.election_id][step.step] = step
    for repost in NoticeRepost.objects.filter(election__in=elections.values(), reposted_on__isnull=True):
        reposts[repost.election_id][repost.notice] = repost
    calendar = WorkdayCalendar()
    on_election_day = [e for e in elections.values() if e.state in QUORUM_STATES]
    quorums, results = quorum_statuses(on_election_day), results_summaries(on_election_day)
    steps_of = {e.pk: checklist(e, today=today, calendar=calendar, done=done[e.pk], reposts=reposts[e.pk])
                for e in elections.values()}
    flags = dashboard_flags(elections.values(), steps_of)  # AFT-2 overdue handovers, AFT-5 open complaints
    rows = []
    for community in communities:
        election = elections.get(community.id)
        steps = steps_of[election.pk] if election else []
        rows.append({
            "community": community, "election": election, "next": next_deadline(steps),
            "overdue": sum(1 for r in steps if r.status == "overdue"),
            "done": sum(1 for r in steps if r.done), "steps": len(steps),
            "quorum": quorums.get(election.pk) if election else None,
            "result": results.get(election.pk) if election else None,
            "flags": flags.get(election.pk) if election else None,
        })
    return rows


def pilot_warnings(communities):
    """ORG-6: each street office should run at least one pilot community."""
    streets = defaultdict(list)
    for community in communities:
        streets[community.street].append(community)
    return sorted((s for s, cs in streets.items() if not any(c.is_pilot for c in cs)), key=lambda s: s.code)


@login_required
@replica_reads  # read-only, refreshed all day by every supervisor: the replica's work when there is one
def community_list(request):
    communities = access.visible_communities(request.user)
    rows = dashboard_rows(communities)
    return render(request, "supervision/dashboard.html", {
        "rows": rows,
        "pilot_warnings": pilot_warnings([r["community"] for r in rows]),
        "today": clock.today(),
        "total_overdue": sum(r["overdue"] for r in rows),
        "open_complaints": sum(r["flags"].open_complaints for r in rows if r["flags"]),
        "handovers_overdue": sum(r["flags"].handover_overdue for r in rows if r["flags"]),
        "can_supervise": access.is_supervisor(request.user),
    })
