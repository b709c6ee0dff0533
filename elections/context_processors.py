"""What the page frame (base.html) needs on every page, computed only if the template asks for it."""
from functools import partial

from . import access


def user_menu(request):
    # A callable: the template calls it (one query, cached on the user) only where the menu is drawn.
    return {"user_is_district_admin": partial(access.is_district_admin, request.user),
            "user_sees_statistics": partial(access.can_view_statistics, request.user),
            "user_is_counting_user": partial(access.is_counting_user, request.user),
            "user_manages_users": partial(_manages_users, request.user)}


def _manages_users(user):
    from .services.users import grantable_kinds
    return bool(grantable_kinds(user))
