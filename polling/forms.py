"""Forms of the election-day pages. They parse input; the services enforce the rules."""
import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.names import PersonNameField
from voters.pickers import PersonField

from .models import PollingStation, Proxy, StationStaff
from .pickers import holder_pool, principal_pool, staff_pool

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProxyApplyForm(forms.Form):
    principal = PersonField(label=_("Voter giving the proxy"))
    holder = PersonField(label=_("Proxy (votes for them)"))
    reason = forms.ChoiceField(label=_("Reason (PRX-2)"), choices=Proxy.Reason.choices)
    reason_detail = forms.CharField(label=_("Details of the reason"), max_length=200, required=False)
    authorisation_signed_on = forms.DateField(label=_("Written authorisation signed on"), widget=DATE_WIDGET)
    authorisation_note = forms.CharField(label=_("Written authorisation"), max_length=200,
                                         help_text=_("Where the signed authorisation is filed, e.g. 委托书第3号"))
    applied_on = forms.DateField(label=_("Applied on"), widget=DATE_WIDGET, required=False,
                                 help_text=_("The day the committee received the application (CAL-5)."))

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["principal"].set_pool(principal_pool(election),
                                          reverse("polling:people_principals", args=[election.pk]))
        self.fields["holder"].set_pool(holder_pool(election), reverse("polling:people_holders", args=[election.pk]))
        self.fields["authorisation_signed_on"].initial = clock.today()
        self.fields["applied_on"].initial = clock.today()

    def clean_applied_on(self):
        return self.cleaned_data["applied_on"] or clock.today()


class DecisionDayForm(forms.Form):
    """The day of the committee's decision (CAL-5): entered, today unless the paper says otherwise."""

    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET, required=False)

    def clean_decided_on(self):
        return self.cleaned_data["decided_on"] or clock.today()


class ReasonForm(DecisionDayForm):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class ArrangedForm(forms.Form):
    on = forms.DateField(label=_("Arranged on"), widget=DATE_WIDGET, required=False)

    def clean_on(self):
        return self.cleaned_data["on"] or clock.today()


class StationForm(forms.ModelForm):
    class Meta:
        model = PollingStation
        fields = ["kind", "name", "place", "note"]


class StaffForm(forms.ModelForm):
    """A staff member: chosen from the voters (the name follows), or anyone else by name."""

    resident = PersonField(label=_("Resident"), required=False,
                           help_text=_("Choose a voter of this election, or leave empty and type the name of "
                                       "someone from outside the community."))
    name = PersonNameField(label=_("Full name"), required=False)

    class Meta:
        model = StationStaff
        fields = ["resident", "name", "duty", "phone"]

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].set_pool(staff_pool(election), reverse("polling:people_staff", args=[election.pk]))
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Filled in from the resident when one is chosen.")

    def clean(self):
        data = super().clean()
        resident = data.get("resident")
        if resident is not None and not (data.get("name") or "").strip():
            data["name"] = resident.name
        if not (data.get("name") or "").strip() and "resident" not in self.errors:
            self.add_error("name", _("Give the name, or choose the resident."))
        return data


class IssueSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or last 4 digits of the ID"), required=False, max_length=50)
    group = forms.ModelChoiceField(label=_("Resident group"), queryset=None, required=False,
                                   empty_label=_("All groups"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups  # its options are written by polling/issue.html


class BatchForm(forms.Form):
    voters = forms.IntegerField(label=_("Ballots for the voters"), min_value=0, max_value=20_000)
    spare = forms.IntegerField(label=_("Spare ballots (set by the committee)"), min_value=0, max_value=20_000)


class RegisterEntryForm(forms.Form):
    """The paper issuance register of one station, entered afterwards: its line numbers, typed ("1-12, 15,
    20–24") or ticked in the list (the `tick` checkboxes carry line numbers too)."""

    station = forms.TypedChoiceField(label=_("Polling station whose register this is"), coerce=int)
    lines = forms.CharField(label=_("Register line numbers"), required=False, max_length=5000,
                            help_text=_("As printed in the register's first column: e.g. 1-12, 15, 20-24."),
                            widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, stations, line_count, **kwargs):
        super().__init__(*args, **kwargs)
        self.line_count = line_count
        self.fields["station"].choices = [(s.pk, f"{s.name}（{s.get_kind_display()}）") for s in stations]

    def clean_lines(self):
        """The typed numbers and ranges, as a set; every number must be a line of the register."""
        numbers = set()
        for token in re.split(r"[,，、;；\s]+", self.cleaned_data["lines"].strip()):
            if not token:
                continue
            match = re.fullmatch(r"(\d+)(?:\s*[-–—~至]\s*(\d+))?", token)
            if not match:
                raise forms.ValidationError(_("“%(token)s” is not a line number or a range such as 3-8.")
                                            % {"token": token})
            first, last = int(match[1]), int(match[2] or match[1])
            if first > last:
                first, last = last, first
            if first < 1 or last > self.line_count:
                raise forms.ValidationError(_("The register has lines 1 to %(n)s: %(token)s is not one of "
                                              "them.") % {"n": self.line_count, "token": token})
            numbers.update(range(first, last + 1))
        return numbers

    def chosen_lines(self, ticked):
        """Typed and ticked line numbers together, in order."""
        extra = {int(t) for t in ticked if str(t).isdigit() and 1 <= int(t) <= self.line_count}
        return sorted(self.cleaned_data["lines"] | extra)
