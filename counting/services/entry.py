"""Tally entry of a ballot box (VOTE-6, VOTE-8), in the way the committee chooses for the box: ballot by
ballot (one line per paper ballot: marks per candidate, names written in, an invalid reason) or the totals per
candidate from the counters' sheet (计票单), with the ballots in the box, valid, invalid and blank.

Each box is typed twice (services/matching.py): the first and the second entry by two different people — the
one who typed one entry of a box is refused the other. A typist types only their own entry.
"""
from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.services.errors import RuleViolation
from elections.services.overrides import record_overrides

from .. import lines as line_codes
from ..checks import plausibility_warnings, totals_problems
from ..figures import entry_figures
from ..models import BallotLine, CountRound, TallyBox, TallyEntry
from ..people import formal_name_keys
from .common import check_counting, check_round_open, locked_election
from .matching import box_compare

Role = TallyEntry.Role
Status = TallyEntry.Status
MAX_SERIAL = 12
_RENUMBER_OFFSET = 1_000_000


def _user_name(user):
    return user.get_full_name() or user.username if user is not None else "—"


# --- boxes -------------------------------------------------------------------------------------------------

def box_open(*, count_round, station, mode, actor):
    """Open the count of `station`'s ballot box in the round, to be entered in `mode` (ballots or totals)."""
    if mode not in TallyBox.Mode.values:
        raise RuleViolation("VOTE-6", _("Choose how the box is entered: ballot by ballot or totals."),
                            field="mode")
    with transaction.atomic():
        election = locked_election(count_round.election)
        check_counting(election)
        count_round = CountRound.objects.select_for_update().select_related("round").get(pk=count_round.pk)
        check_round_open(count_round)
        if station.election_id != election.pk:
            raise RuleViolation("VOTE-2", _("That polling station belongs to another election."))
        if TallyBox.objects.filter(count_round=count_round, station=station).exists():
            raise RuleViolation("VOTE-6", _("The count of %(station)s is already open.")
                                % {"station": station})
        box = TallyBox.objects.create(count_round=count_round, station=station, mode=mode, opened_by=actor)
        audit_log(actor=actor, action="counting.box.opened", obj=box, election=election,
                  data={"round": count_round.round.number, "station": station.name, "mode": mode})
    return box


def box_open_current(*, election, station, mode, actor):
    """Open a box of the election's current round; the first round's count is attached on first use."""
    from .rounds import current_count_round

    with transaction.atomic():
        check_counting(locked_election(election))
        count_round = current_count_round(election=election, actor=actor)
        return box_open(count_round=count_round, station=station, mode=mode, actor=actor)


def _locked_box(box):
    box = (TallyBox.objects.select_for_update()
           .select_related("count_round__round", "count_round__election", "station").get(pk=box.pk))
    check_counting(box.count_round.election)
    check_round_open(box.count_round)
    return box


