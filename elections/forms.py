"""Forms of the election pages. They parse and validate input; the services enforce the rules."""
from django import forms
from django.utils.translation import gettext_lazy as _

from . import clock
from .names import PersonNameField
from .models import CommitteeMember, Meeting, Method, RuleProfile
from .states import State

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def override_reason_field():
    """The written reason to go ahead past a warning (warn-kind rules): recorded and shown to the supervisor."""
    return forms.CharField(
        label=_("Reason for going ahead despite the warning"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only needed when the page shows a warning; recorded and shown to the street office."))


class ElectionSettingsForm(forms.Form):
    election_date = forms.DateField(label=_("Election day"), widget=DATE_WIDGET, required=False)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    vice_chair_seats = forms.IntegerField(label=_("Vice-chair seats"), min_value=1, max_value=4)
    member_seats = forms.IntegerField(label=_("Member seats"), min_value=3, max_value=7)
    override_reason = override_reason_field()

    def __init__(self, *args, day_locked=False, **kwargs):
        super().__init__(*args, **kwargs)
        if day_locked:
            # CAL-4: after the voter list is posted the day moves only by a postponement (its own page).
            self.fields["election_date"].disabled = True
            self.fields["election_date"].help_text = _(
                "The voter list is posted: election day now changes only by a street-office decision to "
                "postpone the election (CAL-4).")

    def clean_election_date(self):
        day = self.cleaned_data["election_date"]
        if day and day < clock.today() and not self.fields["election_date"].disabled:
            raise forms.ValidationError(_("Election day cannot be in the past."))
        return day


class ElectionCreateForm(ElectionSettingsForm):
    term = forms.IntegerField(label=_("Term (第N届)"), min_value=1, max_value=99)
    profile = forms.ModelChoiceField(label=_("Rule profile"), queryset=RuleProfile.objects.none())
    is_rehearsal = forms.BooleanField(label=_("Rehearsal (演练)"), required=False)

    field_order = ["term", "profile", "election_date", "start_time", "place", "vice_chair_seats", "member_seats",
                   "is_rehearsal", "override_reason"]

    def __init__(self, *args, community, **kwargs):
        super().__init__(*args, **kwargs)
        district = community.street.district
        self.fields["profile"].queryset = RuleProfile.objects.filter(district__isnull=True) | \
            RuleProfile.objects.filter(district=district)
        self.fields["profile"].initial = district.default_profile_id or RuleProfile.objects.filter(
            key="seed-district-plan").values_list("pk", flat=True).first()
        last = community.elections.filter(is_rehearsal=False).order_by("-term").first()
        self.fields["term"].initial = (last.term + 1) if last else 1
        self.fields["vice_chair_seats"].initial = 1
        self.fields["member_seats"].initial = 3


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=State.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CommitteeMemberForm(forms.ModelForm):
    name = PersonNameField(label=_("Full name"))

    class Meta:
        model = CommitteeMember
        fields = ["name", "sex", "position", "phone"]


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("Reason for leaving"), max_length=200)


class MeetingForm(forms.ModelForm):
    class Meta:
        model = Meeting
        fields = ["kind", "held_on", "representatives_total", "present", "votes_for", "votes_against",
                  "abstentions", "method", "decision"]
        widgets = {"held_on": DATE_WIDGET, "decision": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [("", "—")] + list(Method.choices)
        self.fields["kind"].choices = [c for c in Meeting.Kind.choices if c[0] != Meeting.Kind.CANDIDATES]
        self.fields["held_on"].initial = clock.today

    def clean_held_on(self):
        day = self.cleaned_data["held_on"]
        if day > clock.today():
            raise forms.ValidationError(_("A meeting cannot be recorded before it is held."))
        return day

    def clean(self):
        # Run the constraints in the service (with the rule ids), not in model validation.
        return self.cleaned_data

    def validate_constraints(self, exclude=None):
        pass


class DeferralForm(forms.Form):
    deferred = forms.BooleanField(label=_("Defer the election (demolition / relocation)"), required=False)
    reason = forms.CharField(label=_("Street office's written reason"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))
    occupancy_percent = forms.IntegerField(label=_("Occupancy (%)"), min_value=0, max_value=100, required=False)


class ProfileCopyForm(forms.Form):
    key = forms.SlugField(label=_("Key"), max_length=50)
    name = forms.CharField(label=_("Name"), max_length=100)


class ProfileForm(forms.ModelForm):
    negative_list = forms.CharField(label=_("Negative list (one condition per line)"), required=False,
                                    widget=forms.Textarea(attrs={"rows": 6}))
    near_relatives = forms.CharField(label=_("Near relatives (one per line)"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 4}))
    working_committees = forms.CharField(label=_("Working committees to set up (one per line)"), required=False,
                                         widget=forms.Textarea(attrs={"rows": 4}))

    class Meta:
        model = RuleProfile
        exclude = ["key", "district", "builtin", "copied_from"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("negative_list", "near_relatives", "working_committees"):
            self.initial[name] = "\n".join(getattr(self.instance, name) or [])

    def _lines(self, name):
        return [line.strip() for line in self.cleaned_data[name].splitlines() if line.strip()]

    def clean_negative_list(self):
        return self._lines("negative_list")

    def clean_near_relatives(self):
        return self._lines("near_relatives")

    def clean_working_committees(self):
        return self._lines("working_committees")


class CalendarYearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    holidays_text = forms.CharField(
        label=_("Statutory holidays"), required=False, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One date or range per line, e.g. 2027-10-01~2027-10-07"))
    workdays_text = forms.CharField(
        label=_("Make-up working days (调休上班)"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Weekend days that are working days, one per line"))
    source = forms.CharField(label=_("Source (notice number)"), max_length=200, required=False)


class PostponementForm(forms.Form):
    """改期 (CAL-4): the street office's written decision."""

    new_date = forms.DateField(label=_("New election day"), widget=DATE_WIDGET)
    reason = forms.CharField(label=_("Reason for the postponement"), widget=forms.Textarea(attrs={"rows": 2}))
    document_number = forms.CharField(label=_("Document number (文号)"), max_length=100,
                                      help_text=_("e.g. 北太街发〔2026〕12号"))
    decided_on = forms.DateField(label=_("Date of the decision"), widget=DATE_WIDGET, initial=clock.today)
    override_reason = override_reason_field()


class PostedOnForm(forms.Form):
    posted_on = forms.DateField(label=_("Posted on"), widget=DATE_WIDGET, initial=clock.today)


class AcknowledgeForm(forms.Form):
    note = forms.CharField(label=_("Note"), max_length=500, required=False)


# --- administration: organisations, users and roles (issue 11, item 4) ------------------------------------------

class StreetForm(forms.Form):
    code = forms.CharField(label=_("Division code"), max_length=12, help_text=_("12 digits, e.g. 110108015000"))
    name = forms.CharField(label=_("Name"), max_length=100)


class CommunityForm(forms.Form):
    code = forms.CharField(label=_("Division code"), max_length=12, help_text=_("12 digits, e.g. 110108015001"))
    name = forms.CharField(label=_("Name"), max_length=100)
    households = forms.IntegerField(label=_("Households"), min_value=0, initial=0)
    population = forms.IntegerField(label=_("Registered population"), min_value=0, initial=0)
    address = forms.CharField(label=_("Office address"), max_length=200, required=False)
    is_pilot = forms.BooleanField(label=_("Pilot community (ORG-6)"), required=False)


class RoleForm(forms.Form):
    """A role and where it applies: a division code for the district, a street or a community; an election for a
    counting user."""
    kind = forms.ChoiceField(label=_("Role to grant"))
    scope_code = forms.CharField(label=_("Division code of the district, street or community"), max_length=12,
                                 required=False)
    election = forms.ChoiceField(label=_("Election (counting users)"), required=False)

    def __init__(self, *args, kinds=(), elections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.value, k.label) for k in kinds]
        self.fields["election"].choices = [("", "—")] + [(str(e.pk), str(e)) for e in elections]
        if not elections:
            del self.fields["election"]

    def clean(self):
        from .models import Community, District, Election, Role, Street
        data = super().clean()
        kind = data.get("kind")
        if kind == Role.Kind.COUNTER:
            election = Election.objects.filter(pk=data.get("election") or None).select_related(
                "community__street").first()
            if election is None:
                raise forms.ValidationError(_("Choose the election the counting user works on."))
            data["scope"] = election
            return data
        code = (data.get("scope_code") or "").strip()
        for model in (District, Street, Community):
            found = model.objects.filter(code=code).first()
            if found:
                data["scope"] = found
                return data
        self.add_error("scope_code", _("No district, street office or community has the code %(code)s.")
                       % {"code": code or "—"})
        return data


class PersonForm(forms.Form):
    username = forms.CharField(label=_("User name (to log in)"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class UserCreateForm(PersonForm, RoleForm):
    field_order = ["username", "full_name", "phone", "kind", "scope_code", "election"]


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    phone = forms.CharField(label=_("Phone"), max_length=20, required=False)


class DisableForm(forms.Form):
    reason = forms.CharField(label=_("Why the account is disabled"), max_length=200)
