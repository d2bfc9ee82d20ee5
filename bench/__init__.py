"""Benchmarks, run by `make bench`: each starts a live server and prints figures with a same-run baseline."""
