"""What ``make bench`` and ``make soak`` share: the app served as in production on a loopback
port, and a client that logs in and fills forms as a browser does.

It lives in bench/ (soak/ imports it from here) rather than in a folder of its own: the
two load tools are the only users, and one more top-level folder would be one more place to
look for something that is not part of the app.

- ``server_environment``, ``manage``, ``setup_django``: the production settings (``DEBUG`` off,
  a throwaway ``SECRET_KEY``, loopback hosts, no redirect to HTTPS since there is no TLS proxy
  on loopback), for ``manage.py`` commands, for gunicorn, and for this process's own ORM;
- ``recreate_database``, ``drop_database``: a PostgreSQL database of the tool's own;
- ``free_port`` and ``Server``: gunicorn on a free loopback port, in its own process group, its
  output in a log file, stopped when the ``with`` block ends, however it ends (SIGTERM too);
- ``Client``: one person's keep-alive connection with their cookies, ``log_in`` through Django's
  log-in form; ``find_form``: what a browser would send from a page's form.

The client keeps every cookie it is given, the Secure ones included: production settings mark
the session and CSRF cookies Secure, and the tools talk plain HTTP on loopback, where a
browser's cookie jar would drop them.
"""

import http.client
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"


class HarnessError(Exception):
    """Something the person running the tool must fix; ``status`` is the exit status (2: a
    tool or service it needs is missing or refused)."""

    def __init__(self, message, status=1):
        super().__init__(message)
        self.status = status


# The app's environment ---------------------------------------------------------------------