def box_reopen(*, box, actor, reason):
    """Start the double entry of a box afresh (a mistake found after it was agreed, before the round closed):
    every entry is discarded, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOTE-6", _("Give the reason."), field="reason")
    with transaction.atomic():
        box = _locked_box(box)
        now = clock.now()
        box.entries.exclude(status=Status.DISCARDED).update(status=Status.DISCARDED, discarded_at=now,
                                                            discarded_by=actor, discard_reason=reason)
        box.differences.all().delete()
        box.status, box.agreed_entry, box.agreed_at = TallyBox.Status.OPEN, None, None
        box.first_by = box.second_by = None
        box.save(update_fields=["status", "agreed_entry", "agreed_at", "first_by", "second_by"])
        audit_log(actor=actor, action="counting.box.reopened", obj=box, election=box.count_round.election,
                  data={"reason": reason})
    return box


# --- entries ---------------------------------------------------------------------------------------------

def entry_start(*, box, actor):
    """Take the first or the second entry of a box (or go back to one's own entry being typed). Double entry:
    whoever typed one entry of the box is refused the other."""
    if actor is None or not actor.is_authenticated:
        raise RuleViolation("VOTE-6", _("Tally entry needs a signed-in person: double entry compares two "
                                        "people."))
    with transaction.atomic():
        box = _locked_box(box)
        if box.status == TallyBox.Status.AGREED:
            raise RuleViolation("VOTE-6", _("The count of this box is agreed."))
        live = {e.role: e for e in box.entries.exclude(status=Status.DISCARDED).exclude(role=Role.AGREED)}
        mine = [e for e in live.values() if e.entered_by_id == actor.pk]
        if mine and mine[0].status == Status.DRAFT:
            return mine[0]
        if mine:
            raise RuleViolation("VOTE-6", _("You typed the %(entry)s of this box: the other entry must be "
                                            "typed by someone else (double entry).")
                                % {"entry": mine[0].get_role_display()})
        role = Role.FIRST if Role.FIRST not in live else Role.SECOND if Role.SECOND not in live else None
        if role is None:
            raise RuleViolation("VOTE-6", _("Both entries of this box are taken."))
        entry = TallyEntry.objects.create(box=box, role=role, entered_by=actor)
        setattr(box, "first_by" if role == Role.FIRST else "second_by", actor)
        box.save(update_fields=["first_by", "second_by"])
        audit_log(actor=actor, action="counting.entry.started", obj=entry, election=box.count_round.election,
                  data={"station": box.station.name, "role": role})
    return entry


def _locked_draft(entry, actor, mode=None):
    """The entry, locked, if `actor` may type into it now."""
    box = _locked_box(entry.box)
    entry = TallyEntry.objects.select_for_update().get(pk=entry.pk)
    entry.box = box
    if entry.status != Status.DRAFT:
        raise RuleViolation("VOTE-6", _("This entry is finished; it can no longer change."))
    if actor is None or entry.entered_by_id != actor.pk:
        raise RuleViolation("VOTE-6", _("This entry is being typed by %(name)s; only they type into it.")
                            % {"name": _user_name(entry.entered_by)})
    if mode is not None and box.mode != mode:
        raise RuleViolation("VOTE-6", _("This box is entered as “%(mode)s”.")
                            % {"mode": box.get_mode_display()})
    return entry


def contest_ids(count_round):
    """{position: [candidate ids on the round's ballot]}."""
    ids = {}
    for contest in count_round.contests:
        ids.setdefault(contest["position"], []).extend(
            line_codes.candidate_id_of(k) for k in contest["candidates"] if line_codes.candidate_id_of(k))
    return ids


def _check_line(line, contests, write_ins_allowed):
    for position, marks in line.marks.items():
        allowed = contests.get(position)
        if allowed is None or any(c not in allowed for c in marks) or any(m not in line_codes.MARKS
                                                                         for m in marks.values()):
            raise RuleViolation("VOTE-8", _("A mark is for someone not on this round's ballot."))
    for position, names in line.write_ins.items():
        if names and (position not in contests or not write_ins_allowed):
            raise RuleViolation("VOTE-8", _("This ballot has no write-in rows for %(position)s.")
                                % {"position": position})
    if len(line.serial) > MAX_SERIAL or line.invalid_reason not in BallotLine.Invalid.values:
        raise RuleViolation("VOTE-8", _("Unknown serial number or invalid reason."))


def _checked(entry, lines):
    count_round = entry.box.count_round
    contests = contest_ids(count_round)
    write_ins = count_round.purpose != CountRound.Purpose.TIE_BREAK  # a tie-break is among the tied only
    for line in lines:
        _check_line(line, contests, write_ins)
    return lines


def lines_add(*, entry, lines, actor):
    """Append ballot lines (counting.lines.Line) to the entry, numbered on from its last line."""
    with transaction.atomic():
        entry = _locked_draft(entry, actor, TallyBox.Mode.BALLOTS)
        lines = _checked(entry, list(lines))
        start = (entry.lines.aggregate(n=Max("number"))["n"] or 0) + 1
        BallotLine.objects.bulk_create([
            BallotLine(entry=entry, number=start + i, serial=line.serial.strip(), marks=line.encode(),
                       invalid_reason=line.invalid_reason) for i, line in enumerate(lines)], batch_size=1000)
        audit_log(actor=actor, action="counting.lines.added", obj=entry,
                  election=entry.box.count_round.election, data={"from": start, "to": start + len(lines) - 1})
    return start, start + len(lines) - 1


def line_replace(*, entry, number, line, actor):
    """Correct one typed line of one's own entry."""
    with transaction.atomic():
        entry = _locked_draft(entry, actor, TallyBox.Mode.BALLOTS)
        _checked(entry, [line])
        row = BallotLine.objects.filter(entry=entry, number=number).first()
        if row is None:
            raise RuleViolation("VOTE-6", _("There is no line %(n)s.") % {"n": number})
        before = {"serial": row.serial, "marks": row.marks, "invalid": row.invalid_reason}
        row.serial, row.marks, row.invalid_reason = line.serial.strip(), line.encode(), line.invalid_reason
        row.save(update_fields=["serial", "marks", "invalid_reason"])
        audit_log(actor=actor, action="counting.line.corrected", obj=entry,
                  election=entry.box.count_round.election, before=before,
                  after={"serial": row.serial, "marks": row.marks, "invalid": row.invalid_reason},
                  data={"line": number})
    return row


def line_delete(*, entry, number, actor):
    """Delete a line typed by mistake; the lines after it move up, so the entry stays in the order of the
    paper stack (the two entries are compared line by line)."""
    with transaction.atomic():
        entry = _locked_draft(entry, actor, TallyBox.Mode.BALLOTS)
        deleted, _rows = BallotLine.objects.filter(entry=entry, number=number).delete()
        if not deleted:
            raise RuleViolation("VOTE-6", _("There is no line %(n)s.") % {"n": number})
        # Two steps, so that no two lines share a number in between (the unique constraint is checked per
        # row).
        later = BallotLine.objects.filter(entry=entry, number__gt=number)
        later.update(number=F("number") + _RENUMBER_OFFSET)
        BallotLine.objects.filter(entry=entry, number__gt=_RENUMBER_OFFSET).update(
            number=F("number") - _RENUMBER_OFFSET - 1)
        audit_log(actor=actor, action="counting.line.deleted", obj=entry,
                  election=entry.box.count_round.election, data={"line": number})


def _clean_totals(entry, totals):
    count_round = entry.box.count_round
    contests = {p: {line_codes.candidate_key(c) for c in ids} for p, ids in contest_ids(count_round).items()}
    write_ins = count_round.purpose != CountRound.Purpose.TIE_BREAK  # a tie-break is among the tied only
    clean = {}
    for position, counts in totals.items():
        for key, votes in counts.items():
            if position not in contests or votes is None:
                raise RuleViolation("VOTE-8", _("There is no such position on this ballot."))
            written = key.startswith("w:") and key[2:].strip()
            if key not in contests[position] and not (written and write_ins):
                raise RuleViolation("VOTE-8", _("A count is for someone not on this round's ballot."))
            if int(votes) < 0:
                raise RuleViolation("VOTE-6", _("Counts cannot be negative."))
            if int(votes):
                key = line_codes.write_in_key(key[2:].strip()) if written else key
                clean.setdefault(position, {})[key] = clean.get(position, {}).get(key, 0) + int(votes)
    return clean


def totals_save(*, entry, actor, returned, valid, invalid, blank=0, totals=None):
    """Save (or correct) the totals of one's own entry from the counters' sheet: {position: {key: approvals}}
    with keys "c<candidate id>" or "w:<name written in>"."""
    with transaction.atomic():
        entry = _locked_draft(entry, actor, TallyBox.Mode.TOTALS)
        entry.returned, entry.valid, entry.invalid, entry.blank = returned, valid, invalid, blank or 0
        entry.totals = _clean_totals(entry, totals or {})
        entry.save(update_fields=["returned", "valid", "invalid", "blank", "totals"])
        audit_log(actor=actor, action="counting.totals.saved", obj=entry,
                  election=entry.box.count_round.election,
                  after={"returned": returned, "valid": valid, "invalid": invalid, "blank": entry.blank,
                         "totals": entry.totals})
    return entry


def _issued_at(box):
    from polling.selectors import station_counts

    return station_counts(box.count_round.round).get(box.station_id, 0)


def _finish_ballots(entry, returned):
    if returned is not None:
        entry.returned = returned
    typed = entry.lines.count()
    if entry.returned is None:
        raise RuleViolation("VOTE-6", _("Enter the number of ballots found in the box."), field="returned")
    if typed != entry.returned:
        raise RuleViolation("VOTE-6", _("%(typed)s ballots typed, but %(returned)s were found in the box: "
                                        "the totals do not add up.")
                            % {"typed": typed, "returned": entry.returned}, field="returned")
    figures = entry_figures(entry, formal_name_keys(entry.box.count_round.election))
    entry.valid, entry.invalid, entry.blank = figures.valid, figures.invalid, figures.blank


def entry_submit(*, entry, actor, returned=None, reason=""):
    """Finish one's entry: the totals must add up (hard); plausibility warnings (VOTE-7, VOTE-8) need a
    written
    reason. When both entries are finished they are compared (double entry)."""
    with transaction.atomic():
        entry = _locked_draft(entry, actor)
        box, count_round = entry.box, entry.box.count_round
        if box.mode == TallyBox.Mode.BALLOTS:
            _finish_ballots(entry, returned)
        else:
            problems = totals_problems(returned=entry.returned, valid=entry.valid, invalid=entry.invalid,
                                       blank=entry.blank, totals=entry.totals, seats=count_round.seats)
            if problems:
                raise RuleViolation(problems[0][0], "；".join(str(m) for _r, m in problems))
        warnings = plausibility_warnings(station=box.station.name, returned=entry.returned,
                                         invalid=entry.invalid, blank=entry.blank or 0,
                                         issued=_issued_at(box), rules=count_round.election.rules)
        record_overrides(election=count_round.election, warnings=warnings, reason=reason, actor=actor,
                         obj=entry)
        entry.status, entry.submitted_at = Status.SUBMITTED, clock.now()
        entry.save(update_fields=["status", "submitted_at", "returned", "valid", "invalid", "blank"])
        audit_log(actor=actor, action="counting.entry.submitted", obj=entry, election=count_round.election,
                  after={"returned": entry.returned, "valid": entry.valid, "invalid": entry.invalid,
                         "blank": entry.blank}, data={"warnings": [w.rule for w in warnings]})
        box_compare(box=box, actor=actor)
    return entry


def entry_discard(*, entry, actor, reason):
    """Set aside one entry of a box that is not agreed yet (say, typed out of the order of the paper stack),
    so
    that it is typed again; a coordinator's decision, with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOTE-6", _("Give the reason for discarding the entry."), field="reason")
    with transaction.atomic():
        box = _locked_box(entry.box)
        entry = TallyEntry.objects.select_for_update().get(pk=entry.pk)
        settled = box.status == TallyBox.Status.AGREED or entry.role == Role.AGREED
        if settled or entry.status == Status.DISCARDED:
            raise RuleViolation("VOTE-6", _("Only an entry of a box not yet agreed can be discarded."))
        entry.status, entry.discarded_at, entry.discarded_by = Status.DISCARDED, clock.now(), actor
        entry.discard_reason = reason
        entry.save(update_fields=["status", "discarded_at", "discarded_by", "discard_reason"])
        box.differences.all().delete()
        setattr(box, "first_by" if entry.role == Role.FIRST else "second_by", None)
        box.status = TallyBox.Status.OPEN
        box.save(update_fields=["status", "first_by", "second_by"])
        audit_log(actor=actor, action="counting.entry.discarded", obj=entry,
                  election=box.count_round.election,
                  data={"reason": reason, "role": entry.role, "entered_by": entry.entered_by_id})
    return entry
