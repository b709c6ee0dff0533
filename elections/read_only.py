"""AFT-4: an election restored from its archive is a read-only record. Every page of an election takes its pk
from a URL beginning `elections/<int:pk>/` or `e/<int:pk>/` (under any app's prefix); this middleware refuses
(403) every request that could change something — any method but GET, HEAD and OPTIONS — on such a URL when
the election is restored, before the view runs. access.get_election(edit/supervise) and the state machine
refuse too, so no page or service forgets.

The row read here is the one access.get_election reads first (access.preload_election): the view's own
lookup takes it instead of asking the database again — one query less on every issuance (issue 13). The
scope is still tested there, on that row; the row is offered once, to this request only.
"""
import re

from django.core.exceptions import PermissionDenied

from . import access

ELECTION_ROUTE = re.compile(r"(^|/)(elections|e)/<int:pk>/")
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class RestoredElectionReadOnlyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            return self.get_response(request)
        finally:
            access.forget_preloaded_election()

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or "pk" not in view_kwargs:
            return None
        match = getattr(request, "resolver_match", None)
        if match is None or not ELECTION_ROUTE.search(match.route):
            return None
        election = access.preload_election(view_kwargs["pk"])
        if election is not None and election.is_restored:
            raise PermissionDenied
        return None
