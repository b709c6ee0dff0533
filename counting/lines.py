"""Ballot lines as typed, and their comparison (double entry). Pure: no database.

A line is one paper ballot: per position, each candidate's mark — for (同意), against (不同意), unreadable
(无法辨认) or none (弃权) — and the names written in (另选他人); perhaps the printed serial number, perhaps a reason
the whole ballot is invalid apart from VOTE-8 (not an official ballot, writing that identifies the voter…).

Typed with one key per candidate (KEYS): 1 for, 2 against, 3 unreadable, 0 or nothing abstains.

Stored as canonical text (`Line.encode`): equal ballots have equal text, so the database can group a round's
10,000 lines into their distinct patterns and each pattern is judged by the rules once.
"""
import json
import re
from dataclasses import dataclass, field

from elections.rules.ballots import Ballot, PositionMarks
from polling.keys import candidate_id_of, candidate_key, write_in_key  # noqa: F401  (counting's names)

FOR, AGAINST, UNREADABLE = "a", "d", "u"
MARKS = (FOR, AGAINST, UNREADABLE)
# The keyboard: one key per candidate.
KEYS = {"1": FOR, "2": AGAINST, "3": UNREADABLE, "0": None, "": None}
KEY_OF_MARK = {FOR: "1", AGAINST: "2", UNREADABLE: "3", None: "0"}
_NAME_SEPARATORS = re.compile(r"[、，,；;\s]+")


def split_names(text):
    """Names written in, as typed: separated by 、 ， , ; or spaces; each once, in order."""
    return tuple(dict.fromkeys(n for n in _NAME_SEPARATORS.split(text or "") if n))


class LineError(ValueError):
    pass


@dataclass(frozen=True)
class Line:
    """One ballot: marks {position: {candidate id: FOR/AGAINST/UNREADABLE}}, write_ins {position: (names)}."""
    marks: dict = field(default_factory=dict)
    write_ins: dict = field(default_factory=dict)
    serial: str = ""
    invalid_reason: str = ""

    def encode(self):
        """Canonical text of the marks and write-ins (serial and invalid reason are stored apart)."""
        data = {}
        for position in sorted(set(self.marks) | set(self.write_ins)):
            section = {}
            for mark in MARKS:
                ids = sorted(c for c, m in self.marks.get(position, {}).items() if m == mark)
                if ids:
                    section[mark] = ids
            names = sorted(self.write_ins.get(position, ()))
            if names:
                section["w"] = names
            if section:
                data[position] = section
        return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))

    @property
    def is_empty(self):
        return not any(self.marks.values()) and not any(self.write_ins.values())


def decode(text, serial="", invalid_reason=""):
    data = json.loads(text or "{}")
    marks, write_ins = {}, {}
    for position, section in data.items():
        marks[position] = {c: mark for mark in MARKS for c in section.get(mark, ())}
        if section.get("w"):
            write_ins[position] = tuple(section["w"])
    return Line(marks=marks, write_ins=write_ins, serial=serial, invalid_reason=invalid_reason)


def parse_row(keys_by_candidate, write_ins_by_position, contests):
    """A Line from a typed row: keys_by_candidate {(position, candidate id): key typed}, write_ins_by_position
    {position: text}. `contests`: {position: [candidate ids on the ballot]}. Raises LineError on a key that is
    not a mark or a candidate not on the ballot."""
    marks = {}
    for (position, candidate), key in keys_by_candidate.items():
        key = (key or "").strip()
        if key not in KEYS:
            raise LineError(key)
        if candidate not in contests.get(position, ()):
            raise LineError(f"{position}:{candidate}")
        if KEYS[key]:
            marks.setdefault(position, {})[candidate] = KEYS[key]
    write_ins = {}
    for position, text in write_ins_by_position.items():
        if position not in contests:
            raise LineError(position)
        names = split_names(text)
        if names:
            write_ins[position] = names
    return Line(marks=marks, write_ins=write_ins)


