"""Problems found in a roster: each names the table, the row, the column, the value and what was
expected, in the wording of a profile's errors."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class RosterProblem:
    """One problem. `row` is the row number as a spreadsheet shows it (the header is row 1);
    None for a problem with the whole table (a missing column, an empty file)."""

    table: str
    row: int | None
    column: str
    value: str
    expected: str
    employee_id: str = ""

    def __str__(self) -> str:
        where = self.table if self.row is None else f"{self.table} row {self.row}"
        if self.column:
            where += f", {self.column}"
        return f"{where}: {self.expected}"


class RosterError(ValueError):
    """A roster that cannot be read at all (no staff table, a required column missing...)."""

    def __init__(self, problems: Sequence[RosterProblem]) -> None:
        self.problems = list(problems)
        first = str(self.problems[0]) if self.problems else "the roster cannot be read"
        more = len(self.problems) - 1
        super().__init__(first + (f" (and {more} more problems)" if more > 0 else ""))
