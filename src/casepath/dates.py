"""Date arithmetic of the engine conventions (spec/rules.md §1), written once.

- CONV-3: calendar months by the anniversary rule; a period [s, e] (both inclusive) holds N full
  months iff e + 1 day >= s + N calendar months (month ends clamp: Jan 31 + 1 month = Feb 28/29).
- CONV-4: hours accrue per weekday (Mon-Fri), holidays ignored.
- CONV-5: a look-back window of N years ending on day d starts on d - N years and includes it.

Days are also handled as proleptic ordinals (`date.toordinal()`), which is what timelines use.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from functools import lru_cache

ONE_DAY = timedelta(days=1)
# Length of an average calendar month, used only to express leftover days as a fraction.
AVERAGE_MONTH_DAYS = 365.25 / 12


def add_months(day: date, months: int) -> date:
    """`day` plus a number of calendar months, clamping to the end of a shorter month."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


@lru_cache(maxsize=65536)
def shift_ordinal_by_months(ordinal: int, months: int) -> int:
    """`add_months` on day ordinals, memoised: window starts recur across days and checks."""
    return add_months(date.fromordinal(ordinal), months).toordinal()


def add_years(day: date, years: int) -> date:
    return add_months(day, 12 * years)


def full_months(start: date, end: date) -> int:
    """Full calendar months in the inclusive period [start, end] (CONV-3, anniversary rule)."""
    if end < start:
        return 0
    after_end = end + ONE_DAY
    months = (after_end.year - start.year) * 12 + (after_end.month - start.month)
    # The estimate can be one too many when the day of month has not been reached yet.
    while months > 0 and add_months(start, months) > after_end:
        months -= 1
    return months


def months_and_days(start: date, end: date) -> tuple[int, int]:
    """(full months, leftover days) of the inclusive period [start, end]."""
    if end < start:
        return 0, 0
    months = full_months(start, end)
    leftover = (end + ONE_DAY - add_months(start, months)).days
    return months, leftover


def month_count(start: date, end: date) -> float:
    """Full months plus leftover days as a fraction of an average month (for display and sums).

    For one period this never reaches the next whole number before the anniversary does, so
    `month_count(s, e) >= N` agrees with CONV-3 for every whole N.
    """
    months, leftover = months_and_days(start, end)
    return months + min(leftover / AVERAGE_MONTH_DAYS, 0.999)


def last_day_of_months(start: date, months: int) -> date:
    """The first end date e such that [start, e] holds `months` full months (CONV-3)."""
    return add_months(start, months) - ONE_DAY


def weekdays_between(start: date, end: date) -> int:
    """Number of Mondays to Fridays in the inclusive period [start, end] (CONV-4)."""
    return weekdays_in(start.toordinal(), end.toordinal())


def weekdays_until(day: date) -> int:
    """Weekdays from an arbitrary epoch (ordinal 1, a Monday) up to and including `day`."""
    return weekdays_through(day.toordinal())


def weekdays_through(ordinal: int) -> int:
    """Weekdays from the ordinal epoch (ordinal 1 is 0001-01-01, a Monday) up to `ordinal`."""
    weeks, rest = divmod(ordinal, 7)
    return weeks * 5 + min(rest, 5)


def weekdays_in(first: int, last: int) -> int:
    """Weekdays in the inclusive ordinal period [first, last] (CONV-4)."""
    return 0 if last < first else weekdays_through(last) - weekdays_through(first - 1)


def lookback_start(day: date, *, years: int = 0, months: int = 0) -> date:
    """First day of the look-back window ending on `day` (CONV-5: the boundary day counts)."""
    return add_months(day, -(12 * years + months))


def days(n: int) -> timedelta:
    return timedelta(days=n)
