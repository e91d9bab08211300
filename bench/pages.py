"""The pages ``make bench`` times: who asks for each, with what body, what it must answer,
the floor it is compared with and its goal (issue 15).

``pages()`` logs in as the three-year person and as the moderator; the check-in form is walked
stage by stage like a browser, up to the final "Save changes", and the massage's edit form is
read for two bodies that differ in the pressure. The records the pages are about come from the
database (``bench.database.lookups``).

Two floors: ``MINIMAL``, a tiny template and no query (what Django costs at all), for the public
pages; ``LOGGED_IN``, the same page for a logged-in person (the session and the user: what every
private page costs before it does anything), for the private ones. Each page is timed right
after a short run of its own floor, and its ratio is to that run.
"""

import json
from dataclasses import dataclass, field
from urllib.parse import urlencode

from bench.bench_engine import make_case
from bench.database import lookups
from bench.harness import Client, HarnessError, find_form

PRESSURES = ("firm", "very_firm")  # the two bodies of the massage edit
API_CASE_LOGS = 30  # the API's case: a month of daily check-ins (bench_engine.make_case)
SESSION_COOKIES = ("sessionid", "csrftoken")  # what wrk sends; never "messages"


class BenchError(HarnessError):
    """Something the person running the bench must fix; ``status`` is the exit status."""


MINIMAL = "/bench/baseline/"
LOGGED_IN = "/bench/baseline/logged-in/"
PRIVATE_GOAL = 0.5  # of the logged-in floor (issue 15)
PUBLIC_GOAL = 0.5  # of the minimal page


@dataclass
class Page:
    name: str
    path: str
    method: str = "GET"
    client: Client | None = None  # None: anonymous
    body: bytes = b""
    # A second body sent every other request: an edit that changes something each time.
    other_body: bytes = b""
    content_type: str = ""
    expect: int = 200
    redirect_to: str = "/assessment/"  # where a saved POST (302) must lead
    floor: str = LOGGED_IN  # the page it is compared with: LOGGED_IN or MINIMAL
    goal: float | None = PRIVATE_GOAL  # the ratio to its floor it must reach; None: no goal
    goal_p50_ms: float | None = None  # instead of a ratio: the median time it must stay under
    connections: int | None = None  # None: the bench's; 1: one person at a time
    bounds: str = ""  # what bounds it, in words, for the report
    result: dict = field(default_factory=dict)

    def floor_page(self, person):
        """The floor's own Page: the minimal page, or the logged-in one as ``person``."""
        if self.floor == MINIMAL:
            return Page("minimal page", MINIMAL, goal=None)
        return Page("logged-in floor", LOGGED_IN, client=person, goal=None)

    def verdict(self):
        """ "" when the page reached its goal (or has none), else what it missed, in words."""
        result = self.result
        if self.goal_p50_ms is not None and result["p50_us"] / 1000 >= self.goal_p50_ms:
            return f"p50 not under {self.goal_p50_ms:.0f} ms"
        if self.goal is not None and result["ratio"] < self.goal:
            return f"below {self.goal}"
        return ""

    def headers(self):
        headers = {}
        if self.client is not None:
            # Only the log-in and CSRF cookies: a flash message left by the check-in POST
            # would otherwise be shown (and cleared) on every later request.
            cookies = {k: v for k, v in self.client.cookies.items() if k in SESSION_COOKIES}
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in sorted(cookies.items()))
        if self.content_type:
            headers["Content-Type"] = self.content_type
        return headers


def checkin_post(client, checkin_id):
    """The body of the check-in form's last stage, "Save changes", reached stage by stage.

    The form carries the answers from stage to stage in a signed hidden field; each stage is
    submitted with its first button (Continue), as pressing Enter would, until the last one.
    """
    path = f"/checkins/{checkin_id}/edit/"
    page = client.get(path)
    for _ in range(8):
        if page.status != 200:
            raise BenchError(f"The check-in form answered {page.status} on {path}")
        form = find_form(page.text, "draft")
        action = form.buttons[0]
        if action == ("action", "save"):
            return path, [*form.fields, action]
        page = client.post_form(path, [*form.fields, action])
    raise BenchError("The check-in form never reached its last stage.")


def massage_edit(client, massage_id):
    """Two bodies of the massage's edit form, as a browser sends it, that differ in the
    pressure: each save changes what every assessment says (its evidence), so each request
    re-assesses the whole history and rewrites every stored result (spec/triage.md 10.7)."""
    path = f"/massages/{massage_id}/edit/"
    page = client.get(path)
    if page.status != 200:
        raise BenchError(f"The massage form answered {page.status} on {path}")
    form = find_form(page.text, "pressure")
    fields = [(name, value) for name, value in form.fields if name != "pressure"]
    bodies = [urlencode([*fields, ("pressure", pressure)]).encode() for pressure in PRESSURES]
    return path, bodies


def report_pdf_post(client, massage_id):
    """The body the report page's "Download PDF" button posts (no name, no notes): its
    options form's fields, the CSRF token and the empty name, are the same."""
    path = f"/massages/{massage_id}/report/"
    page = client.get(path)
    if page.status != 200:
        raise BenchError(f"The report answered {page.status} on {path}")
    return urlencode(find_form(page.text, "name").fields).encode()