def to_ballot(line):
    """The rules' Ballot (elections.rules.ballots) of a line: approvals and disapprovals as candidate keys,
    written-in names as typed, unreadable marks as a count per position (VOTE-8)."""
    positions = {}
    for position in set(line.marks) | set(line.write_ins):
        marks = line.marks.get(position, {})
        positions[position] = PositionMarks(
            approved=frozenset(candidate_key(c) for c, m in marks.items() if m == FOR),
            disapproved=frozenset(candidate_key(c) for c, m in marks.items() if m == AGAINST),
            write_ins=line.write_ins.get(position, ()),
            unreadable=sum(1 for m in marks.values() if m == UNREADABLE))
    return Ballot(positions)


# --- comparing two entries (double entry) ------------------------------------------------------------------

def flatten_line(number, line):
    """{field key: value} of one line, leaving out what was not marked: the fields double entry compares."""
    prefix = f"line:{number}"
    flat = {prefix: "1"}
    if line.serial:
        flat[f"{prefix}:serial"] = line.serial
    if line.invalid_reason:
        flat[f"{prefix}:invalid"] = line.invalid_reason
    for position, marks in line.marks.items():
        for candidate, mark in marks.items():
            flat[f"{prefix}:{position}:{candidate}"] = mark
    for position, names in line.write_ins.items():
        if names:
            flat[f"{prefix}:{position}:w"] = "、".join(sorted(names))
    return flat


def line_of_key(key):
    """The line number of a line field key ("line:37:member:12" → 37), or None for a box-level field."""
    parts = key.split(":")
    return int(parts[1]) if parts[0] == "line" else None


def differing_keys(first, second):
    """Keys whose values differ between two flattened entries. A line present in only one entry differs as a
    whole (its presence key) and its fields are not listed one by one."""
    absent = {line_of_key(k) for k in set(first) ^ set(second) if k.count(":") == 1 and k.startswith("line:")}
    keys = []
    for key in sorted(set(first) | set(second), key=_sort_key):
        line = line_of_key(key)
        if line in absent and key != f"line:{line}":
            continue
        if first.get(key) != second.get(key):
            keys.append(key)
    return keys


def _sort_key(key):
    line = line_of_key(key)
    return (line is not None, line or 0, key)


def apply_choices(first, second, choices):
    """The agreed flattened entry: the first entry, with the second entry's value on every key chosen
    "second". A whole line chosen from the side where it is present comes with all its fields."""
    agreed = dict(first)
    for key, choice in choices.items():
        if choice != "second":
            continue
        line = line_of_key(key)
        if line is not None and key == f"line:{line}":
            prefix = f"line:{line}:"
            for k in [k for k in agreed if k.startswith(prefix) or k == key]:
                del agreed[k]
            agreed.update({k: v for k, v in second.items() if k.startswith(prefix) or k == key})
        elif key in second:
            agreed[key] = second[key]
        else:
            agreed.pop(key, None)
    return agreed


def unflatten_lines(flat):
    """[(number, Line)] from a flattened entry, in line order."""
    lines = {}
    for key, value in flat.items():
        number = line_of_key(key)
        if number is None:
            continue
        line = lines.setdefault(number, {"marks": {}, "write_ins": {}, "serial": "", "invalid": ""})
        rest = key.split(":")[2:]
        if not rest:
            continue
        if rest == ["serial"]:
            line["serial"] = value
        elif rest == ["invalid"]:
            line["invalid"] = value
        elif rest[1] == "w":
            line["write_ins"][rest[0]] = split_names(value)
        else:
            line["marks"].setdefault(rest[0], {})[int(rest[1])] = value
    return [(n, Line(marks=d["marks"], write_ins=d["write_ins"], serial=d["serial"],
                     invalid_reason=d["invalid"])) for n, d in sorted(lines.items())]
