"""Mainland resident identity numbers (公民身份号码, GB 11643-1999): 18 characters.

    110108 19900307 123 X
    region birth    seq check

- region: 6 digits, the county-level division where the number was issued (first digit 1–8);
- birth date: YYYYMMDD, a real date, not before 1900 and not in the future;
- sequence: 3 digits, the last one odd for men and even for women;
- check: ISO 7064 MOD 11-2 over the first 17 digits, 10 written as X.

Spreadsheets bring these numbers in many shapes: full-width digits (１１０１…), a lower-case x, spaces and
tabs pasted in the middle. Those are harmless and normalised away. A number Excel stored as a *number* is not:
it comes back as "1.10108199003071e+17" or "110108199003071000.0" with its last digits lost, so it is
refused with a message saying why, never "repaired".
"""
import datetime
import operator
import re
import unicodedata
from dataclasses import dataclass

from django.utils.translation import gettext as _

from elections.privacy import mask_identity_number as mask  # VOT-7, kept where the audit log can use it too

# Weights 2^(17-i) mod 11 for the first 17 digits.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"  # index: weighted sum mod 11
# Province-level codes of GB/T 2260 (and 71 Taiwan, 81 Hong Kong, 82 Macao, 83 Taiwan residence permits).
PROVINCES = frozenset({
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64", "65",
    "71", "81", "82", "83",
})
EARLIEST_BIRTH = datetime.date(1900, 1, 1)

_SPACES = re.compile(r"[\s\u00a0\u200b\u3000\ufeff]+")
_EXCEL_NUMBER = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$|^\d+\.0+$")


class InvalidIdNumber(ValueError):
    """The text is not a valid identity number; str(exc) says what is wrong, for people."""


@dataclass(frozen=True)
class IdCard:
    number: str
    birth_date: datetime.date
    sex: str  # "M" or "F", as elections.models.Sex

    @property
    def masked(self):
        return mask(self.number)


def check_char(first17):
    """The ISO 7064 MOD 11-2 check character for 17 digits."""
    return CHECK_CHARS[sum(map(operator.mul, map(int, first17), WEIGHTS)) % 11]


def normalise(raw):
    """The number as 18 upper-case ASCII characters (or whatever remains, for `parse` to judge).

    Raises InvalidIdNumber for a number Excel turned into a float, which cannot be recovered.
    """
    if isinstance(raw, bool) or raw is None:
        raise InvalidIdNumber(_("The identity number is missing."))
    # A float lost digits already; an int (written by a program, not typed into Excel) is exact.
    if isinstance(raw, float):
        raise InvalidIdNumber(_("The identity number was saved by Excel as a number, which loses its last "
                                "digits; format the column as text and type the number again."))
    text = _SPACES.sub("", unicodedata.normalize("NFKC", str(raw))).upper()
    if _EXCEL_NUMBER.match(text):
        raise InvalidIdNumber(_("“%(value)s” is an identity number that Excel saved as a number, which loses "
                                "its last digits; format the column as text and type the number again.")
                              % {"value": text})
    return text


def parse(raw, *, today=None):
    """Validate and decode an identity number; raises InvalidIdNumber naming the first problem found."""
    number = normalise(raw)
    if not number:
        raise InvalidIdNumber(_("The identity number is missing."))
    if len(number) != 18:
        raise InvalidIdNumber(_("An identity number has 18 characters; “%(value)s” has %(n)s.")
                              % {"value": number, "n": len(number)})
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise InvalidIdNumber(_("An identity number is 17 digits followed by a digit or X; “%(value)s” is not.")
                              % {"value": number})
    _check_region(number[:6])
    birth_date = _birth_date(number[6:14], today or datetime.date.today())
    expected = check_char(number[:17])
    if number[17] != expected:
        raise InvalidIdNumber(_("The check digit (the last character) should be %(expected)s, not %(found)s: "
                                "a digit of the number is probably mistyped.")
                              % {"expected": expected, "found": number[17]})
    return IdCard(number=number, birth_date=birth_date, sex="M" if int(number[16]) % 2 else "F")


def _check_region(region):
    if region[:2] not in PROVINCES:
        raise InvalidIdNumber(_("The region code %(region)s does not start with a province code.")
                              % {"region": region})
    if region[2:] == "0000":
        raise InvalidIdNumber(_("The region code %(region)s names a whole province, not a county.")
                              % {"region": region})


def _birth_date(digits, today):
    try:
        born = datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        raise InvalidIdNumber(_("The birth date in the identity number, %(digits)s, is not a real date.")
                              % {"digits": digits}) from None
    if born < EARLIEST_BIRTH:
        raise InvalidIdNumber(_("The birth date in the identity number, %(date)s, is before 1900.")
                              % {"date": born.isoformat()})
    if born > today:
        raise InvalidIdNumber(_("The birth date in the identity number, %(date)s, is in the future.")
                              % {"date": born.isoformat()})
    return born


def make(region, birth_date, sequence):
    """An identity number with its check digit (for demo data and tests). sequence: 0–999, odd for men."""
    first17 = f"{region}{birth_date:%Y%m%d}{sequence:03d}"
    return first17 + check_char(first17)
