"""The after-the-vote pages: handover, wrap-up, complaints, the committee in office (recall, by-election)."""
from elections import access
from elections.views._helpers import election_context


def page_context(request, election, **extra):
    return election_context(request, election, **extra,
                            can_supervise=access.can_supervise_community(request.user, election.community))
