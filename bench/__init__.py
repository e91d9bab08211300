"""Small benchmarks, run by hand (`make bench`), not as timed tests."""
