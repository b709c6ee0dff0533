"""Forms of the nomination and candidate pages. They parse input; candidates/services/nominations.py and
candidates/services/candidates.py enforce the rules (CAN-1…CAN-10)."""
import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.forms import DATE_WIDGET
from elections.models import CommitteeMember, Method, Position
from elections.names import PersonNameField
from voters.models import ResidentGroup
from voters.pickers import PersonField

from .models import NegativeCheck, NominationSource, Relation
from .pickers import nominee_pool, relative_pool
from .services.candidates import VoteRow

# Supporting names: one per line, or separated by Chinese/Latin commas and semicolons. A space inside a line
# separates a name from the last characters of the identity number (王伟 123X).
SUPPORTER_SEPARATORS = re.compile(r"[\n\r、，,;；]+")


class NominationForm(forms.Form):
    resident = PersonField(label=_("Nominee"), help_text=_("Only confirmed voters of this election can be "
                                                           "nominated (CAN-1)."))
    source = forms.ChoiceField(label=_("Source"), choices=NominationSource.choices)
    positions = forms.MultipleChoiceField(label=_("Position(s) sought"), choices=Position.choices,
                                          widget=forms.CheckboxSelectMultiple)
    nominated_on = forms.DateField(label=_("Date of nomination"), widget=DATE_WIDGET)
    group = forms.ModelChoiceField(label=_("Resident group (group nominations)"), queryset=None, required=False)
    group_meeting_on = forms.DateField(label=_("Date of the group meeting"), widget=DATE_WIDGET, required=False)
    supporters = forms.CharField(
        label=_("Supporting names"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One name per line. Joint nominations are checked against the voter list; where two voters "
                    "share a name, add the last 4 characters of the identity number after a space."))
    statement = forms.CharField(label=_("Statement or note"), required=False,
                                widget=forms.Textarea(attrs={"rows": 2}))
    is_party_secretary = forms.BooleanField(label=_("The nominee is the community party secretary (一肩挑)"),
                                            required=False)
    accepted = forms.BooleanField(label=_("The nominee has accepted the nomination"), required=False,
                                  help_text=_("A self-application counts as accepted. An election-committee member "
                                              "who accepts leaves the committee (CAN-8)."))
    committee_member = forms.ModelChoiceField(
        label=_("Member of the election committee"), queryset=None, required=False,
        help_text=_("Leave empty to match by name."))

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        community = election.community
        self.fields["resident"].set_pool(nominee_pool(election),
                                         reverse("candidates:people_nominees", args=[election.pk]))
        self.fields["group"].queryset = ResidentGroup.objects.filter(community=community)
        self.fields["committee_member"].queryset = CommitteeMember.objects.filter(election=election, active=True)
        if election.method != Method.HOUSEHOLD:
            self.fields["source"].choices = [c for c in NominationSource.choices
                                             if c[0] != NominationSource.JOINT_HOUSEHOLDS]
        self.fields["nominated_on"].initial = clock.today

    def clean_supporters(self):
        return [part.strip() for part in SUPPORTER_SEPARATORS.split(self.cleaned_data["supporters"]) if part.strip()]


class OverrideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for proceeding"), widget=forms.Textarea(attrs={"rows": 2}))


class AcceptForm(forms.Form):
    accepted_on = forms.DateField(label=_("Accepted on"), widget=DATE_WIDGET, initial=clock.today)


class NegativeCheckForm(forms.Form):
    finding = forms.ChoiceField(label=_("Finding"), widget=forms.RadioSelect,
                                choices=[(NegativeCheck.Finding.CLEAR, _("Clear")),
                                         (NegativeCheck.Finding.FOUND, _("Found"))])
    evidence = forms.CharField(label=_("Evidence"), widget=forms.Textarea(attrs={"rows": 2}))


class NegativeChecksForm(forms.Form):
    """CAN-2: the items of a nominee's negative list not checked yet, in one form: one evidence note for all,
    the items found ticked, a note on any item. Also the one-click "no finding" of the nominations list (no
    item ticked). `items` carries the items the page showed, so that none checked meanwhile is overwritten."""

    BACK = [("nominee", "nominee"), ("list", "list")]

    evidence = forms.CharField(
        label=_("Evidence (one note for every item)"), widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("What was consulted and what it showed, e.g. the court's list of dishonest debtors and the "
                    "police station's records, checked on 1 December."),
        error_messages={"required": _("Record the evidence of the check (what was consulted, and what it "
                                      "showed).")})
    items = forms.CharField(widget=forms.HiddenInput)
    back = forms.ChoiceField(choices=BACK, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, nominee, **kwargs):
        super().__init__(*args, **kwargs)
        self.checks = list(nominee.negative_checks.all())
        for check in self.checks:
            self.fields[f"found_{check.pk}"] = forms.BooleanField(label=_("Found"), required=False)
            self.fields[f"note_{check.pk}"] = forms.CharField(
                label=_("Note on this item"), required=False, max_length=200,
                widget=forms.TextInput(attrs={"placeholder": _("Details, if any")}))
        self.unchecked = [c for c in self.checks if not c.finding]
        self.fields["items"].initial = ",".join(str(c.pk) for c in self.unchecked)

    def clean_items(self):
        known = {c.pk for c in self.checks}
        try:
            items = {int(part) for part in self.cleaned_data["items"].split(",") if part.strip()}
        except ValueError:
            raise forms.ValidationError(_("Reload the page and check again.")) from None
        if not items or not items <= known:
            raise forms.ValidationError(_("Reload the page and check again."))
        return items

    def rows(self):
        """(check, found field, note field) for each item not checked yet, for the template."""
        return [(c, self[f"found_{c.pk}"], self[f"note_{c.pk}"]) for c in self.unchecked]

    def service_kwargs(self):
        data, items = self.cleaned_data, self.cleaned_data["items"]
        return {"checks": items, "evidence": data["evidence"],
                "found": [pk for pk in items if data.get(f"found_{pk}")],
                "notes": {pk: data[f"note_{pk}"] for pk in items if data.get(f"note_{pk}")}}


