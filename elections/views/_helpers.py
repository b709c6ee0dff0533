"""Small helpers shared by the views."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.utils.translation import gettext as _

from .. import access
from ..services.errors import NeedsOverride


def run_service(request, service, *, success=None, form=None, **kwargs):
    """Call a service; on a rule refusal show its message (and attach it to the form). Returns the result or None.

    A warning (NeedsOverride) goes to the form's `override_reason` field when it has one: the person writes
    the reason and sends the form again."""
    try:
        result = service(**kwargs)
    except NeedsOverride as exc:
        if form is None or "override_reason" not in form.fields:
            messages.error(request, "；".join(exc.messages))
            return None
        form.add_error("override_reason", _("To go ahead despite these warnings, write your reason: %(warnings)s")
                       % {"warnings": "；".join(exc.messages)})
        return None
    except ValidationError as exc:
        if form is not None and hasattr(exc, "error_dict"):
            for field, errors in exc.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.error(request, "；".join(exc.messages))
        return None
    if success:
        messages.success(request, success)
    return result if result is not None else True


def paginate(request, queryset, per_page=50):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def election_context(request, election, **extra):
    """What every page of one election needs: the election (for its tabs), its community, and may-I-change."""
    return {"election": election, "community": election.community,
            "can_edit": access.can_edit_election(request.user, election),
            "is_counting_user": access.is_counting_user(request.user), **extra}


def form_errors_to_messages(request, form):
    """A form posted from a page that does not redisplay it: show its errors as messages."""
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
