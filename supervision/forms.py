from django import forms
from django.utils.translation import gettext_lazy as _


class ReviewForm(forms.Form):
    """A supervisor's sign-off: the note says what was checked (kept with the sign-off and in the audit log)."""

    note = forms.CharField(label=_("Note"), max_length=500,
                           error_messages={"required": _("Write what you checked: the note is kept with the "
                                                         "sign-off.")})
