"""Forms of the election-day pages. They parse input; the services enforce the rules."""
from django import forms
from django.utils.translation import gettext_lazy as _

from elections import clock

from .models import PollingStation, Proxy, StationStaff

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VoterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, registration):
        resident = registration.resident
        group = resident.group.name if resident.group else "—"
        return f"{resident.name} · {group} · {resident.masked_id}"


class ProxyApplyForm(forms.Form):
    principal = VoterChoiceField(label=_("Voter giving the proxy"), queryset=None)
    holder = VoterChoiceField(label=_("Proxy (votes for them)"), queryset=None)
    reason = forms.ChoiceField(label=_("Reason (PRX-2)"), choices=Proxy.Reason.choices)
    reason_detail = forms.CharField(label=_("Details of the reason"), max_length=200, required=False)
    authorisation_signed_on = forms.DateField(label=_("Written authorisation signed on"), widget=DATE_WIDGET)
    authorisation_note = forms.CharField(label=_("Written authorisation"), max_length=200,
                                         help_text=_("Where the signed authorisation is filed, e.g. 委托书第3号"))
    applied_on = forms.DateField(label=_("Applied on"), widget=DATE_WIDGET, required=False,
                                 help_text=_("The day the committee received the application (CAL-5)."))

    def __init__(self, *args, voters, **kwargs):
        super().__init__(*args, **kwargs)
        voters = (voters.select_related("resident__group")
                  .order_by("resident__group__number", "resident__name"))
        self.fields["principal"].queryset = voters
        self.fields["holder"].queryset = voters
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
    class Meta:
        model = StationStaff
        fields = ["name", "duty", "phone"]


class IssueSearchForm(forms.Form):
    q = forms.CharField(label=_("Name or last 4 digits of the ID"), required=False, max_length=50)
    group = forms.ModelChoiceField(label=_("Resident group"), queryset=None, required=False,
                                   empty_label=_("All groups"))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
        self.fields["group"].widget.attrs["class"] = "form-select form-select-lg"


class BatchForm(forms.Form):
    voters = forms.IntegerField(label=_("Ballots for the voters"), min_value=0, max_value=20_000)
    spare = forms.IntegerField(label=_("Spare ballots (set by the committee)"), min_value=0, max_value=20_000)
