"""What the street office sees of its communities (DESIGN: supervisors see every community of their streets at a
glance): one plain row per community, assembled in bulk — a constant number of queries whatever the number of
communities (tests/supervision/test_street_dashboard.py counts them for 3 and for 30).

    rows = street_rows(communities, today)          # [StreetRow], in the order of `communities`
    rows = filter_rows(rows, "late")                 # FILTERS: late, week, review
    rows = sort_rows(rows, "-deadline")              # SORTS, "-" for descending

The district dashboard rolls the same rows up per street. Figures come from the selectors of the apps below:
the checklist (elections.checklist), the decisive round's turnout and quorum (counting.selectors.
decisive_quorums), the certified result (counting.selectors.results_summaries), the handover (aftermath.
selectors.handover_states) and the flags of the after-the-vote (aftermath.selectors.dashboard_flags).
"""
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from aftermath.selectors import HandoverState, dashboard_flags, handover_states
from counting.selectors import decisive_rounds, results_summaries
from elections import clock
from elections.checklist import checklist, next_deadline, still_due
from elections.legal_calendar import WorkdayCalendar
from elections.models import Election, NoticeRepost, StepCompletion
from elections.states import ORDER, State
from polling.selectors import quorum_statuses

# Quorum is worth showing from election day on (VOTE-3, VOTE-4): before it nobody has collected a ballot.
QUORUM_STATES = {State.VOTING, State.COUNTING, State.CERTIFIED, State.HANDOVER, State.CLOSED}
# "Due this week": a deadline today or in the next six days.
WEEK = 7


@dataclass
class StreetRow:
    """One community on the street dashboard, with its current regular election (None: none yet)."""

    community: object
    today: datetime.date
    election: Election | None = None
    steps: list = field(default_factory=list)  # elections.checklist.ChecklistRow, every step
    next: object = None  # the ChecklistRow of the next deadline still open, or None
    overdue: int = 0  # steps past their deadline and not done (only those still due: elections.checklist.still_due)
    due_soon: int = 0  # steps not done whose deadline is today or in the next six days
    done: int = 0
    overrides: int = 0
    overrides_unreviewed: int = 0
    backdated_unacknowledged: int = 0  # CAL-5
    postponements: int = 0  # CAL-4
    reposts: int = 0  # CAL-4: notices the new day sends back to the board
    registered: int = 0  # confirmed voters (VOT-4)
    decisive_round: object = None  # polling.Round (counting.selectors.decisive_rounds)
    quorum: object = None  # polling.selectors.QuorumStatus of the decisive round
    result: object = None  # counting.selectors.ResultsSummary
    handover: HandoverState = field(default_factory=HandoverState)
    flags: object = None  # aftermath.selectors.DashboardFlags

    @property
    def days_left(self):
        """Days from today to the next deadline (negative once passed), or None."""
        return (self.next.deadline.date - self.today).days if self.next else None

    @property
    def days_overdue(self):
        return -self.days_left if self.days_left is not None and self.days_left < 0 else 0

    @property
    def late(self):
        return self.overdue > 0

    @property
    def due_this_week(self):
        return self.due_soon > 0

    @property
    def handover_awaiting_street(self):
        """AFT-2: both chairs signed; the presiding street official's signature is awaited."""
        return self.handover.awaiting_street

    @property
    def needs_review(self):
        """What waits for the street office's sign-off: overrides not reviewed, back-dated acts not
        acknowledged (CAL-5), a handover to co-sign (AFT-2)."""
        return self.overrides_unreviewed + self.backdated_unacknowledged + int(self.handover_awaiting_street)

    @property
    def state_label(self):
        if self.election is None:
            return _("Deferred") if self.community.deferred else _("No election yet")
        return State(self.election.state).label

    @property
    def turnout_percent(self):
        return self.quorum.percent if self.quorum else None

    @property
    def elected(self):
        return self.result.elected if self.result and self.result.certified else None


def _current_elections(communities):
    """{community id: its regular election of the latest term} (a by-election shows on that election's pages),
    with the counts the row shows, in one query."""
    elections = {}
    rows = (Election.objects.filter(community_id__in=[c.pk for c in communities], is_rehearsal=False,
                                    kind=Election.Kind.REGULAR)
            .annotate(override_count=Count("overrides", distinct=True),
                      override_open=Count("overrides", distinct=True,
                                          filter=Q(overrides__reviewed_at__isnull=True)),
                      # CAL-5: acts entered long after their day, not yet acknowledged by the street.
                      backdated_count=Count("backdated_acts", distinct=True,
                                            filter=Q(backdated_acts__acknowledged_at__isnull=True)),
                      # CAL-4: postponed, and notices the new day sends back to the board.
                      postponement_count=Count("postponements", distinct=True),
                      repost_count=Count("notice_reposts", distinct=True,
                                         filter=Q(notice_reposts__reposted_on__isnull=True)))
            .order_by("community_id", "-term"))
    for election in rows:
        elections.setdefault(election.community_id, election)
    return elections


