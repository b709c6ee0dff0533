"""Creating elections, changing their settings, and moving them through the state machine (CAL-1, CAL-2).

Election day is set freely until the voter list is posted — with a warning when the day leaves no time to post
the list and the candidates by their deadlines (VOT-5, CAN-6) — and afterwards only by a street-office
postponement (CAL-4, elections/services/postponements.py).
"""
import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from .. import clock
from ..audit import audit_log, model_state
from ..checklist import step_done
from ..models import Election, ElectionStateChange, NoticeRepost
from ..states import RESULT_CERTIFIED, State, is_backward, move_of
from .committee import committee_problems
from .errors import RuleViolation, RuleWarning
from .overrides import record_overrides

SETTINGS_FIELDS = ["election_date", "start_time", "place", "vice_chair_seats", "member_seats"]


def seat_plan_problems(*, vice_chair_seats, member_seats, rules):
    """SEAT-1: 5–9 seats, one chair, vice-chairs within the profile's range, 3–7 members."""
    problems = []
    if not rules.vice_chairs_min <= vice_chair_seats <= rules.vice_chairs_max:
        problems.append(_("Vice-chairs must number %(min)s to %(max)s under the rule profile, not %(n)s.")
                        % {"min": rules.vice_chairs_min, "max": rules.vice_chairs_max, "n": vice_chair_seats})
    if not 3 <= member_seats <= 7:
        problems.append(_("Members must number 3 to 7, not %(n)s.") % {"n": member_seats})
    total = 1 + vice_chair_seats + member_seats
    if not 5 <= total <= 9:
        problems.append(_("The committee must have 5 to 9 seats in all, not %(n)s.") % {"n": total})
    return problems


def by_election_seat_problems(*, chair_seats, vice_chair_seats, member_seats):
    """AFT-6: a by-election elects at least one seat, and at most the one chair; the 5–9 of SEAT-1 is the whole
    committee's, not the by-election's."""
    problems = []
    if chair_seats > 1:
        problems.append(_("A committee has one chair."))
    if chair_seats + vice_chair_seats + member_seats < 1:
        problems.append(_("A by-election elects at least one seat."))
    return problems


def _check_seat_plan(vice_chair_seats, member_seats, rules, *, by_election=False, chair_seats=1):
    if by_election:
        problems = by_election_seat_problems(chair_seats=chair_seats, vice_chair_seats=vice_chair_seats,
                                             member_seats=member_seats)
        rule = "AFT-6"
    else:
        problems = seat_plan_problems(vice_chair_seats=vice_chair_seats, member_seats=member_seats, rules=rules)
        rule = "SEAT-1"
    if problems:
        raise RuleViolation(rule, "；".join(problems))


# --- election day and the posting deadlines (VOT-5, CAN-6) ---------------------------------------------------

# The notices whose posting counts from election day: (notice, checklist step, rule, profile days).
POSTED_NOTICES = (
    (NoticeRepost.Notice.VOTER_LIST, "voter_list_published", "VOT-5", "voter_list_days_before"),
    (NoticeRepost.Notice.CANDIDATES, "candidates_posted", "CAN-6", "candidates_days_before"),
)


def notice_posted_on(election, notice):
    """The day `notice` was last posted — at first (its checklist step) or again after a postponement — or
    None when it is not posted."""
    step = dict((n, s) for n, s, _r, _d in POSTED_NOTICES)[notice]
    days = list(election.steps_done.filter(step=step).values_list("done_on", flat=True))
    days += election.notice_reposts.filter(notice=notice, reposted_on__isnull=False).values_list(
        "reposted_on", flat=True)
    return max(days) if days else None


def earliest_election_day(election):
    """{rule: the earliest election day that rule allows}, given today and what is already posted: a notice
    posted on P allows P + N days; one not posted yet can be posted today at the earliest."""
    today, rules = clock.today(), election.rules
    return {rule: (notice_posted_on(election, notice) or today) + datetime.timedelta(days=getattr(rules, days))
            for notice, _s, rule, days in POSTED_NOTICES}


