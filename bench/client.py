"""A small HTTP client for bench/run.py: cookies, log-in, and forms filled as a browser would.

It keeps every cookie it is given, the Secure ones included: production settings mark the
session and CSRF cookies Secure, and the bench talks plain HTTP on loopback (no TLS proxy), where
a browser's cookie jar would drop them. wrk then gets the same cookies as a header.
"""

import http.client
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from urllib.parse import urlencode


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")


class Client:
    def __init__(self, host, port):
        self.host, self.port = host, port
        self.cookies = {}

    def cookie_header(self):
        return "; ".join(f"{name}={value}" for name, value in sorted(self.cookies.items()))

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies and "Cookie" not in headers:
            headers["Cookie"] = self.cookie_header()
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            response = Response(answer.status, answer.headers, answer.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or "1970" in morsel["expires"]:
                    self.cookies.pop(name, None)  # Django deletes a cookie this way
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        body = urlencode(fields)
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
            raise RuntimeError(f"Log-in as {email} failed: {response.status}")
        return response


@dataclass
class Form:
    fields: list  # (name, value) pairs a browser would send, buttons left out
    buttons: list  # (name, value) of each submit button, in page order


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
