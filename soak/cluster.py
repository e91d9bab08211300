"""The PostgreSQL cluster under the soak: whether it answers, and a restart under load.

``pg_ctlcluster`` stops and starts the cluster that serves the soak's database; the restart runs
in a thread of its own while the load goes on, and notes when each step happened so that the
checks can tell the answers given while the database was down from those after its return.
"""

import subprocess
import threading
import time
from dataclasses import dataclass


@dataclass
class Cluster:
    """The cluster ``name`` ("<version> main") serving the database at ``url``."""

    name: str
    url: str

    def ctl(self, action):
        version, name = self.name.split()
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action],
            check=True,
            stdin=subprocess.DEVNULL,
        )

    def answers(self, url=None):
        import psycopg

        try:
            with psycopg.connect(url or self.url, connect_timeout=2) as conn:
                conn.execute("SELECT 1")
            return True
        except psycopg.OperationalError:
            return False

    def restart(self, timeline, *, after, down):
        """Stop PostgreSQL ``after`` seconds, keep it down ``down`` seconds, start it; the times
        go in ``timeline``. Returns the thread that does it."""

        def run():
            time.sleep(after)
            timeline["stop_called"] = time.monotonic()
            self.ctl("stop")
            timeline["down"] = time.monotonic()
            time.sleep(down)
            timeline["start_called"] = time.monotonic()
            self.ctl("start")
            while not self.answers():
                time.sleep(0.05)
            timeline["back"] = time.monotonic()

        thread = threading.Thread(target=run, daemon=True)
        thread.start()
        return thread
