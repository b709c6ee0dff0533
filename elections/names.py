"""People's names, checked the same way wherever one is entered (issue 12, item 3): the residents import and
every form that takes a person's name (residents, committee members, polling station staff, objections,
relatives of nominees, names written in on ballots).

A name is letters of any script, the middle dot of transliterated names (·) and spaces, at most 50 characters:
that also keeps out anything a spreadsheet program would run as a formula (=HYPERLINK(…), +, -, @).
"""
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_LENGTH = 50
SPACES = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
_DOTS = str.maketrans({"•": "·", "・": "·", "･": "·", "‧": "·", "∙": "·", "．": "·"})
_CJK = re.compile(r"[\u3400-\u9fff\U00020000-\U0003ffff]")


def normalise(text):
    """One middle dot for the many that are typed; no spaces inside a Chinese name ("张　三" is padded to line up
    with three-character names), single spaces elsewhere."""
    text = " ".join(str(text).split()).translate(_DOTS)
    return SPACES.sub("", text) if _CJK.search(text) else text


def clean_name(value):
    """The name normalised, or ValidationError saying what is wrong. An empty name comes back empty: whether
    one is required is the caller's business."""
    text = normalise(value or "")
    if len(text) > MAX_LENGTH:
        raise ValidationError(_("At most %(n)s characters; this has %(len)s.") % {"n": MAX_LENGTH, "len": len(text)},
                              code="max_length")
    if not all(c.isalpha() or c in "· " for c in text):
        raise ValidationError(_("“%(value)s” has characters that are not part of a name.") % {"value": text},
                              code="name")
    return text


class PersonNameField(forms.CharField):
    """A form field for a person's name: normalised and checked by `clean_name`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", MAX_LENGTH)
        super().__init__(**kwargs)

    def to_python(self, value):
        return normalise(super().to_python(value))

    def validate(self, value):
        super().validate(value)
        clean_name(value)


def checked_name(value, *, field="name", required=True):
    """For services, the last word whatever the path: the name cleaned, or ValidationError keyed by `field` (so
    a form shows it at that field)."""
    try:
        text = clean_name(value)
    except ValidationError as exc:
        raise ValidationError({field: exc.messages}) from None
    if required and not text:
        raise ValidationError({field: _("Give the name.")})
    return text