def posting_deadline_warnings(election, day):
    """VOT-5, CAN-6 (warn): election day `day` can no longer be met by the voter list or the formal candidates
    being posted N days before it. Each warning names the earliest possible election day."""
    if day is None:
        return []
    earliest_by_rule = earliest_election_day(election)
    earliest = max(earliest_by_rule.values())
    warnings = []
    for notice, _s, rule, days in POSTED_NOTICES:
        if day >= earliest_by_rule[rule]:
            continue
        values = {"day": day.isoformat(), "n": getattr(election.rules, days), "earliest": earliest.isoformat(),
                  "today": clock.today().isoformat(), "posted": ""}
        posted = notice_posted_on(election, notice)
        if posted:
            values["posted"] = posted.isoformat()
            message = (_("Election day %(day)s is less than %(n)s days after the voter list was posted on "
                         "%(posted)s: the earliest possible election day is %(earliest)s.")
                       if rule == "VOT-5" else
                       _("Election day %(day)s is less than %(n)s days after the formal candidates were posted "
                         "on %(posted)s: the earliest possible election day is %(earliest)s."))
        else:
            message = (_("Election day %(day)s leaves no time to post the voter list %(n)s days before it (today "
                         "is %(today)s): the earliest possible election day is %(earliest)s.")
                       if rule == "VOT-5" else
                       _("Election day %(day)s leaves no time to post the formal candidates %(n)s days before it "
                         "(today is %(today)s): the earliest possible election day is %(earliest)s."))
        warnings.append(RuleWarning(rule, message % values))
    return warnings


def election_day_locked(election):
    """CAL-4: once the voter list is posted, election day moves only by a street-office postponement."""
    return election.steps_done.filter(step="voter_list_published").exists()


# --- creating and changing an election --------------------------------------------------------------------

def election_create(*, community, term, profile, actor, vice_chair_seats=1, member_seats=3, is_rehearsal=False,
                    election_date=None, start_time=None, place="", override_reason="", completes=None,
                    chair_seats=1, committee_in_office=()):
    """A new election. An election day that leaves no time for the posting deadlines (VOT-5, CAN-6) is a
    warning: it is accepted only with a written `override_reason`, recorded as an override. With `completes`
    (another election of the community) it is a by-election (AFT-6) of that election's term for the seats
    given, keeping `committee_in_office` ([{"name", "sex", "position"}]) and the frozen rule profile of the
    election it completes (the same rules)."""
    if community.deferred and not is_rehearsal:
        # ORG-5: a deferred community cannot open its election.
        raise RuleViolation("ORG-5", _("The election of this community is deferred: %(reason)s")
                            % {"reason": community.deferred_reason})
    by_election = completes is not None
    _check_seat_plan(vice_chair_seats, member_seats, profile, by_election=by_election, chair_seats=chair_seats)
    if by_election:
        assert completes.community_id == community.pk and completes.term == term, completes
    elif not is_rehearsal and Election.objects.filter(community=community, term=term, is_rehearsal=False,
                                                      kind=Election.Kind.REGULAR).exists():
        raise RuleViolation("", _("This community already has an election for term %(term)s.") % {"term": term})
    with transaction.atomic():
        election = Election.objects.create(
            community=community, term=term, profile=profile,
            profile_snapshot=completes.profile_snapshot if by_election else profile.snapshot(),
            kind=Election.Kind.BY_ELECTION if by_election else Election.Kind.REGULAR, completes=completes,
            chair_seats=chair_seats if by_election else 1, committee_in_office=list(committee_in_office),
            vice_chair_seats=vice_chair_seats, member_seats=member_seats, is_rehearsal=is_rehearsal,
            election_date=election_date, start_time=start_time, place=place, created_by=actor,
        )
        audit_log(actor=actor, action="elections.election.created", obj=election, after=model_state(election))
        record_overrides(election=election, warnings=posting_deadline_warnings(election, election_date),
                         reason=override_reason, actor=actor, obj=election)
        if election_date:
            step_done(election=election, step="election_day_set", actor=actor)
    return election


