"""`casepath batch`: a roster judged person by person, written as rows (spec/roster-format.md,
"Batch output"), on all local cores or on a Dask cluster."""
