"""Words for people: the fields of a double-entry difference, marks, next steps."""
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from elections.rules import ordered_positions, position_label

from . import lines as line_codes

MARK_LABELS = {
    line_codes.FOR: gettext_lazy("For"),
    line_codes.AGAINST: gettext_lazy("Against"),
    line_codes.UNREADABLE: gettext_lazy("Unreadable"),
}
BOX_FIELD_LABELS = {
    "returned": gettext_lazy("Ballots in the box"),
    "valid": gettext_lazy("Valid ballots"),
    "invalid": gettext_lazy("Invalid ballots"),
    "blank": gettext_lazy("Blank ballots"),
}
NEXT_STEP_LABELS = {
    "waiting": gettext_lazy("Not yet: voting has not begun"),
    "count": gettext_lazy("Count the open round"),
    "repeat": gettext_lazy("Hold the round again"),
    "tie_break": gettext_lazy("Hold a tie-break vote among the tied"),
    "further": gettext_lazy("Hold a further round for the unfilled seats"),
    "certify": gettext_lazy("Certify the result"),
    "certified": gettext_lazy("The result is certified"),
}


def _person(key_or_id, people):
    key = key_or_id if str(key_or_id).startswith(("c", "w:")) else line_codes.candidate_key(key_or_id)
    person = people.get(key)
    return person.name if person else str(key_or_id)


def difference_label(key, people):
    """What a difference's key means: "Line 37 · Member · 王伟", "Ballots in the box", …"""
    parts = key.split(":")
    if parts[0] in BOX_FIELD_LABELS:
        return str(BOX_FIELD_LABELS[parts[0]])
    if parts[0] == "votes":
        return _("%(position)s · %(name)s: approvals") % {"position": position_label(parts[1]),
                                                          "name": _person(":".join(parts[2:]), people)}
    line = _("Ballot line %(n)s") % {"n": parts[1]}
    rest = parts[2:]
    if not rest:
        return _("%(line)s (typed in one entry only)") % {"line": line}
    if rest == ["serial"]:
        return _("%(line)s · serial number") % {"line": line}
    if rest == ["invalid"]:
        return _("%(line)s · invalid because") % {"line": line}
    if rest[1] == "w":
        return _("%(line)s · %(position)s · written in") % {"line": line, "position": position_label(rest[0])}
    return f"{line} · {position_label(rest[0])} · {_person(int(rest[1]), people)}"


def difference_value(key, value):
    """A difference's value for people: a mark's word, "—" for nothing typed."""
    if value == "":
        return "—"
    parts = key.split(":")
    if parts[0] == "line" and len(parts) == 2:
        return _("typed")
    if parts[0] == "line" and len(parts) == 4 and parts[3] != "w":
        return str(MARK_LABELS.get(value, value))
    if parts[0] == "line" and parts[2:] == ["invalid"]:
        from .models import BallotLine

        return str(BallotLine.Invalid(value).label) if value in BallotLine.Invalid.values else value
    return value


def line_summary(line, people):
    """A typed line in words, position by position: "Chair: 王伟 ✓; Member: 李娜 ✓ 张强 ✗ …"."""
    symbols = {line_codes.FOR: "✓", line_codes.AGAINST: "✗", line_codes.UNREADABLE: "?"}
    parts = []
    for position in ordered_positions(set(line.marks) | set(line.write_ins)):
        pairs = sorted(line.marks.get(position, {}).items())
        marks = " ".join(f"{_person(c, people)}{symbols[m]}" for c, m in pairs)
        written = "、".join(line.write_ins.get(position, ()))
        text = marks + (f" +{written}" if written else "")
        parts.append(f"{position_label(position)}: {text}" if text else "")
    return "；".join(p for p in parts if p) or _("blank")
