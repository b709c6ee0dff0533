"""Forms of the counting pages. They parse input; the services (counting/services/) enforce the rules.

The ballot grid (one row per paper ballot, one key per candidate) is parsed by `parse_ballot_rows`: typing
speed matters there, so it is a plain table of one-character inputs rather than a form per row.
"""
from django import forms
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.names import PersonNameField
from elections.rules import position_label

from . import lines as line_codes
from .models import BallotLine, Decision, TallyBox

REASON_WIDGET = forms.Textarea(attrs={"rows": 2})
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_ROWS = 50


class BoxOpenForm(forms.Form):
    station = forms.TypedChoiceField(label=_("Ballot box (polling station)"), coerce=int)
    mode = forms.ChoiceField(label=_("Enter it"), choices=TallyBox.Mode.choices,
                             initial=TallyBox.Mode.BALLOTS, widget=forms.RadioSelect)

    def __init__(self, *args, stations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["station"].choices = [(s.pk, f"{s.name}（{s.get_kind_display()}）") for s in stations]


class NextRoundForm(forms.Form):
    voting_day = forms.DateField(label=_("Voting day of the new round"), widget=DATE_WIDGET, initial=clock.today,
                                 help_text=_("The same day or a later one (CAL-5): its ballots are issued only "
                                             "on that day."))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=REASON_WIDGET, max_length=1000)


class SubmitForm(forms.Form):
    returned = forms.IntegerField(label=_("Ballots found in the box (opening count)"), min_value=0,
                                  required=False)
    reason = forms.CharField(label=_("Checked against the paper: reason to proceed despite the warnings"),
                             widget=REASON_WIDGET, required=False, max_length=1000)


class CertifyForm(forms.Form):
    vacancy_reason = forms.CharField(label=_("Why the seats left unfilled stay vacant (VOTE-10)"),
                                     widget=REASON_WIDGET, required=False, max_length=1000)


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Decision"), choices=Decision.Kind.choices)
    round = forms.TypedChoiceField(label=_("Round"), coerce=int, required=False, empty_value=None)
    reason = forms.CharField(label=_("Grounds (VOTE-13: threats, bribery, forged ballots, false count …)"),
                             widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
    reference = forms.CharField(label=_("Document reference"), max_length=100, required=False)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET, initial=clock.today)

    def __init__(self, *args, rounds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].choices = [("", "—")] + [(r.pk, str(r)) for r in rounds]

    def clean(self):
        data = super().clean()
        if data.get("kind") == Decision.Kind.VOID_ROUND and not data.get("round"):
            self.add_error("round", _("Say which round is void."))
        return data


