"""Benchmarks of issue 3, driving the real programs: ``bench/run`` (see bench/README.md)."""
