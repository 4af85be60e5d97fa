"""Benchmarks: a generator of large realistic corpora, and timings of ingest, re-runs, memory and the
dashboard's queries against the targets of issue 6 (`make bench`)."""
