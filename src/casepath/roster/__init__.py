"""Rosters: an organisation's staff as tables (spec/roster-format.md), read into profiles.

`read_roster` reads the tables (a folder of CSV or Parquet files, or one XLSX workbook);
`people` turns them into one validated profile per person, or the problems of that person's rows.
`pipeline` places a judged person in a pipeline stage. `casepath batch` and the organisation
import (issue 11) share them.
"""
