from django import template

from elections import access

register = template.Library()


@register.filter
def may_see_complaints(user, election):
    """AFT-5: complaints (complainants' details, evidence) are for the committee and the street office."""
    return access.can_edit_election(user, election) or access.can_supervise_community(user, election.community)