def _steps(elections, today):
    """{election id: [ChecklistRow]} from two queries."""
    done, reposts = defaultdict(dict), defaultdict(dict)
    ids = [e.pk for e in elections]  # plain ids: binding hundreds of model instances costs more than the query
    for step in StepCompletion.objects.filter(election_id__in=ids).select_related("actor"):
        done[step.election_id][step.step] = step
    for repost in NoticeRepost.objects.filter(election_id__in=ids, reposted_on__isnull=True):
        reposts[repost.election_id][repost.notice] = repost
    calendar = WorkdayCalendar()
    return {e.pk: checklist(e, today=today, calendar=calendar, done=done[e.pk], reposts=reposts[e.pk])
            for e in elections}


def street_rows(communities, today=None):
    """[StreetRow] for `communities` (a queryset or list), in their order, in a constant number of queries."""
    today = today or clock.today()
    communities = list(communities.select_related("street") if hasattr(communities, "select_related")
                       else communities)
    by_community = _current_elections(communities)
    elections = list(by_community.values())
    steps_of = _steps(elections, today)
    voting = [e for e in elections if e.state in QUORUM_STATES]
    decisive = decisive_rounds(voting, today)
    quorums = quorum_statuses(voting, rounds=decisive)
    results = results_summaries(elections)
    handovers = handover_states(elections)
    flags = dashboard_flags(elections, steps_of)  # AFT-2 overdue handovers, AFT-5 open complaints
    return [_row(community, by_community.get(community.pk), today, steps_of, decisive, quorums, results,
                 handovers, flags) for community in communities]


def _row(community, election, today, steps_of, decisive, quorums, results, handovers, flags):
    row = StreetRow(community=community, today=today, election=election)
    if election is None:
        return row
    steps = steps_of[election.pk]
    due = still_due(election, steps)
    row.steps, row.next = steps, next_deadline(due)
    row.overdue = sum(1 for r in due if r.status == "overdue")
    row.due_soon = sum(1 for r in due if not r.done and r.deadline and 0 <= (r.deadline.date - today).days < WEEK)
    row.done = sum(1 for r in steps if r.done)
    row.overrides, row.overrides_unreviewed = election.override_count, election.override_open
    row.backdated_unacknowledged = election.backdated_count
    row.postponements, row.reposts = election.postponement_count, election.repost_count
    row.result = results.get(election.pk)
    row.registered = row.result.registered if row.result else 0
    row.decisive_round, row.quorum = decisive.get(election.pk), quorums.get(election.pk)
    row.handover, row.flags = handovers[election.pk], flags.get(election.pk)
    return row


# --- filters and sorting ----------------------------------------------------------------------------------------

FILTERS = {
    "late": (_("Late"), lambda r: r.late),
    "week": (_("Due this week"), lambda r: r.due_this_week),
    "review": (_("Needs my review"), lambda r: r.needs_review > 0),
}


def filter_rows(rows, key):
    """The rows a filter of FILTERS keeps (all of them for an unknown or empty key)."""
    test = FILTERS.get(key, (None, None))[1]
    return [r for r in rows if test(r)] if test else list(rows)


def filter_counts(rows):
    return {key: sum(1 for r in rows if test(r)) for key, (_label, test) in FILTERS.items()}


_NONE_LAST = float("inf")


def _state_order(r):
    return ORDER.index(State(r.election.state)) if r.election else -1


SORTS = {
    "community": lambda r: r.community.code,
    "state": _state_order,
    "deadline": lambda r: r.days_left if r.days_left is not None else _NONE_LAST,
    "overdue": lambda r: r.overdue,
    "review": lambda r: r.needs_review,
    "registered": lambda r: r.registered,
    "turnout": lambda r: r.turnout_percent if r.turnout_percent is not None else -1,
    "elected": lambda r: r.elected if r.elected is not None else -1,
}


def sort_rows(rows, key):
    """Rows sorted by a key of SORTS, "-key" descending; by community code for an unknown key. Ties keep the
    community order."""
    descending = key.startswith("-")
    sort_key = SORTS.get(key.lstrip("-"))
    if sort_key is None:
        return sorted(rows, key=SORTS["community"])
    ordered = sorted(rows, key=SORTS["community"])
    if descending:
        # Rows without a figure stay last either way.
        return sorted(ordered, key=sort_key, reverse=True) if key != "-deadline" else sorted(
            ordered, key=lambda r: -r.days_left if r.days_left is not None else _NONE_LAST)
    return sorted(ordered, key=sort_key)
