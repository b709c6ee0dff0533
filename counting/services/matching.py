"""Double entry (VOTE-6), as the paper-count systems Tally-Ho and Abacus do it: each box is typed twice by two
different people; when both are finished the entries are compared field by field. Equal: the box is agreed and
the first entry counts. Different: each differing field is listed, and a coordinator — checking the paper —
says which entry is right, with the reason; when every difference is resolved, the agreed entry is built from
the first with the chosen values, and only that counts.
"""
from django.db import transaction
from django.utils.translation import gettext as _

from elections import clock
from elections.audit import audit_log
from elections.services.errors import RuleViolation

from .. import lines as line_codes
from ..models import BallotLine, TallyBox, TallyDifference, TallyEntry
from .common import check_counting, check_round_open

BOX_FIELDS = ("returned", "valid", "invalid", "blank")


def flatten_entry(entry):
    """{field key: text} of everything an entry says, leaving out zeros and empty marks."""
    if entry.box.mode == TallyBox.Mode.TOTALS:
        flat = {f: str(getattr(entry, f)) for f in BOX_FIELDS if getattr(entry, f) is not None}
        for position, counts in (entry.totals or {}).items():
            flat.update({f"votes:{position}:{key}": str(n) for key, n in counts.items() if n})
        return flat
    flat = {"returned": str(entry.returned)} if entry.returned is not None else {}
    rows = entry.lines.values_list("number", "serial", "marks", "invalid_reason")
    for number, serial, marks, invalid in rows:
        flat.update(line_codes.flatten_line(number, line_codes.decode(marks, serial, invalid)))
    return flat


def _live(box, role):
    return box.entries.exclude(status=TallyEntry.Status.DISCARDED).filter(role=role).first()


def box_compare(*, box, actor):
    """Compare the two finished entries of `box` (call with the box locked): agreed, or its differences."""
    first, second = _live(box, TallyEntry.Role.FIRST), _live(box, TallyEntry.Role.SECOND)
    if not (first and second and first.status == second.status == TallyEntry.Status.SUBMITTED):
        return box
    a, b = flatten_entry(first), flatten_entry(second)
    keys = line_codes.differing_keys(a, b)
    box.differences.all().delete()
    if not keys:
        return _agree(box, first, actor, differences=0)
    TallyDifference.objects.bulk_create([
        TallyDifference(box=box, key=key, first=a.get(key, ""), second=b.get(key, ""), position=i)
        for i, key in enumerate(keys)], batch_size=1000)
    box.status = TallyBox.Status.DIFFERENCES
    box.save(update_fields=["status"])
    audit_log(actor=actor, action="counting.box.differences_found", obj=box,
              election=box.count_round.election, data={"differences": len(keys), "first": keys[:20]})
    return box


def _agree(box, entry, actor, differences):
    box.status, box.agreed_entry, box.agreed_at = TallyBox.Status.AGREED, entry, clock.now()
    box.save(update_fields=["status", "agreed_entry", "agreed_at"])
    audit_log(actor=actor, action="counting.box.agreed", obj=box, election=box.count_round.election,
              data={"entry": entry.pk, "differences_resolved": differences})
    return box


def differences_resolve(*, box, choices, reason, actor):
    """Resolve differences of `box`: choices {difference id: "first" or "second"}, one written reason (what
    the
    paper shows). When none is left open the agreed entry is built and the box counts."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleViolation("VOTE-6", _("Say why: what the paper ballot or sheet shows."), field="reason")
    choices = {int(pk): choice for pk, choice in choices.items()}
    if any(choice not in ("first", "second") for choice in choices.values()):
        raise RuleViolation("VOTE-6", _("Choose the first or the second entry for each difference."))
    with transaction.atomic():
        box = TallyBox.objects.select_for_update().select_related("count_round__round",
                                                                  "count_round__election").get(pk=box.pk)
        check_counting(box.count_round.election)
        check_round_open(box.count_round)
        if box.status != TallyBox.Status.DIFFERENCES:
            raise RuleViolation("VOTE-6", _("This box has no differences to resolve."))
        open_diffs = {d.pk: d for d in box.differences.filter(choice="")}
        now = clock.now()
        chosen = [d for pk, d in open_diffs.items() if pk in choices]
        for diff in chosen:
            diff.choice = choices[diff.pk]
            diff.reason, diff.resolved_by, diff.resolved_at = reason, actor, now
        TallyDifference.objects.bulk_update(chosen, ["choice", "reason", "resolved_by", "resolved_at"])
        audit_log(actor=actor, action="counting.box.differences_resolved", obj=box,
                  election=box.count_round.election, data={
                      "reason": reason, "choices": {d.key: d.choice for d in chosen},
                      "values": {d.key: [d.first, d.second] for d in chosen[:50]}})
        if len(chosen) == len(open_diffs):
            _build_agreed(box, actor)
    return box


def _build_agreed(box, actor):
    """The agreed entry: the first entry with the chosen values (double entry: only a matched entry
    counts)."""
    first, second = _live(box, TallyEntry.Role.FIRST), _live(box, TallyEntry.Role.SECOND)
    choices = dict(box.differences.values_list("key", "choice"))
    flat = line_codes.apply_choices(flatten_entry(first), flatten_entry(second), choices)
    agreed = TallyEntry.objects.create(box=box, role=TallyEntry.Role.AGREED,
                                       status=TallyEntry.Status.SUBMITTED, entered_by=actor,
                                       submitted_at=clock.now(), **_box_fields(flat, box.mode))
    if box.mode == TallyBox.Mode.BALLOTS:
        BallotLine.objects.bulk_create([
            BallotLine(entry=agreed, number=number, serial=line.serial, marks=line.encode(),
                       invalid_reason=line.invalid_reason)
            for number, line in line_codes.unflatten_lines(flat)], batch_size=1000)
        _set_ballot_figures(agreed)
    return _agree(box, agreed, actor, differences=len(choices))


def _box_fields(flat, mode):
    fields = {f: int(flat[f]) if f in flat else None for f in BOX_FIELDS}
    if mode == TallyBox.Mode.TOTALS:
        totals = {}
        for key, value in flat.items():
            if key.startswith("votes:"):
                _votes, position, person = key.split(":", 2)
                totals.setdefault(position, {})[person] = int(value)
        fields["totals"] = totals
    else:
        fields = {"returned": fields["returned"]}
    return fields


def _set_ballot_figures(entry):
    from ..figures import entry_figures

    figures = entry_figures(entry)
    entry.valid, entry.invalid, entry.blank = figures.valid, figures.invalid, figures.blank
    entry.save(update_fields=["valid", "invalid", "blank"])