class TotalsForm(forms.Form):
    """The counters' sheet of one box: ballots in the box, valid, invalid, blank; approvals per candidate and
    position as marked; up to three names written in."""

    returned = forms.IntegerField(label=_("Ballots in the box"), min_value=0)
    valid = forms.IntegerField(label=_("Valid"), min_value=0)
    invalid = forms.IntegerField(label=_("Invalid"), min_value=0)
    blank = forms.IntegerField(label=_("Blank (valid, nobody approved)"), min_value=0, required=False,
                               initial=0)
    WRITE_IN_ROWS = 3

    def __init__(self, *args, contests, people, write_ins=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidate_fields = []
        for contest in contests:
            position = contest["position"]
            for key in contest["candidates"]:
                name = f"v-{position}-{key}"
                self.fields[name] = forms.IntegerField(min_value=0, required=False, label=people[key].name)
                self.candidate_fields.append((position_label(position), people[key], self[name]))
        self.write_in_fields = []
        positions = [(c["position"], position_label(c["position"])) for c in contests]
        for i in range(self.WRITE_IN_ROWS if write_ins else 0):
            select = forms.Select(attrs={"class": "form-select form-select-sm"})
            self.fields[f"w{i}-position"] = forms.ChoiceField(choices=positions, required=False,
                                                              widget=select)
            self.fields[f"w{i}-name"] = PersonNameField(required=False)
            self.fields[f"w{i}-votes"] = forms.IntegerField(min_value=0, required=False)
            self.write_in_fields.append((self[f"w{i}-position"], self[f"w{i}-name"], self[f"w{i}-votes"]))

    def totals(self):
        """{position: {key: votes}} from the cleaned data."""
        data, totals = self.cleaned_data, {}
        for name, value in data.items():
            if name.startswith("v-") and value:
                _v, position, key = name.split("-", 2)
                totals.setdefault(position, {})[key] = value
        for i in range(len(self.write_in_fields)):
            name, votes = (data.get(f"w{i}-name") or "").strip(), data.get(f"w{i}-votes")
            if name and votes:
                bucket = totals.setdefault(data[f"w{i}-position"], {})
                key = line_codes.write_in_key(name)
                bucket[key] = bucket.get(key, 0) + votes
        return totals

    @staticmethod
    def initial_from(entry):
        initial = {"returned": entry.returned, "valid": entry.valid, "invalid": entry.invalid,
                   "blank": entry.blank}
        i = 0
        for position, counts in (entry.totals or {}).items():
            for key, votes in counts.items():
                if key.startswith("w:") and i < TotalsForm.WRITE_IN_ROWS:
                    initial.update({f"w{i}-position": position, f"w{i}-name": key[2:], f"w{i}-votes": votes})
                    i += 1
                else:
                    initial[f"v-{position}-{key}"] = votes
        return initial


# --- the ballot grid ---------------------------------------------------------------------------------------

def grid_columns(contests, people, write_ins=True):
    """[{"position", "label", "candidates": [(id, Person)], "write_ins"}] in ballot order."""
    return [{"position": c["position"], "label": position_label(c["position"]), "seats": c["seats"],
             "candidates": [(line_codes.candidate_id_of(k), people[k]) for k in c["candidates"]],
             "write_ins": write_ins} for c in contests]


def parse_ballot_rows(data, columns, rows):
    """(lines, errors) from the posted grid: rows r0…r<rows-1>. A row where nothing is typed is skipped (type
    0
    in any cell for a blank ballot); errors are (row number from 1, message)."""
    contests = {col["position"]: [cid for cid, _p in col["candidates"]] for col in columns}
    lines, errors = [], []
    invalid_values = set(BallotLine.Invalid.values)
    for r in range(min(rows, MAX_ROWS)):
        keys = {(col["position"], cid): data.get(f"r{r}-m-{col['position']}-{cid}", "").strip()
                for col in columns for cid, _p in col["candidates"]}
        write_ins = {col["position"]: data.get(f"r{r}-w-{col['position']}", "") for col in columns
                     if col["write_ins"]}
        serial = data.get(f"r{r}-serial", "").strip()
        invalid = data.get(f"r{r}-invalid", "")
        typed = any(keys.values()) or any(v.strip() for v in write_ins.values()) or serial or invalid
        if not typed:
            continue
        try:
            line = line_codes.parse_row(keys, write_ins, contests)
        except line_codes.LineError:
            errors.append((r + 1, _("Type 1 (for), 2 (against), 3 (unreadable) or 0 (abstain) in each "
                                    "cell.")))
            continue
        if invalid not in invalid_values or len(serial) > 12:
            errors.append((r + 1, _("Unknown invalid reason or serial number too long.")))
            continue
        lines.append(line_codes.Line(marks=line.marks, write_ins=line.write_ins, serial=serial,
                                     invalid_reason=invalid))
    return lines, errors


def grid_values(line):
    """{field name suffix: value} to fill a grid row with a typed line (for correcting it)."""
    values = {"serial": line.serial, "invalid": line.invalid_reason}
    for position, marks in line.marks.items():
        for cid, mark in marks.items():
            values[f"m-{position}-{cid}"] = line_codes.KEY_OF_MARK[mark]
    for position, names in line.write_ins.items():
        values[f"w-{position}"] = "、".join(names)
    return values


def grid_rows(columns, rows_values):
    """Rows for the grid template: [{"serial", "invalid", "groups": [{"position", "label", "write_ins",
    "write_in", "cells": [(candidate id, Person, value)]}]}] from [{field suffix: value}] per row."""
    rows = []
    for values in rows_values:
        groups = [{"position": col["position"], "label": col["label"], "write_ins": col["write_ins"],
                   "write_in": values.get(f"w-{col['position']}", ""),
                   "cells": [(cid, person, values.get(f"m-{col['position']}-{cid}", ""))
                             for cid, person in col["candidates"]]} for col in columns]
        rows.append({"serial": values.get("serial", ""), "invalid": values.get("invalid", ""),
                     "groups": groups})
    return rows