def election_update(*, election, actor, override_reason="", **changes):
    """Change election day, time, place or seat plan. Election day changes here only until the voter list is
    posted (CAL-2; afterwards by a postponement, CAL-4), with a warning to confirm with `override_reason` when
    it leaves no time for the posting deadlines (VOT-5, CAN-6); the seat plan is fixed once candidates are
    being nominated."""
    unknown = set(changes) - set(SETTINGS_FIELDS)
    assert not unknown, unknown
    with transaction.atomic():
        election = Election.objects.select_for_update().get(pk=election.pk)
        before = model_state(election, SETTINGS_FIELDS)
        changed = {k: v for k, v in changes.items() if getattr(election, k) != v}
        if "election_date" in changed and election_day_locked(election):
            raise RuleViolation("CAL-4", _("The voter list is posted: election day now changes only by a "
                                           "street-office decision to postpone the election."),
                                field="election_date")
        if {"vice_chair_seats", "member_seats"} & set(changed) and election.state not in (
                State.PREPARATION, State.REGISTRATION):
            raise RuleViolation("SEAT-1", _("The seat plan cannot change once nomination has begun."))
        if election.state in RESULT_CERTIFIED:
            raise RuleViolation("AFT-1", _("A certified election cannot be changed."))
        if {"vice_chair_seats", "member_seats"} & set(changed) and election.is_by_election:
            raise RuleViolation("AFT-6", _("A by-election's seats are the vacancies it was called for."))
        for key, value in changed.items():
            setattr(election, key, value)
        _check_seat_plan(election.vice_chair_seats, election.member_seats, election.rules,
                         by_election=election.is_by_election, chair_seats=election.chair_seats)
        if not changed:
            return election
        if changed.get("election_date"):
            record_overrides(election=election, reason=override_reason, actor=actor, obj=election,
                             warnings=posting_deadline_warnings(election, changed["election_date"]))
        election.save(update_fields=list(changed))
        audit_log(actor=actor, action="elections.election.updated", obj=election, before=before,
                  after=model_state(election, SETTINGS_FIELDS))
        if election.election_date:
            step_done(election=election, step="election_day_set", actor=actor)
    return election


def _step(election, key):
    return election.steps_done.filter(step=key).exists()


def _guard_open_registration(election):
    problems = []
    if election.community.deferred and not election.is_rehearsal:
        problems.append(("ORG-5", _("The community's election is deferred.")))
    problems += [("ORG-2", p) for p in committee_problems(election)]
    if not election.meetings.filter(kind="committee").exists():
        problems.append(("ORG-3", _("Record the representatives meeting that chose the election committee.")))
    if not election.method or not election.method_meeting_id:
        problems.append(("MTH-1", _("The representatives meeting must decide the election method first.")))
    if not election.election_date:
        problems.append(("CAL-2", _("Fix election day before voter registration opens.")))
    return problems


def _guard_step(key, rule, message):
    def guard(election):
        return [] if _step(election, key) else [(rule, message)]
    return guard


def _guard_not_step(key, rule, message):
    def guard(election):
        return [(rule, message)] if _step(election, key) else []
    return guard


