"""What every election-day page needs."""
from elections.views._helpers import election_context


def page_context(request, election, **extra):
    return election_context(request, election, **extra)


def safe_next(request, default):
    """A local path to go back to after a POST (the issuance search keeps its query)."""
    target = request.POST.get("next", "")
    return target if target.startswith("/") and not target.startswith("//") else default