def server_environment(database_url, static_root, settings="massagecare.settings", **extra):
    """The environment of the app as production runs it, on ``database_url``."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": settings,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": f"{HOST},localhost",
        # Plain HTTP on loopback: no TLS proxy in front, so HTTP must not be redirected.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
        "STATIC_ROOT": str(static_root),
        "PYTHONPATH": str(ROOT),
        **extra,
    }


def manage(env, *arguments):
    """``manage.py`` with the app's environment, its own output left out (errors are shown)."""
    command = [sys.executable, str(ROOT / "manage.py"), *arguments]
    # Fixed arguments, from the tools themselves.
    subprocess.run(command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def setup_django(env):
    """This process's Django on the same settings and database as the server's."""
    os.environ.update(env)
    import django

    django.setup()


# The database ------------------------------------------------------------------------------


def admin_url(database_url):
    """The server's own ``postgres`` database: where a tool's database is dropped and made."""
    parts = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit(parts._replace(path="/postgres"))


def _on_server(database_url, statements):
    import psycopg
    from psycopg import sql

    name = sql.Identifier(urllib.parse.urlsplit(database_url).path.lstrip("/"))
    try:
        with psycopg.connect(admin_url(database_url), autocommit=True, connect_timeout=5) as conn:
            for statement in statements:
                conn.execute(sql.SQL(statement).format(name))
    except psycopg.OperationalError as error:
        raise HarnessError(f"PostgreSQL does not answer for {database_url}: {error}", 2) from None


def recreate_database(database_url):
    """An empty database at ``database_url``, whatever was there before (its sessions ended)."""
    _on_server(database_url, ["DROP DATABASE IF EXISTS {} WITH (FORCE)", "CREATE DATABASE {}"])


def drop_database(database_url):
    _on_server(database_url, ["DROP DATABASE IF EXISTS {} WITH (FORCE)"])


# The server --------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


class Server:
    """gunicorn on a free loopback port, in its own process group, its output in ``log_path``.

    ``options`` are gunicorn's own (workers, threads, worker class, timeouts). Used as a context
    manager it waits until ``/healthz`` answers and is stopped when the block ends, however it
    ends: a SIGTERM (e.g. a timeout) becomes SystemExit meanwhile, so the block's exit runs.
    """

    def __init__(self, env, log_path, *options):
        self.port = free_port()
        self.log_path = Path(log_path)
        gunicorn = Path(sys.executable).parent / "gunicorn"
        command = [
            str(gunicorn),
            "massagecare.wsgi",
            f"--bind={HOST}:{self.port}",
            # gunicorn's control socket has one default path for every server on the machine.
            "--no-control-socket",
            *options,
        ]
        with self.log_path.open("w") as log:
            # Fixed arguments (this interpreter's gunicorn); its own session, to stop it whole.
            self.process = subprocess.Popen(  # noqa: S603
                command,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._previous_sigterm = None

    def __enter__(self):
        self._previous_sigterm = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
        try:
            self.wait_ready()
        except BaseException:
            self.__exit__()
            raise
        return self

    def __exit__(self, *exc_info):
        self.stop()
        if self._previous_sigterm is not None:
            signal.signal(signal.SIGTERM, self._previous_sigterm)
            self._previous_sigterm = None

    def wait_ready(self, timeout=60):
        client = Client(self.port)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise HarnessError(
                    f"gunicorn exited ({self.process.returncode}):\n{self.log_tail()}"
                )
            try:
                if client.get("/healthz").status == 200:
                    client.close()
                    return
            except (OSError, http.client.HTTPException):
                pass
            time.sleep(0.3)
        raise HarnessError(f"gunicorn did not answer /healthz in {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=40):
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-lines:])
        except OSError:
            return "(no gunicorn log)"

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()  # the master stops its workers gracefully
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()


# The client --------------------------------------------------------------------------------


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    @property
    def location(self):
        return self.headers.get("Location", "")


class Client:
    """One person: a keep-alive connection, opened again when the server closes it, and their
    cookies. A request that fails closes the connection and raises (OSError, HTTPException)."""

    def __init__(self, port, host=HOST, timeout=120):
        self.host, self.port, self.timeout = host, port, timeout
        self.cookies = {}
        self._connection = None

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in sorted(self.cookies.items()))

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies and "Cookie" not in headers:
            headers["Cookie"] = self.cookie_header()
        if self._connection is None:
            self._connection = http.client.HTTPConnection(self.host, self.port, self.timeout)
        try:
            self._connection.request(method, path, body=body, headers=headers)
            answer = self._connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        except (OSError, http.client.HTTPException):
            self.close()
            raise
        if answer.will_close:
            self.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)  # Django deletes a cookie this way
                else:
                    self.cookies[name] = morsel.value
        return response

    def close(self):
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        """``fields``: (name, value) pairs or a dict, sent as a browser sends a form."""
        body = urllib.parse.urlencode(fields)
        return self.request(
            "POST", path, body, {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def log_in(self, email, password):
        """Django's log-in form, as a person fills it in; the session cookie is kept."""
        page = self.get("/accounts/login/")
        form = find_form(page.text, "username")
        fields = [(n, v) for n, v in form.fields if n not in ("username", "password")]
        fields += [("username", email), ("password", password)]
        response = self.post_form("/accounts/login/", fields)
        if response.status != 302 or "sessionid" not in self.cookies:
            raise HarnessError(f"Log-in as {email} failed: {response.status}")
        return response


# Forms -------------------------------------------------------------------------------------


@dataclass
class Form:
    fields: list  # (name, value) pairs a browser would send, buttons left out
    buttons: list  # (name, value) of each submit button, in page order

    def filled(self, answers, button):
        """What pressing ``button`` sends with ``answers`` (a dict) typed over the fields."""
        kept = [(name, value) for name, value in self.fields if name not in answers]
        return [*kept, *answers.items(), button]


class _FormParser(HTMLParser):
    """Every form of a page with what a browser would send from it."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None
        self._inert = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "template":
            self._inert += 1  # a <template>'s content is not part of the form
        if tag == "form":
            self._form = Form([], [])
            self.forms.append(self._form)
            return
        if self._form is None or self._inert or "disabled" in attrs:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self._form.buttons.append((name, attrs.get("value") or ""))
            elif kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    value = attrs.get("value")
                    self._form.fields.append((name, "on" if value is None else value))
            elif kind not in ("button", "reset", "file"):
                self._form.fields.append((name, attrs.get("value") or ""))
        elif tag == "button" and name and (attrs.get("type") or "submit").lower() == "submit":
            self._form.buttons.append((name, attrs.get("value") or ""))
        elif tag == "select" and name:
            self._select = {"name": name, "multiple": "multiple" in attrs, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = {"value": attrs.get("value"), "selected": "selected" in attrs}
            self._option["text"] = ""
            self._select["options"].append(self._option)
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data
        elif self._option is not None:
            self._option["text"] += data

    def handle_endtag(self, tag):
        if tag == "template":
            self._inert -= 1
        elif tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o["selected"]]
            if not chosen and options and not self._select["multiple"]:
                chosen = options[:1]  # a single select sends its first option by default
            for option in chosen:
                value = option["value"] if option["value"] is not None else option["text"].strip()
                self._form.fields.append((self._select["name"], value))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self._form.fields.append((name, text.removeprefix("\n")))
            self._textarea = None


def find_form(html, field_name):
    """The first form of the page that has a field named ``field_name``."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    for form in parser.forms:
        if any(name == field_name for name, _ in form.fields):
            return form
    raise ValueError(f"No form with a field {field_name!r} on the page.")
