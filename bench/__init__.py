"""Benchmarks: scripts that print tables (run with `python -m bench.NAME`)."""
