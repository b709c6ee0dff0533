"""What the page frame (base.html) needs on every page, computed only if the template asks for it."""
from functools import partial

from . import access


def user_menu(request):
    # A callable: the template calls it (one query, cached on the user) only where the menu is drawn.
    return {"user_is_district_admin": partial(access.is_district_admin, request.user),
            "user_sees_statistics": partial(access.can_view_statistics, request.user)}
