"""Template filters: {{ day|cn_date }} → 2026年11月22日, {{ day|cn_official_date }} → 二〇二六年十一月二十二日."""
import datetime

from django import template
from django.utils import timezone, translation

from .. import cn_dates

register = template.Library()


def _as_date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


@register.filter
def cn_date(value):
    if not value:
        return ""
    day = _as_date(value)
    if not translation.get_language().startswith("zh"):
        return day.isoformat()
    return cn_dates.numeric_chinese_date(day)


@register.filter
def cn_official_date(value):
    return cn_dates.chinese_date(_as_date(value)) if value else ""


@register.filter
def cn_weekday(value):
    return cn_dates.chinese_weekday(_as_date(value)) if value else ""
