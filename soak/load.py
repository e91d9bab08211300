"""The soak's load: one thread a person, on a keep-alive connection of their own, reading pages
and now and then writing a check-in through the whole staged form, its notes carrying a unique
token; every answer is counted in a ``Tally``.

An answer is "ok" when it is the expected one, "friendly_503" when it is the page shown while
the database is away (never a traceback), and an error otherwise, a refused connection too.
"""

import collections
import http.client
import random
import threading
import time
import uuid
from dataclasses import dataclass, field

from bench.harness import Client, find_form

FRIENDLY_503 = "MassageCare is back in a moment"


STAGE_ANSWERS = {
    "emergency": {},
    "symptoms": {
        "symptom-TOTAL_FORMS": "1",
        "symptom-INITIAL_FORMS": "0",
        "symptom-MIN_NUM_FORMS": "0",
        "symptom-MAX_NUM_FORMS": "40",
        "symptom-0-kind": "ache",
        "symptom-0-region": "shoulder_top",
        "symptom-0-side": "both",
        "symptom-0-nprs": "3",
    },
    "movement": {"left-arm_side_lift": "harder", "right-arm_side_lift": "easy"},
}


@dataclass
class Tally:
    """What one phase saw. Shared by the threads; every change under the lock."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    requests: int = 0
    by_status: collections.Counter = field(default_factory=collections.Counter)
    errors: list = field(default_factory=list)
    latencies: list = field(default_factory=list)
    saved_tokens: list = field(default_factory=list)
    # (time, kind): kind "ok", "friendly_503", or an error; for the restart's timeline.
    events: list = field(default_factory=list)

    def record(self, started, status, expected, path, text):
        now = time.monotonic()
        with self.lock:
            self.requests += 1
            self.by_status[status] += 1
            self.latencies.append(now - started)
            if status in expected:
                kind = "ok"
            elif status == 503 and FRIENDLY_503 in text and "Traceback" not in text:
                kind = "friendly_503"
            else:
                kind = f"HTTP {status} {path}"
                self.errors.append((now, kind, text[:300]))
            self.events.append((now, kind, f"{status} {path}"))
            return kind

    def fail(self, path, error):
        now = time.monotonic()
        with self.lock:
            self.requests += 1
            self.by_status["no response"] += 1
            kind = f"{type(error).__name__} {path}"
            self.errors.append((now, kind, str(error)[:300]))
            self.events.append((now, kind, kind))


class Person(threading.Thread):
    """Reads pages and writes check-ins until told to stop."""

    READS = (
        ("/dashboard/", 4),
        ("/massages/{massage}/", 2),
        ("/massages/{massage}/history/", 2),
        ("/checkins/{latest}/assessment/", 3),
        ("/community/", 2),
        ("/community/{story}/", 2),
        ("/", 1),  # a logged-in person is sent on to their dashboard
        ("/healthz", 1),
    )
    EXPECTED = {"/": (302,)}
    WRITE_SHARE = 0.2

    def __init__(self, port, person, stories, tally, stop):
        super().__init__(daemon=True)
        self.client = Client(port, timeout=30)
        self.person = person
        self.stories = stories
        self.tally = tally
        self.stop_event = stop
        self.random = random.Random(person["email"])
        self.paths = [p for p, _ in self.READS]
        self.weights = [w for _, w in self.READS]

    def call(self, path, fields=None, expected=(200,)):
        """A GET, or a form's POST when ``fields`` are given: the response when it was the
        expected one, else None (the tally has counted it)."""
        started = time.monotonic()
        try:
            if fields is None:
                response = self.client.get(path)
            else:
                response = self.client.post_form(path, fields)
        except (OSError, http.client.HTTPException) as error:
            self.tally.fail(path, error)
            return None
        kind = self.tally.record(started, response.status, expected, path, response.text)
        return response if kind == "ok" else None

    def run(self):
        while not self.stop_event.is_set():
            if self.random.random() < self.WRITE_SHARE:
                self.write_checkin()
            else:
                path = self.random.choices(self.paths, self.weights)[0].format(
                    massage=self.person["massage"],
                    latest=self.person["latest"],
                    story=self.random.choice(self.stories),
                )
                self.call(path, expected=self.EXPECTED.get(path, (200,)))

    def write_checkin(self):
        """The whole staged form, as a person fills it in; the notes carry a unique token."""
        url = f"/massages/{self.person['massage']}/checkins/new/"
        answer = self.call(url)
        for _ in range(6):
            if answer is None:
                return  # the failure is counted; this check-in was not saved
            form = find_form(answer.text, "draft")
            stage = dict(form.fields).get("stage")
            if stage == "course":
                token = f"soak-{uuid.uuid4()}"
                answers = {"course": "better", "notes": token}
                fields = form.filled(answers, ("action", "save"))
                answer = self.call(url, fields, expected=(302,))
                if answer is not None and "/assessment/" in answer.location:
                    with self.tally.lock:
                        self.tally.saved_tokens.append(token)
                return
            fields = form.filled(STAGE_ANSWERS.get(stage, {}), ("action", "next"))
            answer = self.call(url, fields)


def run_load(ports, people, stories, seconds, during=None):
    """The load for ``seconds``; ``ports``: one server's port, or several, the people spread
    over them in turn. ``during``, called once the load runs, returns what it started."""
    ports = [ports] if isinstance(ports, int) else list(ports)
    tally = Tally()
    stop = threading.Event()
    threads = [Person(ports[n % len(ports)], p, stories, tally, stop) for n, p in enumerate(people)]
    for thread in threads:
        thread.client.cookies = dict(thread.person["cookies"])
        thread.start()
    started = time.monotonic()
    context = during() if during else None
    while time.monotonic() - started < seconds:
        time.sleep(0.2)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    return tally, time.monotonic() - started, context
