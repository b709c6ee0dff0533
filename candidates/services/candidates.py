"""Formal candidates: decided at a recorded representatives meeting (CAN-4) with the differential margin per
position (CAN-5), withdrawn in writing and replaced (CAN-10), posted on time in stroke order (CAN-6); the
structure indicators of the list (SEAT-2, SEAT-4) and near relatives among them (CAN-9).

Formal candidates never change silently: the meeting decides them once (a supplementary meeting may add
candidates only while a withdrawal has left the margin short), and afterwards only `candidate_withdraw` changes
the list, in the audit log.
"""
from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.acts import act_check, act_record
from elections.audit import audit_log, model_state
from elections.checklist import step_done
from elections.legal_calendar import days_before
from elections.models import DatedAct, Election, Meeting, NoticeRepost, Position
from elections.rules.margin import margin_problems, maximum_candidates, required_candidates
from elections.rules.strokes import stroke_sort_key
from elections.services.errors import RuleViolation, RuleWarning
from elections.services.meetings import meeting_record
from elections.services.postponements import notice_reposted
from elections.states import State

from .. import eligibility
from ..models import Candidate, CandidatePosting, Nominee, Relation
from .nominations import nominee_reports

POSITION_ORDER = {p: i for i, p in enumerate(Position.values)}
PARTY_MEMBER = frozenset({"cpc", "probationary"})


def _today(today):
    return today or clock.today()


# --- reads -------------------------------------------------------------------------------------------------

def candidates_of(election, *, status=Candidate.Status.FORMAL):
    """Candidates of `election` with `status` (None: all), by position and then surname strokes (CAN-6)."""
    qs = Candidate.objects.filter(election=election).select_related("nominee__resident", "meeting", "replaces")
    if status is not None:
        qs = qs.filter(status=status)
    return sorted(qs, key=lambda c: (POSITION_ORDER[c.position], stroke_sort_key(c.nominee.resident.name)))


def formal_counts(election):
    counts = Counter(Candidate.objects.filter(election=election, status=Candidate.Status.FORMAL)
                     .values_list("position", flat=True))
    return {p: counts.get(p, 0) for p in Position.values}


@dataclass(frozen=True)
class MarginRow:
    position: str
    seats: int
    candidates: int
    needed: int
    most: int | None
    problem: str | None

    @property
    def label(self):
        return Position(self.position).label


def margin_status(election, counts=None):
    """CAN-5 per position: seats, formal candidates, the fewest (and most) allowed, and the problem if any."""
    counts = formal_counts(election) if counts is None else counts
    rules, rows = election.rules, []
    for position, seats in election.seats.items():
        problems = margin_problems({position: counts.get(position, 0)}, {position: seats}, rules)
        rows.append(MarginRow(str(position), seats, counts.get(position, 0),
                              required_candidates(position, seats, rules), maximum_candidates(position, seats, rules),
                              problems[0][1] if problems else None))
    return rows


def _margin_violation(election, counts):
    problems = margin_problems(counts, election.seats, election.rules)
    if problems:
        raise RuleViolation("CAN-5", "；".join(str(m) for _rule, m in problems))


def posting_last_day(election):
    """CAN-6: the last day the formal candidates may be posted: N days before election day (seed: 3)."""
    if election.election_date is None:
        return None
    return days_before(election.election_date, election.rules.candidates_days_before)


def latest_posting(election):
    return CandidatePosting.objects.filter(election=election).order_by("-at", "-id").first()


# --- the meeting that decides the formal candidates (CAN-4, CAN-5) -----------------------------------------

@dataclass
class VoteRow:
    """One nominee as voted on at the meeting: the position, the votes, and whether the meeting chose them."""

    nominee: Nominee
    position: str
    votes: int
    chosen: bool


def decision_open(election, counts=None):
    """CAN-4: a meeting may decide formal candidates while there are none, or while a withdrawal has left the
    margin short (a supplementary meeting adds candidates; it never removes one)."""
    counts = formal_counts(election) if counts is None else counts
    return not any(counts.values()) or bool(margin_problems(counts, election.seats, election.rules))


