"""Forms of the voters pages. Rules are checked again by the services; the forms catch typing mistakes early
and show each message at its field."""
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from elections import clock

from . import eligibility
from .models import Absence, Registration, Resident, ResidentGroup
from .services.residents import check_identity

MAX_UPLOAD_BYTES = 20 * 1024 * 1024

RESIDENT_FORM_FIELDS = [
    "name", "id_number", "sex", "birth_date", "group", "relation_to_head", "is_household_head", "hukou_address",
    "residence_address", "phone", "education", "political_status", "note", "hukou_here", "lives_here",
    "owns_home_here", "living_since", "deprived_of_rights", "deprivation_judgment", "incapacity",
    "incapacity_decision",
]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ResidentForm(forms.ModelForm):
    """Add or edit a resident. Sex and date of birth are taken from the identity number when left empty and
    must agree with it when given."""

    household_number = forms.CharField(label=_("Household number"), max_length=40, required=False,
                                       help_text=_("Members of one household share the number; a new number "
                                                   "creates the household."))

    class Meta:
        model = Resident
        fields = RESIDENT_FORM_FIELDS
        widgets = {"birth_date": DateInput(), "living_since": DateInput()}
        labels = {"name": _("Full name")}

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.community = community
        self.fields["group"].queryset = ResidentGroup.objects.filter(community=community)
        self.fields["sex"].required = False
        self.fields["birth_date"].required = False
        self.fields["birth_date"].help_text = _("Taken from the identity number when left empty.")
        self.fields["living_since"].help_text = _("For residents registered elsewhere (VOT-2).")
        if self.instance.pk and self.instance.household_id:
            self.fields["household_number"].initial = self.instance.household.number
        self.order_fields(["name", "id_number", "sex", "birth_date", "group", "household_number"])

    def clean(self):
        data = super().clean()
        if self.errors.get("id_number") or not data.get("id_number"):
            return data
        try:
            data["id_number"], data["sex"], data["birth_date"] = check_identity(
                id_number=data["id_number"], sex=data.get("sex") or None, birth_date=data.get("birth_date"))
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                self.add_error(field, messages)
            return data
        # The model's unique (community, identity number) check runs on the instance: give it the clean number.
        self.instance.id_number, self.instance.sex = data["id_number"], data["sex"]
        self.instance.birth_date = data["birth_date"]
        return data

    def service_kwargs(self):
        data = dict(self.cleaned_data)
        return {"household_number": data.pop("household_number"), **data}


class GroupForm(forms.ModelForm):
    class Meta:
        model = ResidentGroup
        fields = ["number", "name", "buildings"]

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.community = community
        self.fields["name"].required = False
        self.fields["name"].help_text = _("Left empty: 第N居民小组.")


SMALL_SELECT = {"class": "form-select form-select-sm"}


class ResidentFilterForm(forms.Form):
    group = forms.ModelChoiceField(queryset=ResidentGroup.objects.none(), required=False, label=_("Group"),
                                   empty_label=_("All groups"), widget=forms.Select(attrs=SMALL_SELECT))
    q = forms.CharField(required=False, label=_("Name or last digits of the identity number"), max_length=50)

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx or .csv)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv,.txt"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_UPLOAD_BYTES // 2**20})
        return upload


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=1000)


class ReviewFilterForm(forms.Form):
    group = forms.ModelChoiceField(queryset=ResidentGroup.objects.none(), required=False, label=_("Group"),
                                   empty_label=_("All groups"), widget=forms.Select(attrs=SMALL_SELECT))
    status = forms.ChoiceField(choices=[("", _("Any status"))] + Registration.Status.choices, required=False,
                               label=_("Status"), widget=forms.Select(attrs=SMALL_SELECT))
    problem = forms.ChoiceField(choices=[("", _("Any"))] + [("clean", _("No problem"))]
                                + list(eligibility.PROBLEM_LABELS.items()), required=False, label=_("Problem"),
                                widget=forms.Select(attrs=SMALL_SELECT))

    def __init__(self, *args, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups


class ConflictResolveForm(forms.Form):
    keep = forms.ChoiceField(label=_("Registration kept"), widget=forms.RadioSelect)
    decision = forms.CharField(label=_("Decision and its reason"), widget=forms.Textarea(attrs={"rows": 2}),
                               max_length=1000)

    def __init__(self, *args, conflict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["keep"].choices = [
            (str(r.pk), f"{r.election.community.name} · {r.resident.name} · {r.get_status_display()}")
            for r in conflict.registrations.all()]


class AbsenceForm(forms.ModelForm):
    """VOT-8: a voter declares that they cannot come (the day, why, how it was declared)."""

    class Meta:
        model = Absence
        fields = ["declared_on", "reason", "reason_detail", "evidence"]
        widgets = {"declared_on": DateInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["declared_on"].initial = clock.today