def pages(port, config):
    """Every page to time, logged in as it must be, with the massage, its number of check-ins
    (the check-in POST must save in place, never add one) and the logged-in person."""
    massage_id, checkin_id, checkins, story_id, replies = lookups(config)
    from bench.people import LONG_EMAIL, MODERATOR_EMAIL, PASSWORD

    person = Client(port)
    person.log_in(LONG_EMAIL, PASSWORD)
    moderator = Client(port)
    moderator.log_in(MODERATOR_EMAIL, PASSWORD)
    post_path, post_fields = checkin_post(person, checkin_id)
    edit_path, edit_bodies = massage_edit(person, massage_id)
    case = make_case(API_CASE_LOGS)
    form_type = "application/x-www-form-urlencoded"
    listed = [
        Page(
            "landing `/` (anonymous)",
            "/",
            floor=MINIMAL,
            goal=PUBLIC_GOAL,
            bounds="base.html for a visitor, no query",
        ),
        Page(
            "/community/ (anonymous)",
            "/community/",
            floor=MINIMAL,
            goal=PUBLIC_GOAL,
            bounds="the page from the shared cache under the community's version, no query",
        ),
        Page(
            f"a story, {replies} replies (anonymous)",
            f"/community/{story_id}/",
            floor=MINIMAL,
            goal=PUBLIC_GOAL,
            bounds="the page from the shared cache under the community's version, no query",
        ),
        Page(
            "dashboard",
            "/dashboard/",
            client=person,
            bounds="the floor, then the page from memory under the person's records version",
        ),
        Page(
            "check-in form (first stage)",
            f"/massages/{massage_id}/checkins/new/",
            client=person,
            bounds="the page from memory; its draft signed again (a new one-time id)",
        ),
        Page(
            "check-in POST (last stage, save)",
            post_path,
            method="POST",
            client=person,
            body=urlencode(post_fields).encode(),
            content_type=form_type,
            expect=302,
            goal=0.25,
            bounds=(
                "15 queries, each a round trip to PostgreSQL on the same two cores: the "
                "writes (check-in, symptoms, answers; the result when it changed), the window "
                "of 42 days the contract reaches back and one summary of the older check-ins; "
                "the engine over the window's 43 check-ins, not the three years"
            ),
        ),
        Page(
            f"edit the massage (POST, {checkins} check-ins re-assessed; one person)",
            edit_path,
            method="POST",
            client=person,
            body=edit_bodies[0],
            other_body=edit_bodies[1],
            content_type=form_type,
            expect=302,
            redirect_to=f"/massages/{massage_id}/",
            goal=None,
            goal_p50_ms=1000,
            connections=1,
            bounds=(
                "reading and judging every check-in again and writing each changed result: "
                "linear in the history"
            ),
        ),
        # Where the POST leads (and /massages/<id>/assessment/ redirects): the latest result.
        Page(
            "assessment (latest check-in)",
            f"/checkins/{checkin_id}/assessment/",
            client=person,
            bounds="the floor, then the page from memory",
        ),
        Page(
            f"history ({checkins} check-ins)",
            f"/massages/{massage_id}/history/",
            client=person,
            bounds="the floor, then the page from memory (~160 KB of charts to send)",
        ),
        Page(
            "report for the doctor",
            f"/massages/{massage_id}/report/",
            client=person,
            bounds="the floor, then the page from memory",
        ),
        Page(
            "report for the doctor (PDF)",
            f"/massages/{massage_id}/report.pdf",
            method="POST",
            client=person,
            body=report_pdf_post(person, massage_id),
            content_type=form_type,
            expect=200,
            bounds=(
                "the floor, then the PDF from memory (built once per state and options, about "
                "a second)"
            ),
        ),
        Page(
            "/community/ (logged in)",
            "/community/",
            client=person,
            bounds="the floor, then the list from the shared cache",
        ),
        Page(
            f"a story, {replies} replies (logged in)",
            f"/community/{story_id}/",
            client=person,
            bounds=(
                "the floor, the story and its replies from the shared cache, and a report "
                "form per reply filled in from one drawn copy (the reader's own reports are "
                "read only if they ever reported)"
            ),
        ),
        Page(
            "admin moderation queue",
            "/admin/community/story/",
            client=moderator,
            goal=0.25,
            bounds=(
                "Django admin's change list: 7 queries (session, user, 2 permissions, 2 "
                "counts, the page) and a fixed frame (filters, actions, search, menu) of "
                "three quarters of its time; its 50 rows drawn in one pass"
            ),
        ),
        Page(
            f"/api/assess (POST, {API_CASE_LOGS} check-ins)",
            "/api/assess",
            method="POST",
            body=json.dumps(case).encode(),
            content_type="application/json",
            floor=MINIMAL,
            goal=None,
            bounds="validating and judging the 30 check-ins sent (no goal: not a page)",
        ),
    ]
    return listed, massage_id, checkins, person