def posting_needed(election):
    """CAN-6 / CAN-10 / CAL-4: formal candidates keeping the margin, in a list other than the one last posted
    (or none was posted), or a postponement sent the posted list back to the notice board."""
    snapshot, previous = _posting_snapshot(election), latest_posting(election)
    if not snapshot or margin_problems(formal_counts(election), election.seats, election.rules):
        return False
    return previous is None or previous.candidates != snapshot or repost_needed(election) is not None


def repost_needed(election):
    """The open mark of a postponement that sent the posted candidates back to the board (CAL-4), or None."""
    return election.notice_reposts.filter(notice=NoticeRepost.Notice.CANDIDATES, reposted_on__isnull=True).first()


def _check_can_decide(election):
    if election.state != State.NOMINATION:
        raise RuleViolation("CAL-1", _("The formal candidates are decided in the nomination phase, after the "
                                       "voter list is posted."))
    counts = formal_counts(election)
    if not decision_open(election, counts):
        raise RuleViolation("CAN-4", _("The formal candidates are already decided; the list changes only through "
                                       "a written withdrawal (CAN-10)."))
    return counts


def _check_rows(election, rows, present):
    if not any(r.chosen for r in rows):
        raise RuleViolation("CAN-4", _("The meeting chose no formal candidate."))
    existing = {c.nominee_id: c for c in Candidate.objects.filter(election=election)}
    for row in rows:
        name = row.nominee.resident.name
        if row.nominee.election_id != election.pk:
            raise RuleViolation("CAN-4", _("%(name)s is not a nominee of this election.") % {"name": name})
        held = existing.get(row.nominee.pk)
        if held is not None and held.status != Candidate.Status.RESERVE:
            raise RuleViolation("CAN-4", _("%(name)s was already decided on (%(status)s).")
                                % {"name": name, "status": held.get_status_display()})
        if row.position not in row.nominee.positions_sought:
            raise RuleViolation("CAN-4", _("%(name)s was not nominated for %(position)s.")
                                % {"name": name, "position": Position(row.position).label})
        if not 0 <= row.votes <= present:
            raise RuleViolation("CAN-4", _("%(name)s: %(votes)s votes, but %(present)s representatives were "
                                           "present.") % {"name": name, "votes": row.votes, "present": present})
    return existing


def _check_chosen_ready(election, rows):
    """CAN-1, CAN-2, CAN-8: only a nominee who passes every check becomes a formal candidate."""
    # Read the nominees afresh under the election's lock: the rows may carry objects read before a check changed.
    chosen = (Nominee.objects.filter(pk__in=[r.nominee.pk for r in rows if r.chosen])
              .select_related("resident", "committee_member", "election").prefetch_related("negative_checks"))
    reports = nominee_reports(election, chosen)
    blockers = [(rule, message) for report in reports for rule, message in report.blockers]
    if blockers:
        raise RuleViolation(blockers[0][0], "；".join(str(m) for _r, m in blockers))


def _check_vote_order(rows):
    """CAN-4: the meeting decides by its votes: nobody left out has more votes than someone chosen."""
    for position in Position.values:
        chosen = [r for r in rows if r.position == position and r.chosen]
        passed = [r for r in rows if r.position == position and not r.chosen]
        if chosen and passed:
            low, high = min(chosen, key=lambda r: r.votes), max(passed, key=lambda r: r.votes)
            if high.votes > low.votes:
                raise RuleViolation("CAN-4", _(
                    "%(position)s: %(high)s (%(hv)s votes) is left out while %(low)s (%(lv)s votes) is chosen.")
                    % {"position": Position(position).label, "high": high.nominee.resident.name,
                       "hv": high.votes, "low": low.nominee.resident.name, "lv": low.votes})


