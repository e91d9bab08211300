"""``make soak`` (run.py): its people (seed.py), their load (load.py), the PostgreSQL restart
(cluster.py) and the checks (checks.py); it shares bench/harness.py with ``make bench``."""
