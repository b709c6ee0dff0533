"""Forms of the after-the-vote pages. They parse input; the services enforce the rules."""
from django import forms
from django.utils.translation import gettext_lazy as _

from elections import clock
from elections.forms import DATE_WIDGET, TIME_WIDGET

from .models import CommitteeSeat, Complaint, HandoverItem, ResidentBody, WorkingCommitteeMember


def _today():
    return clock.today()


class HandoverStartForm(forms.Form):
    started_on = forms.DateField(label=_("Handover began on"), widget=DATE_WIDGET, initial=_today, required=False)
    outgoing_chair = forms.CharField(label=_("Chair of the outgoing committee (hands over)"), max_length=50,
                                     required=False)
    incoming_chair = forms.CharField(label=_("Chair of the new committee (receives)"), max_length=50,
                                     required=False)


class HandoverItemForm(forms.ModelForm):
    class Meta:
        model = HandoverItem
        fields = ["category", "description", "quantity", "note"]
        widgets = {"description": forms.TextInput(attrs={"size": 24}),
                   "quantity": forms.TextInput(attrs={"size": 12}), "note": forms.TextInput(attrs={"size": 14})}

    def validate_constraints(self, exclude=None):
        pass  # the service checks, citing the rule


HandoverItemFormSet = forms.modelformset_factory(HandoverItem, form=HandoverItemForm, extra=1, can_delete=True)


class SignForm(forms.Form):
    signer_name = forms.CharField(label=_("Name of the signer"), max_length=50)
    signed_on = forms.DateField(label=_("Signed on (the date on the paper)"), widget=DATE_WIDGET,
                                initial=_today)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(label=_("Reason for closing with wrap-up items missing (AFT-3)"), required=False,
                             widget=forms.Textarea(attrs={"rows": 2}))


class WorkingCommitteeForm(forms.Form):
    name = forms.ChoiceField(label=_("Working committee"))
    other_name = forms.CharField(label=_("or another name"), max_length=50, required=False)
    set_up_on = forms.DateField(label=_("Set up on"), widget=DATE_WIDGET, initial=_today)

    def __init__(self, *args, names=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].choices = [("", _("— another name, below —"))] + [(n, n) for n in names]
        self.fields["name"].required = False

    def clean(self):
        data = super().clean()
        data["name"] = (data.get("other_name") or "").strip() or data.get("name") or ""
        if not data["name"]:
            raise forms.ValidationError(_("Choose a working committee or give its name."))
        return data


class WorkingMemberForm(forms.Form):
    seat = forms.ModelChoiceField(label=_("Member of the residents' committee"), queryset=CommitteeSeat.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=WorkingCommitteeMember.Role.choices,
                             initial=WorkingCommitteeMember.Role.MEMBER)

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats


class ResidentBodyForm(forms.Form):
    kind = forms.ChoiceField(label=_("Body"), choices=ResidentBody.Kind.choices)
    set_up_on = forms.DateField(label=_("Set up on"), widget=DATE_WIDGET, initial=_today)
    chosen_by = forms.CharField(label=_("Chosen by"), max_length=200,
                                help_text=_("e.g. 社区居民代表会议（2026年12月28日）"))
    members = forms.CharField(label=_("Members, one per line; the head first"),
                              widget=forms.Textarea(attrs={"rows": 5}))

    def clean_members(self):
        names = [line.strip() for line in self.cleaned_data["members"].splitlines() if line.strip()]
        return [(name, "head" if i == 0 else "member") for i, name in enumerate(names)]


class ComplaintForm(forms.ModelForm):
    file = forms.FileField(label=_("Evidence file (PDF, JPEG or PNG, optional)"), required=False)

    class Meta:
        model = Complaint
        fields = ["received_on", "channel", "complainant", "contact", "subject", "summary"]
        widgets = {"received_on": DATE_WIDGET, "summary": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["received_on"].initial = _today

    def validate_constraints(self, exclude=None):
        pass


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file (PDF, JPEG or PNG)"))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class RouteForm(forms.Form):
    routed_on = forms.DateField(label=_("Sent to the street office on"), widget=DATE_WIDGET, initial=_today)


class DecideForm(forms.Form):
    decision = forms.CharField(label=_("Decision and grounds"), widget=forms.Textarea(attrs={"rows": 3}))
    effect = forms.ChoiceField(label=_("Effect on the election"), choices=Complaint.Effect.choices)
    count_round = forms.TypedChoiceField(label=_("Round declared void (VOTE-13)"), coerce=int, required=False,
                                         empty_value=None)
    decided_on = forms.DateField(label=_("Decided on"), widget=DATE_WIDGET, initial=_today)
    reference = forms.CharField(label=_("Document reference"), max_length=100, required=False)

    def __init__(self, *args, rounds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["count_round"].choices = [("", "—")] + [
            (r.pk, _("Round %(n)s · %(purpose)s") % {"n": r.round.number, "purpose": r.get_purpose_display()})
            for r in rounds]


class RecallPetitionForm(forms.Form):
    seat = forms.ModelChoiceField(label=_("Member whose recall is asked"), queryset=CommitteeSeat.objects.none())
    petition_on = forms.DateField(label=_("Petition submitted on"), widget=DATE_WIDGET, initial=_today)
    petitioners = forms.IntegerField(label=_("Petitioners"), min_value=1)
    grounds = forms.CharField(label=_("Grounds"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, seats, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["seat"].queryset = seats


class RecallVoteForm(forms.Form):
    vote_on = forms.DateField(label=_("Vote held on"), widget=DATE_WIDGET, initial=_today)
    eligible = forms.IntegerField(label=_("Entitled to vote"), min_value=0)
    participants = forms.IntegerField(label=_("Took part"), min_value=0)
    votes_for = forms.IntegerField(label=_("Votes for the recall"), min_value=0)
    votes_against = forms.IntegerField(label=_("Votes against the recall"), min_value=0, initial=0)


class SeatLeaveForm(forms.Form):
    left_on = forms.DateField(label=_("Left office on"), widget=DATE_WIDGET, initial=_today)
    reason = forms.ChoiceField(label=_("Reason"), choices=[c for c in CommitteeSeat.Left.choices
                                                          if c[0] != CommitteeSeat.Left.RECALLED])
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ByElectionForm(forms.Form):
    chair = forms.IntegerField(label=_("Chair seats"), min_value=0, max_value=1, initial=0)
    vice_chair = forms.IntegerField(label=_("Vice-chair seats"), min_value=0, max_value=4, initial=0)
    member = forms.IntegerField(label=_("Member seats"), min_value=0, max_value=7, initial=0)
    election_date = forms.DateField(label=_("Election day"), widget=DATE_WIDGET, required=False)
    start_time = forms.TimeField(label=_("Start time"), widget=TIME_WIDGET, required=False)
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    override_reason = forms.CharField(
        label=_("Reason to proceed despite the warning"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when the page warned that election day leaves too little time for the postings "
                    "(VOT-5, CAN-6)."))

    def __init__(self, *args, vacancies=None, **kwargs):
        super().__init__(*args, **kwargs)
        for position, n in (vacancies or {}).items():
            self.fields[position].initial = n