def formal_candidates_decide(*, election, actor, held_on, representatives_total, present, rows, decision="",
                             votes_for=0, votes_against=0, abstentions=0):
    """Record the representatives meeting that decides the formal candidates (CAN-4) and its votes per nominee.

    `rows`: VoteRow per nominee voted on. The chosen become formal candidates, the others stay next in line
    (CAN-10). Refused unless every chosen nominee passes the checks and each position keeps the differential
    margin of the profile (CAN-5), counting the formal candidates already decided.
    """
    with transaction.atomic():
        # Lock the election: a second clerk's decision, a nomination or a withdrawal must wait for this one.
        election = Election.objects.select_for_update().get(pk=election.pk)
        counts = _check_can_decide(election)
        existing = _check_rows(election, rows, present)
        _check_chosen_ready(election, rows)
        _check_vote_order(rows)
        for row in rows:
            counts[row.position] += row.chosen
        _margin_violation(election, counts)
        # CAL-5: the meeting is not dated before the nominations of those it votes on (elections/acts.py).
        meeting = meeting_record(election=election, actor=actor, kind=Meeting.Kind.CANDIDATES, held_on=held_on,
                                 representatives_total=representatives_total, present=present, votes_for=votes_for,
                                 votes_against=votes_against, abstentions=abstentions, decision=decision,
                                 about=[row.nominee for row in rows])
        for row in rows:
            _save_vote(election, meeting, row, existing.get(row.nominee.pk), actor)
    return meeting


def _save_vote(election, meeting, row, candidate, actor):
    status = Candidate.Status.FORMAL if row.chosen else Candidate.Status.RESERVE
    before = model_state(candidate) if candidate else None
    if candidate is None:
        candidate = Candidate(election=election, nominee=row.nominee)
    candidate.position, candidate.meeting, candidate.votes, candidate.status = row.position, meeting, row.votes, status
    candidate.save()
    audit_log(actor=actor, action="elections.candidate.decided", obj=candidate, election=election, before=before,
              after=model_state(candidate))


# --- withdrawal and replacement (CAN-10) -------------------------------------------------------------------

@dataclass
class WithdrawalOutcome:
    withdrawn: Candidate
    replacement: Candidate | None
    # Why nobody took the place although the margin broke (a tie, or nobody next in line passes the checks).
    unfilled: str | None = None


def _next_in_line(election, position):
    """CAN-10: the reserve of `position` with most votes at the meeting who passes every check.

    Returns (candidate, None), or (None, why not): a tie for the most votes is for the meeting to decide.
    """
    reserves = sorted(Candidate.objects.filter(election=election, position=position,
                                               status=Candidate.Status.RESERVE).select_related("nominee__resident"),
                      key=lambda c: -c.votes)
    ready = {r.nominee.pk for r in nominee_reports(election, [c.nominee for c in reserves]) if r.ready}
    eligible = [c for c in reserves if c.nominee.pk in ready]
    if not eligible:
        return None, _("Nobody next in line for %(position)s passes the checks: a representatives meeting must "
                       "decide another candidate.") % {"position": Position(position).label}
    tied = [c for c in eligible if c.votes == eligible[0].votes]
    if len(tied) > 1:
        return None, _("%(names)s are tied with %(votes)s votes: a representatives meeting must decide.") % {
            "names": "、".join(c.nominee.resident.name for c in tied), "votes": tied[0].votes}
    return eligible[0], None


def candidate_withdraw(*, candidate, actor, withdrawn_on, statement, today=None):
    """CAN-10: a formal candidate withdraws in writing before election day. When that breaks the margin of
    the position (CAN-5), the next nominee by votes at the meeting takes the place."""
    today = _today(today)
    if not statement.strip():
        raise RuleViolation("CAN-10", _("A withdrawal is made in writing: record what the candidate wrote."))
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=candidate.election_id)
        candidate = Candidate.objects.select_for_update().select_related("nominee__resident").get(pk=candidate.pk)
        _check_withdrawal(election, candidate, withdrawn_on, today)
        before = model_state(candidate)
        candidate.status, candidate.withdrawn_on = Candidate.Status.WITHDRAWN, withdrawn_on
        candidate.withdrawal_statement = statement.strip()
        candidate.save(update_fields=["status", "withdrawn_on", "withdrawal_statement"])
        audit_log(actor=actor, action="elections.candidate.withdrawn", obj=candidate, election=election,
                  before=before, after=model_state(candidate))
        outcome = WithdrawalOutcome(candidate, None)
        counts = formal_counts(election)
        if margin_problems({candidate.position: counts[candidate.position]},
                           {candidate.position: election.seats[candidate.position]}, election.rules):
            outcome.replacement, outcome.unfilled = _replace(election, candidate, actor)
    return outcome