class ResolveForm(forms.Form):
    resolution = forms.CharField(label=_("Grounds for resolving"), widget=forms.Textarea(attrs={"rows": 2}))


class IntroductionsForm(forms.Form):
    committee_introduction = forms.CharField(label=_("Introduction by the election committee"), required=False,
                                             widget=forms.Textarea(attrs={"rows": 4}))
    self_introduction = forms.CharField(label=_("Introduction by the candidate"), required=False,
                                        widget=forms.Textarea(attrs={"rows": 4}))


class NomineeFlagsForm(forms.Form):
    is_party_secretary = forms.BooleanField(label=_("Community party secretary (一肩挑)"), required=False)
    committee_member = forms.ModelChoiceField(label=_("Member of the election committee"), queryset=None,
                                              required=False)

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee_member"].queryset = CommitteeMember.objects.filter(election=election)


class RelationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Relation"))
    role = forms.ChoiceField(label=_("The relative is"), choices=Relation.Role.choices)
    relative_nominee = PersonField(label=_("Relative (nominee)"), required=False)
    relative_name = PersonNameField(label=_("Relative's name"), required=False)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, nominee, **kwargs):
        super().__init__(*args, **kwargs)
        election = nominee.election
        self.fields["kind"].choices = [(k, k) for k in election.rules.near_relatives or []]
        self.fields["relative_nominee"].set_pool(relative_pool(nominee), reverse(
            "candidates:people_relatives", args=[election.pk, nominee.pk]))


class WithdrawForm(forms.Form):
    withdrawn_on = forms.DateField(label=_("Written withdrawal dated"), widget=DATE_WIDGET,
                                   initial=clock.today)
    statement = forms.CharField(label=_("What the candidate wrote"), widget=forms.Textarea(attrs={"rows": 2}))


class CandidatesMeetingForm(forms.Form):
    """The representatives meeting that decides the formal candidates (CAN-4): attendance, then for each
    nominee put to the vote the position, the votes and whether the meeting chose them."""

    held_on = forms.DateField(label=_("Date of the meeting"), widget=DATE_WIDGET, initial=clock.today)
    representatives_total = forms.IntegerField(label=_("Representatives in total"), min_value=1)
    present = forms.IntegerField(label=_("Representatives present"), min_value=0)
    decision = forms.CharField(label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, reports, **kwargs):
        super().__init__(*args, **kwargs)
        self.reports = reports
        for report in reports:
            nominee = report.nominee
            sought = nominee.positions_sought
            self.fields[f"position_{nominee.pk}"] = forms.ChoiceField(
                label=_("Position"), choices=[(p, Position(p).label) for p in sought], initial=sought[0],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}))
            self.fields[f"votes_{nominee.pk}"] = forms.IntegerField(
                label=_("Votes"), min_value=0, required=False,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}))
            self.fields[f"chosen_{nominee.pk}"] = forms.BooleanField(
                label=_("Chosen"), required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"}))

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > clock.today():
            raise forms.ValidationError(_("A meeting cannot be recorded before it is held."))
        return day

    def nominee_rows(self):
        """(report, position field, votes field, chosen field) per nominee, for the template."""
        return [(r, self[f"position_{r.nominee.pk}"], self[f"votes_{r.nominee.pk}"], self[f"chosen_{r.nominee.pk}"])
                for r in self.reports]

    def vote_rows(self):
        """VoteRow for every nominee the meeting voted on (votes entered, or chosen)."""
        data, rows = self.cleaned_data, []
        for report in self.reports:
            pk = report.nominee.pk
            votes, chosen = data.get(f"votes_{pk}"), data.get(f"chosen_{pk}", False)
            if votes is None and not chosen:
                continue
            rows.append(VoteRow(report.nominee, data[f"position_{pk}"], votes or 0, chosen))
        return rows


class PostingForm(forms.Form):
    """The day the formal candidates' notice went up on the board (CAN-6, judged by that day: CAL-5)."""

    posted_on = forms.DateField(label=_("Posted on"), widget=DATE_WIDGET, required=False)

    def clean_posted_on(self):
        return self.cleaned_data["posted_on"] or clock.today()
