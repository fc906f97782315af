"""Helpers shared by the benchmarks and their tests (a package, so `make bench` does not run it as a script)."""
