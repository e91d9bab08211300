"""The load tools' own code, run by hand, not as timed tests: ``make bench`` (run.py, which
runs database.py, pages.py, load.py and report.py in turn; the engine and scanner timings; the
seeder: seed.py with people.py, histories.py and stories.py) and the harness that ``make soak``
shares (harness.py)."""
