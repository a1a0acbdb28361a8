"""Day ordinals to year, month and day, for whole columns at once (a lookup table over the
plausible dates of a record, 1900-2200)."""

from __future__ import annotations

from datetime import date
from functools import cache

import numpy as np

from casepath.columnar.frame import EPOCH_ORDINAL, Array

_FIRST = date(1899, 12, 1).toordinal()
_LAST = date(2201, 1, 31).toordinal()


@cache
def _table() -> tuple[Array, Array, Array]:
    days = (np.arange(_FIRST, _LAST + 1, dtype=np.int64) - EPOCH_ORDINAL).astype("datetime64[D]")
    months = days.astype("datetime64[M]")
    years = months.astype("datetime64[Y]")
    return (
        years.astype(np.int64) + 1970,
        (months - years).astype(np.int64) + 1,
        (days - months).astype(np.int64) + 1,
    )


def ymd(ordinal: Array) -> tuple[Array, Array, Array]:
    index = np.clip(np.asarray(ordinal, np.int64), _FIRST, _LAST) - _FIRST
    year, month, day = _table()
    return year[index], month[index], day[index]
