"""Forms of the posted voter list and its objections (VOT-5, VOT-6, VOT-10). They parse and check the shape of
the input; the rules themselves are enforced by the services, whose refusals are shown on the form."""
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.names import PersonNameField

from .models import Objection
from .models.publication import VoterListChange
from .pickers import PersonField, addable_pool, listed_pool, resident_pool

Reason = VoterListChange.Reason
PRINTED_HELP = _("Printed on the supplementary list: write no identity or phone numbers.")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _today():
    return clock.today()


class PublishForm(forms.Form):
    posted_on = forms.DateField(label=_("Posting date"), initial=_today, widget=DateInput(),
                                help_text=_("The day the list goes up on the notice board; it is printed on "
                                            "the notice."))
    confirm = forms.BooleanField(label=_("The committee has checked the list; post it and freeze it."))


class SupplementaryForm(forms.Form):
    posted_on = forms.DateField(label=_("Posting date"), initial=_today, widget=DateInput())


class _ListChangeForm(forms.Form):
    """A change of the posted list: the person (a picker of the people the change may concern), the reason."""

    reasons = ()
    reason_kind = forms.ChoiceField(label=_("Reason"), widget=forms.RadioSelect)
    reason = forms.CharField(label=_("Details"), max_length=200, help_text=PRINTED_HELP,
                             widget=forms.TextInput(attrs={"placeholder": _("e.g. moved in on 12 December")}))
    objection = forms.ModelChoiceField(label=_("Following the upheld objection"),
                                       queryset=Objection.objects.none(), required=False)
    on = forms.DateField(label=_("Date of the change"), initial=_today, widget=DateInput())

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason_kind"].choices = [(r.value, r.label) for r in self.reasons]
        self.fields["objection"].queryset = Objection.objects.filter(election=election,
                                                                     decision=Objection.Decision.UPHELD)
        self.fields["objection"].label_from_instance = _objection_label

    def clean(self):
        data = super().clean()
        if data.get("reason_kind") == Reason.OBJECTION and not data.get("objection"):
            self.add_error("objection", _("Choose the upheld objection this change follows from."))
        return data


def _objection_label(objection):
    return f"{objection.received_on:%Y-%m-%d} {objection.objector} → {objection.subject_name}"


class AdditionForm(_ListChangeForm):
    reasons = VoterListChange.ADDITION_REASONS
    resident = PersonField(label=_("Resident"), error_messages={"required": _("Find and choose the resident to "
                                                                             "add.")})

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, election=election, **kwargs)
        self.fields["resident"].set_pool(addable_pool(election), reverse("voters:people_addable",
                                                                         args=[election.pk]))


class RemovalForm(_ListChangeForm):
    reasons = VoterListChange.REMOVAL_REASONS
    registration = PersonField(label=_("Voter"), error_messages={"required": _("Find and choose the voter to "
                                                                              "remove.")})

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, election=election, **kwargs)
        self.fields["registration"].set_pool(listed_pool(election), reverse("voters:people_listed",
                                                                            args=[election.pk]))


class ObjectionForm(forms.Form):
    objector = PersonNameField(label=_("Objector"))
    objector_contact = forms.CharField(label=_("Objector's contact"), max_length=50, required=False,
                                       help_text=_("Address or phone, for telling them the decision. Not "
                                                   "posted."))
    subject = PersonField(label=_("Resident concerned"), required=False,
                          help_text=_("A resident of the community; for anyone else leave it empty and write the "
                                      "name below."))
    subject_name = PersonNameField(label=_("Person concerned"), required=False,
                                   help_text=_("Leave empty when a resident is chosen above."))
    content = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label=_("Received on"), initial=_today, widget=DateInput())

    def __init__(self, *args, election, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].set_pool(resident_pool(election.community), reverse("voters:people_residents",
                                                                                   args=[election.pk]))

    def clean(self):
        data = super().clean()
        if not data.get("subject") and not (data.get("subject_name") or "").strip():
            self.add_error("subject_name",
                           _("Name the person the objection is about, or choose the resident."))
        return data


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect, choices=[
        (Objection.Decision.UPHELD.value, Objection.Decision.UPHELD.label),
        (Objection.Decision.REJECTED.value, Objection.Decision.REJECTED.label)])
    reason = forms.CharField(label=_("Reason for the decision"), widget=forms.Textarea(attrs={"rows": 3}))
    decided_on = forms.DateField(label=_("Decided on"), initial=_today, widget=DateInput())


class ClosePeriodForm(forms.Form):
    confirm = forms.BooleanField(label=_("No objection waits for a decision: the objection period is over."))
    on = forms.DateField(label=_("Closed on"), initial=_today, widget=DateInput(), required=False)

    def clean_on(self):
        return self.cleaned_data["on"] or clock.today()
