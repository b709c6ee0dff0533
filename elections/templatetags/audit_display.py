"""{% for field, old, new in entry|changes_for:reveal %}: an audit entry's changes, identity and phone numbers
masked unless `reveal` (the community's own clerks), for entries written before they were masked on entry;
{% for key, value in entry|data_items_for:reveal %} the same for its details."""
from django import template

register = template.Library()


@register.filter
def changes_for(entry, reveal):
    return entry.changes(reveal_private=bool(reveal))


@register.filter
def data_items_for(entry, reveal):
    return list(entry.shown_data(reveal_private=bool(reveal)).items())
