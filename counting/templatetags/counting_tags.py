"""Template filters of the counting pages."""
from django import template

from elections.rules import position_label

register = template.Library()


@register.filter
def position(value):
    """'member' → 委员 / Member (the position's label in the current language)."""
    return position_label(value)


@register.filter
def pct(value):
    """A share for a CSS width: '42.5' whatever the language's decimal separator."""
    return f"{float(value or 0):.1f}"
