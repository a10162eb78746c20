"""Benchmark helpers and the baseline apps of scripts/bench.py and scripts/load.py (not part of the app)."""