def _check_withdrawal(election, candidate, withdrawn_on, today):
    if candidate.status != Candidate.Status.FORMAL:
        raise RuleViolation("CAN-10", _("Only a formal candidate can withdraw."))
    if election.election_date is None or today >= election.election_date or withdrawn_on >= election.election_date:
        raise RuleViolation("CAN-10", _("A candidate withdraws before election day (%(day)s).")
                            % {"day": election.election_date.isoformat() if election.election_date else "—"})
    if withdrawn_on > today:
        raise RuleViolation("CAN-10", _("A withdrawal cannot be dated in the future."))


def _replace(election, withdrawn, actor):
    successor, why_not = _next_in_line(election, withdrawn.position)
    if successor is None:
        return None, why_not
    before = model_state(successor)
    successor.status, successor.replaces = Candidate.Status.FORMAL, withdrawn
    successor.save(update_fields=["status", "replaces"])
    audit_log(actor=actor, action="elections.candidate.replaced", obj=successor, election=election, before=before,
              after=model_state(successor), data={"withdrawn": withdrawn.pk})
    return successor, None


# --- posting (CAN-6) ---------------------------------------------------------------------------------------

def _posting_snapshot(election):
    return [{"candidate": c.pk, "name": c.nominee.resident.name, "position": c.position}
            for c in candidates_of(election)]


def _check_posting(election, snapshot, previous, posted_on, repost):
    if election.state not in (State.NOMINATION, State.VOTING):
        raise RuleViolation("CAL-1", _("The formal candidates are posted in the nomination phase."))
    if not snapshot:
        raise RuleViolation("CAN-4", _("The representatives meeting has not decided the formal candidates yet."))
    _margin_violation(election, formal_counts(election))
    if previous is not None:
        if previous.candidates == snapshot and repost is None:
            raise RuleViolation("CAN-6", _("This list was already posted on %(day)s.")
                                % {"day": previous.posted_on.isoformat()})
        if posted_on >= election.election_date:
            raise RuleViolation("CAN-10", _("The changed list is posted before election day."))
        return
    last_day = posting_last_day(election)
    if last_day is None or posted_on > last_day:
        # CAN-6, judged by the day it was posted (CAL-5).
        raise RuleViolation("CAN-6", _(
            "The formal candidates must be posted at least %(n)s days before election day (%(day)s): the last "
            "day was %(last)s.") % {"n": election.rules.candidates_days_before,
                                    "day": election.election_date.isoformat() if election.election_date else "—",
                                    "last": last_day.isoformat() if last_day else "—"}, field="posted_on")


def candidates_post(*, election, actor, posted_on=None):
    """CAN-6: post the formal candidates (in stroke order) on `posted_on` (default today), no later than N days
    before election day and not before the meeting that decided them (CAL-5).

    A list changed afterwards by a withdrawal and replacement (CAN-10), or sent back to the notice board by a
    postponement (CAL-4), is posted again, up to election day.
    """
    posted_on = posted_on or clock.today()
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        snapshot, previous, repost = _posting_snapshot(election), latest_posting(election), repost_needed(election)
        again = repost is not None and previous is not None and previous.candidates == snapshot
        act = DatedAct.CANDIDATES_REPOSTED if again else DatedAct.CANDIDATES_POSTED
        _check_posting(election, snapshot, previous, posted_on, repost)
        act_check(act, election=election, day=posted_on, field="posted_on")
        note = ""
        if previous is not None:
            note = (_("Posted again after the postponement (CAL-4).") if again
                    else _("Posted again after a withdrawal (CAN-10)."))
        posting = CandidatePosting.objects.create(election=election, posted_on=posted_on, candidates=snapshot,
                                                  posted_by=actor, note=note)
        notice_reposted(election=election, notice=NoticeRepost.Notice.CANDIDATES, posted_on=posted_on,
                        actor=actor)
        audit_log(actor=actor, action="elections.candidates.posted", obj=posting, election=election,
                  after=model_state(posting))
        step_done(election=election, step="candidates_posted", actor=actor, on=posted_on)
        act_record(act, election=election, day=posted_on, obj=posting, actor=actor)
    return posting


