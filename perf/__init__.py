"""Benchmark, load and crash tooling: its commands and `python -m perf.bench.load`. Nothing imports it."""
