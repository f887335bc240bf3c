"""`svcstd edit` started as a person starts it (the installed command, in a folder), and a browser without scripts.

The client reads each page's form as a browser does (lxml.html: every named
control with its value, a checkbox only when checked, the button pressed) and
posts it back, so the tests drive the editor exactly as a person without
JavaScript would.
"""

from __future__ import annotations

import http.client
import os
import re
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import lxml.html

from conftest import SVCSTD

ADDRESS = re.compile(r"at (http://127\.0\.0\.1:(\d+)/\?token=([A-Za-z0-9_-]+))")


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    text: str

    @property
    def page(self) -> lxml.html.HtmlElement:
        return lxml.html.fromstring(self.text)


@dataclass
class Editor:
    """A running `svcstd edit`: its process, address and token, and the cookie its address gave the client."""

    process: subprocess.Popen[str]
    url: str
    port: int
    token: str
    cookie: str = ""
    stderr: list[str] = field(default_factory=list)

    def request(
        self, method: str, path: str, body: str | None = None, headers: dict[str, str] | None = None
    ) -> Response:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookie and "Cookie" not in sent:
            sent["Cookie"] = self.cookie
        if body is not None:
            sent.setdefault("Content-Type", "application/x-www-form-urlencoded")
        connection.request(method, path, body=body.encode("utf-8") if body is not None else None, headers=sent)
        answer = connection.getresponse()
        text = answer.read().decode("utf-8")
        connection.close()
        return Response(answer.status, {k.lower(): v for k, v in answer.getheaders()}, text)

    def open(self) -> Response:
        """Follow the printed address as a browser does: the token becomes a cookie, then the editor page."""
        first = self.request("GET", urlsplit(self.url).path + "?" + urlsplit(self.url).query)
        assert first.status == 303, first
        self.cookie = first.headers["set-cookie"].split(";")[0]
        return self.request("GET", "/")

    def submit(
        self, page: Response, button: str, changes: dict[str, str | list[str]] | None = None, path: str = "/"
    ) -> Response:
        """Press the button whose value is `button` (or a formaction's path) after typing `changes` into fields."""
        return self.request("POST", path, urlencode(form_fields(page, button, changes), doseq=True))

    def stop(self) -> tuple[int, str]:
        """Ctrl-C, as a person stops it: its exit code and what it printed."""
        self.process.send_signal(signal.SIGINT)
        try:
            _, err = self.process.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            raise
        return self.process.returncode, "".join(self.stderr) + err


def form_fields(page: Response, button: str, changes: dict[str, str | list[str]] | None) -> list[tuple[str, str]]:
    form = page.page.get_element_by_id("charter-form")
    fields: list[tuple[str, str]] = []
    for control in form.iter("input", "textarea", "select"):
        name = control.get("name")
        if not name:
            continue
        kind = control.get("type", "text")
        if control.tag == "textarea":
            fields.append((name, control.text or ""))
        elif control.tag == "select":
            chosen = [o for o in control.iter("option") if o.get("selected") is not None]
            option = chosen[0] if chosen else next(control.iter("option"))
            fields.append((name, option.get("value", option.text or "")))
        elif kind in ("checkbox", "radio"):
            if control.get("checked") is not None:
                fields.append((name, control.get("value", "on")))
        else:
            fields.append((name, control.get("value", "")))
    for name, value in (changes or {}).items():
        fields = [(n, v) for n, v in fields if n != name]
        fields += [(name, v) for v in value] if isinstance(value, list) else [(name, value)]
    if button:
        fields.append(("action", button))
    return fields


def start(folder: Path, *args: str) -> Editor:
    """`svcstd edit ARGS --no-browser` in `folder`, once it prints its address."""
    assert SVCSTD.exists(), "svcstd is not installed next to this Python: pip install -e '.[test]'"
    process = subprocess.Popen(
        [str(SVCSTD), "edit", *args, "--no-browser"],
        cwd=folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert process.stderr is not None
    printed: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        printed.append(line)
        if match := ADDRESS.search(line):
            printed.append(process.stderr.readline())
            return Editor(process, match[1], int(match[2]), match[3], stderr=printed)
    process.kill()
    raise AssertionError("svcstd edit printed no address: " + "".join(printed) + (process.stderr.read() or ""))
