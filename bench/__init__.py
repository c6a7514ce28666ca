"""Benchmarks: `make bench` (or `python -m bench`) writes a markdown report to bench/results/."""
