"""The load tools' own code, run by hand, not as timed tests: ``make bench`` (run.py, the engine
and scanner timings, the seeder) and the harness that ``make soak`` shares (harness.py)."""
