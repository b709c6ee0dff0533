"""Rule profiles: the shipped ones are read-only; a district administrator copies one and edits the copy."""
from django.db import transaction
from django.forms.models import model_to_dict
from django.utils.translation import gettext as _

from ..audit import audit_log, model_state
from ..models import RuleProfile
from .errors import RuleViolation

COPY_EXCLUDE = ("id", "key", "name", "description", "district", "builtin", "copied_from", "created_at")


def profile_copy(*, profile, actor, district, key, name):
    if RuleProfile.objects.filter(key=key).exists():
        raise RuleViolation("", _("A rule profile with the key “%(key)s” already exists.") % {"key": key},
                            field="key")
    with transaction.atomic():
        copy = RuleProfile(**model_to_dict(profile, exclude=COPY_EXCLUDE), key=key, name=name, district=district,
                           copied_from=profile, description=_("Copied from %(name)s") % {"name": profile.name})
        copy.full_clean()
        copy.save()
        audit_log(actor=actor, action="elections.profile.copied", obj=copy, data={"from": profile.key},
                  after=model_state(copy))
    return copy


def profile_update(*, profile, actor, **changes):
    """Edit a district's own profile. Elections keep their frozen copy, so this never changes one under way."""
    if profile.builtin:
        raise RuleViolation("", _("The shipped profiles cannot be edited: copy one first."))
    with transaction.atomic():
        profile = RuleProfile.objects.select_for_update().get(pk=profile.pk)
        before = model_state(profile)
        for key, value in changes.items():
            setattr(profile, key, value)
        profile.full_clean()
        profile.save()
        audit_log(actor=actor, action="elections.profile.updated", obj=profile, before=before,
                  after=model_state(profile))
    return profile
