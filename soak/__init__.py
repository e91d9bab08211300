"""``make soak`` (run.py): its people (seed.py), their load (load.py), the PostgreSQL restart
(cluster.py), the checks (checks.py) and the two-server run (two_servers.py, settings.py); it
shares bench/harness.py with ``make bench``."""