# --- structure indicators (SEAT-2, SEAT-4) and near relatives (CAN-9) --------------------------------------

def candidate_indicators(election, candidates=None):
    """SEAT-2 / SEAT-4 figures of the formal candidates (ages on election day), and the women warning."""
    candidates = candidates_of(election) if candidates is None else candidates
    day = election.election_date or clock.today()
    people = [c.nominee.resident for c in candidates]
    ages = [eligibility.age_on(p.birth_date, day) for p in people]
    education = Counter("college" if p.education in eligibility.COLLEGE_OR_ABOVE else
                        "senior" if p.education == "senior" else "below" for p in people)
    indicators = {
        "total": len(people),
        "women": sum(p.sex == "F" for p in people),
        "age_bands": Counter(eligibility.age_band(a) for a in ages),
        "average_age": round(sum(ages) / len(ages), 1) if ages else None,
        "education": education,
        "party_members": sum(p.political_status in PARTY_MEMBER for p in people),
        "young_graduates": sum(eligibility.is_young_graduate(p.birth_date, p.education, day) for p in people),
        "party_secretary": [c for c in candidates if c.nominee.is_party_secretary],
        "one_shoulder": [c for c in candidates if c.nominee.is_party_secretary and c.position == Position.CHAIR],
    }
    indicators["warnings"] = structure_warnings(election, indicators)
    return indicators


def structure_warnings(election, indicators):
    """SEAT-2: the profile wants a woman on the committee — warn when none stands. SEAT-4 targets as notes."""
    warnings = []
    if indicators["total"] and election.rules.require_woman and not indicators["women"]:
        warnings.append(RuleWarning("SEAT-2", _("No woman is among the formal candidates; the rule profile "
                                                "requires at least one woman on the committee.")))
    if indicators["total"] and not indicators["young_graduates"]:
        warnings.append(RuleWarning("SEAT-4", _("No formal candidate is 35 or under with a college degree.")))
    return warnings


@dataclass(frozen=True)
class RelativeFlag:
    relation: Relation
    message: str


def near_relative_flags(election):
    """CAN-9: near relatives among the nominees still standing, and relatives of them among the counting staff."""
    out = set(Candidate.objects.filter(election=election, status=Candidate.Status.WITHDRAWN)
              .values_list("nominee_id", flat=True))
    flags = []
    for rel in Relation.objects.filter(election=election).select_related("nominee__resident",
                                                                         "relative_nominee__resident"):
        if rel.nominee_id in out or (rel.role == Relation.Role.NOMINEE and rel.relative_nominee_id in out):
            continue
        params = {"a": rel.nominee.resident.name, "b": rel.relative_name, "kind": rel.kind}
        if rel.role == Relation.Role.NOMINEE:
            flags.append(RelativeFlag(rel, _("%(a)s and %(b)s are near relatives (%(kind)s): they may not both "
                                             "sit on the new committee.") % params))
        elif rel.role == Relation.Role.COUNTING_STAFF:
            flags.append(RelativeFlag(rel, _("%(b)s (%(kind)s of %(a)s) may not count or scrutinise this "
                                             "election.") % params))
    return flags


def counting_staff_conflicts(election, names):
    """CAN-9, VOTE-6: which of `names` (counting or scrutinising staff) may not serve: candidates still standing
    and their recorded near relatives. {name: reason}. For the counting feature."""
    standing = {c.nominee.resident.name for c in candidates_of(election, status=None)
                if c.status != Candidate.Status.WITHDRAWN}
    relatives = {r.relative_name: r for r in Relation.objects.filter(election=election)
                 .select_related("nominee__resident") if r.nominee.resident.name in standing}
    conflicts = {}
    for name in names:
        if name in standing:
            conflicts[name] = _("%(name)s is a candidate.") % {"name": name}
        elif name in relatives:
            rel = relatives[name]
            conflicts[name] = _("%(name)s is a near relative (%(kind)s) of the candidate %(candidate)s.") % {
                "name": name, "kind": rel.kind, "candidate": rel.nominee.resident.name}
    return conflicts
