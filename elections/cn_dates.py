"""Dates the Chinese way: 2026-11-22 → 二〇二六年十一月二十二日 (official documents), 2026年11月22日 (pages)."""
import datetime

_DIGITS = "〇一二三四五六七八九"


def chinese_number(n):
    """0–99 in Chinese numerals, as in days and 第十二届: 十, 十一, 二十, 二十二, 九十九 (others as digits)."""
    if not 0 <= n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    text = ("" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")) + ("" if ones == 0 else _DIGITS[ones])
    return text or _DIGITS[0]


def chinese_date(day):
    """Official style used on notices, ballots and seals: 二〇二六年十一月二十二日."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    year = "".join(_DIGITS[int(c)] for c in str(day.year))
    return f"{year}年{chinese_number(day.month)}月{chinese_number(day.day)}日"


def numeric_chinese_date(day):
    """Style used on pages: 2026年11月22日."""
    if isinstance(day, datetime.datetime):
        day = day.date()
    return f"{day.year}年{day.month}月{day.day}日"


WEEKDAYS = "一二三四五六日"


def chinese_weekday(day):
    return "星期" + WEEKDAYS[day.weekday()]