# The guards of the generic moves (ALLOWED_TRANSITIONS entries without a door). Apps above this one add theirs
# with register_guard (e.g. polling: no going back to nomination once a ballot is issued).
GUARDS = {
    (State.PREPARATION, State.REGISTRATION): [_guard_open_registration],
    (State.REGISTRATION, State.NOMINATION): [
        _guard_step("voter_list_published", "VOT-5", _("Post the voter list first."))],
    (State.NOMINATION, State.VOTING): [
        _guard_step("candidates_posted", "CAN-6", _("Post the formal candidates first."))],
    (State.REGISTRATION, State.PREPARATION): [
        _guard_not_step("voter_list_published", "VOT-10",
                        _("The voter list is posted; it changes only through supplementary lists."))],
    (State.NOMINATION, State.REGISTRATION): [
        _guard_not_step("candidates_posted", "CAN-6", _("The formal candidates are already posted."))],
}
_REGISTERED_GUARDS = {}
_DOOR_CHECKS = {}


def register_guard(src, dst, guard):
    """An app above this one adds a guard `guard(election) -> [(rule, message)]` to a generic move."""
    assert move_of(src, dst) is not None and move_of(src, dst).generic, (src, dst)
    _REGISTERED_GUARDS.setdefault((State(src), State(dst)), []).append(guard)


def register_door_check(door, check):
    """The service behind `door` tells what stops it now, `check(election) -> [(rule, message)]`: the overview
    shows it beside the door's link, and the service itself refuses on the same list."""
    _DOOR_CHECKS[door] = check


def door_problems(election, door):
    check = _DOOR_CHECKS.get(door)
    return list(check(election)) if check else []


def transition_problems(election, to):
    """[(rule, message)] that stop `election` from moving to `to` now; empty when it may. For a move taken
    through a door, what stops its (first) door."""
    src = State(election.state)
    move = move_of(src, to)
    if move is None:
        return [("CAL-1", _("An election cannot move from “%(src)s” to “%(dst)s”.")
                 % {"src": src.label, "dst": State(to).label})]
    if not move.generic:
        return door_problems(election, move.doors[0])
    guards = GUARDS.get((src, State(to)), []) + _REGISTERED_GUARDS.get((src, State(to)), [])
    return [p for guard in guards for p in guard(election)]


def election_transition(*, election, to, actor, reason="", door="", rule=""):
    """Move the election to state `to` (CAL-1), recording who, when, why and through which door.

    A move the table gives a door is made only by that door's service, which passes `door` and has checked its
    own rules; a generic move is checked here against the table's guards. `rule`: the rule a door's move rests
    on when it is more precise than the table's (a repeated round: VOTE-4, VOTE-7 or VOTE-13)."""
    with transaction.atomic():
        # Lock: two clerks pressing the button at once must not both move the election.
        election = Election.objects.select_for_update().select_related("community").get(pk=election.pk)
        if election.is_restored:
            raise RuleViolation("AFT-4", _("This election was restored from its archive: it is a read-only "
                                           "record and cannot change."))
        src = State(election.state)
        move = move_of(src, to)
        if move is None:
            raise RuleViolation("CAL-1", _("An election cannot move from “%(src)s” to “%(dst)s”.")
                                % {"src": src.label, "dst": State(to).label})
        if move.generic:
            assert not door, f"{src}→{to} is a generic move, not a door's ({door})"
            problems = transition_problems(election, to)
            if problems:
                raise RuleViolation(problems[0][0], "；".join(str(m) for _r, m in problems))
            if is_backward(src, to) and not reason.strip():
                raise RuleViolation("CAL-1", _("Going back a step needs a written reason."))
        elif door not in move.doors:
            # One door per step: the generic advance (or any other caller) cannot take this one.
            raise RuleViolation(move.rule, _("“%(dst)s” is reached only through its own step: %(label)s.")
                                % {"dst": State(to).label, "label": move.label})
        election.state = to
        election.save(update_fields=["state"])
        ElectionStateChange.objects.create(election=election, from_state=src, to_state=to, actor=actor,
                                           reason=reason, door=door, rule=rule or move.rule)
        audit_log(actor=actor, action="elections.election.transitioned", obj=election,
                  before={"state": str(src)}, after={"state": str(to)},
                  data={"reason": reason, "door": door, "rule": rule or move.rule})
    return election
