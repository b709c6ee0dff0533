"""Personal numbers shown, and kept in the audit log, only as far as a reader needs them (VOT-7).

Identity and phone numbers are masked in every audit-log entry when it is written (AuditLog.save and
bulk_create call `mask_private`), since street supervisors and observers read the log; entries written before
that are masked on screen for everyone but the community's own clerks.
"""


def mask_identity_number(number):
    """VOT-7: the first 6 and last 4 characters; the birth date and sequence are hidden."""
    return f"{number[:6]}{'*' * 8}{number[-4:]}" if len(number) == 18 else "*" * len(number)


def mask_phone(phone):
    """The prefix and the last 4 digits: 13812345678 → 138****5678, 010-62751234 → 010****1234."""
    if len(phone) >= 8:
        return f"{phone[:3]}****{phone[-4:]}"
    return "*" * max(len(phone) - 4, 0) + phone[-4:]


PRIVATE_FIELDS = {"id_number": mask_identity_number, "phone": mask_phone}


def mask_private(value):
    """A copy of a JSON-like value with every identity or phone number, found by its key, masked."""
    if isinstance(value, dict):
        return {key: (PRIVATE_FIELDS[key](item) if key in PRIVATE_FIELDS and isinstance(item, str) and item
                      else mask_private(item)) for key, item in value.items()}
    if isinstance(value, list):
        return [mask_private(item) for item in value]
    return value
