"""The editor's local web server: the standard library's, on 127.0.0.1 only, for one person at a time.

A department would have nothing to operate: no framework, no port open to
the network. What reaches it is treated as hostile all the same, since any
web page the person visits can make their browser send requests to it:

* it listens on 127.0.0.1 only, on a chosen or a free port;
* a request naming another Host is refused, so a DNS-rebound name cannot read it;
* every request carries a random token made at start: the address opened
  holds it once, and it is then a cookie sent only to this origin
  (SameSite=Strict, HttpOnly); every post also carries it in the form, and a
  post from another Origin is refused, so no other site can post;
* only the charter's own file is read or written, and a new charter only as
  a plain file name in the folder the editor was started in;
* bodies are bounded, and every page forbids scripts, styles and fetches
  from anywhere but itself (Content-Security-Policy).
"""

from __future__ import annotations

import hmac
import json
import secrets
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from svcstd.edit.form import MAX_ITEMS, Form, languages_of
from svcstd.edit.page import LANGUAGES, Pages, static_file
from svcstd.edit.session import Session
from svcstd.errors import InputError, UsageError
from svcstd.loader import MAX_DEPTH

MAX_BODY = 4 * 2**20
"""A posted form: a large charter's form is a few hundred kilobytes."""
COOKIE = "svcstd_edit"
EDITOR_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)
PREVIEW_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'none'; base-uri 'none'"
"""The public page carries its style inline, as render writes it; it runs no script."""


class Editor:
    """The session, its pages in each language, and the token every request must carry."""

    def __init__(self, session: Session, language: str) -> None:
        self.session = session
        self.language = language if language in LANGUAGES else "en"
        self.token = secrets.token_urlsafe(32)
        self.form = Form()
        self.pages = {code: Pages(code, session.judge.catalogue) for code in LANGUAGES}
        self.lock = threading.Lock()
        """One action at a time: two saves at once would race for the file."""

    def page(self, data: dict[str, Any], language: str, notice: str = "", problem: str = "") -> str:
        return self.pages[language].editor(
            data,
            self.session.judged(data),
            token=self.token,
            file=self.session.path,
            unsaved=data != self.session.data or not self.session.exists,
            notice=notice,
            problem=problem,
            languages=list(dict.fromkeys([*languages_of(data), *LANGUAGES])),
        )

    def posted(self, fields: dict[str, list[str]]) -> dict[str, Any]:
        """The charter the posted page holds: its state with the form's values over it."""
        try:
            state = json.loads(fields.get("state", ["{}"])[0] or "{}")
        except (ValueError, RecursionError):
            raise UsageError("state") from None
        if not isinstance(state, dict) or _deeper_than(state, MAX_DEPTH):
            raise UsageError("state")
        return self.form.read(fields, state)

    def act(self, action: str, data: dict[str, Any], fields: dict[str, list[str]], language: str) -> tuple[str, str]:
        """Carry out a button's action on the charter; the page to show next."""
        pages = self.pages[language]
        notice = problem = ""
        if action.startswith("lang:") and action[5:] in LANGUAGES:
            language = action[5:]
        elif action.startswith(("add:", "remove:")):
            data = changed_list(self.form, data, action)
        elif action == "fix":
            before = len(self.session.judged(data).fixable)
            data = self.session.fixed(data)
            notice = pages.say("edit.fixed", count=before)
        elif action.startswith("fix:") and action[4:].isdigit():
            data = self.session.fixed(data, int(action[4:]))
            notice = pages.say("edit.fixed", count=1)
        elif action == "save":
            try:
                where = self.session.save(data, (fields.get("save_as") or [""])[0])
                data = self.session.data
                notice = pages.say("edit.saved", file=where)
            except (InputError, UsageError) as error:
                problem = pages.say("edit.not_saved", reason=str(error))
        return language, self.page(data, language, notice, problem)


def _deeper_than(value: Any, limit: int) -> bool:
    """Whether the value nests more than `limit` levels (a charter file may not; a tampered state is refused)."""
    level: list[Any] = [value]
    for _ in range(limit):
        level = [c for v in level for c in (v.values() if isinstance(v, dict) else v if isinstance(v, list) else ())]
        if not level:
            return False
    return True


def changed_list(form: Form, data: dict[str, Any], action: str) -> dict[str, Any]:
    """`add:services` appends an empty item; `remove:services.2` takes the third away. A path that does not lead to
    a list of the form is ignored, as a tampered button would be."""
    verb, _, dotted = action.partition(":")
    steps: list[str | int] = [int(s) if s.isdigit() else s for s in dotted.split(".") if s]
    last_step = steps[-1] if steps else None
    index = last_step if verb == "remove" and isinstance(last_step, int) else None
    if index is not None:
        steps.pop()
    if not steps or (verb == "remove" and index is None):
        return data
    node: dict[str, Any] = {"type": "object", "properties": form.schema["properties"]}
    for step in steps:  # the list's schema: each step a property of an object, or an item of a list
        node = form.resolve(node)
        node = node.get("items", {}) if isinstance(step, int) else node.get("properties", {}).get(step)
        if node is None:
            return data
    node = form.resolve(node)
    if form.kind(node) != "list":
        return data
    data = json.loads(json.dumps(data))  # a copy the change cannot leak out of
    parent: Any = data
    for step in steps[:-1]:
        parent = (
            parent.setdefault(step, {})
            if isinstance(parent, dict) and isinstance(step, str)
            else (parent[step] if isinstance(parent, list) and isinstance(step, int) and step < len(parent) else None)
        )
        if parent is None:
            return data
    last = steps[-1]
    if not isinstance(parent, dict) or not isinstance(last, str):
        return data
    items = parent.setdefault(last, []) if verb == "add" else parent.get(last)
    if not isinstance(items, list):
        return data
    if verb == "add" and len(items) < MAX_ITEMS:
        items.append({} if form.kind(form.resolve(node.get("items", {}))) == "group" else "")
    elif verb == "remove" and index is not None and index < len(items):
        del items[index]
        if not items:
            del parent[last]
    return data


class Handler(BaseHTTPRequestHandler):
    editor: Editor
    origins: tuple[str, ...]
    """The editor's own origins (http://127.0.0.1:PORT and localhost), as a browser writes them in Origin."""
    server_version = "svcstd-edit"
    sys_version = ""

    def log_message(self, format: str, *args: Any) -> None:
        """Requests are not logged: the terminal shows only the address and how to stop."""

    def allowed(self) -> bool:
        """The Host is this server's own, and the request carries the token (cookie, or the address opened)."""
        if not self.own_host():
            self.refuse(HTTPStatus.MISDIRECTED_REQUEST, "This editor answers only at its own address.")
            return False
        cookie = _cookie(self.headers.get("Cookie", ""), COOKIE)
        if cookie is not None and hmac.compare_digest(cookie, self.editor.token):
            return True
        self.refuse(HTTPStatus.FORBIDDEN, "Open the editor with the address svcstd edit printed.")
        return False

    def own_host(self) -> bool:
        """Whether the request names this server as its Host (a name rebound to 127.0.0.1 does not)."""
        return self.headers.get("Host", "") in {urlsplit(o).netloc for o in self.origins}

    def do_GET(self) -> None:
        url = urlsplit(self.path)
        query = parse_qs(url.query)
        if url.path == "/" and "token" in query:
            if not self.own_host():
                self.refuse(HTTPStatus.MISDIRECTED_REQUEST, "This editor answers only at its own address.")
            elif hmac.compare_digest(query["token"][0], self.editor.token):
                self.send_response(HTTPStatus.SEE_OTHER)
                self.send_header("Location", "/")
                self.send_header("Set-Cookie", f"{COOKIE}={self.editor.token}; Path=/; HttpOnly; SameSite=Strict")
                self.send_header("Content-Length", "0")
                self.end_headers()
            else:
                self.refuse(HTTPStatus.FORBIDDEN, "Open the editor with the address svcstd edit printed.")
            return
        if not self.allowed():
            return
        if url.path == "/":
            language = (query.get("lang") or [self.editor.language])[0]
            language = language if language in LANGUAGES else self.editor.language
            self.send(self.editor.page(self.editor.session.data, language))
        elif url.path.startswith("/static/") and (found := static_file(url.path[len("/static/") :])):
            self.send(found[0], found[1])
        else:
            self.refuse(HTTPStatus.NOT_FOUND, "Nothing here.")

    def do_POST(self) -> None:
        if not self.allowed():
            return
        origin = self.headers.get("Origin")
        if origin is not None and origin not in self.origins:
            self.refuse(HTTPStatus.FORBIDDEN, "Posts come only from the editor's own page.")
            return
        fields = self.read_form()
        if fields is None:
            return
        if not hmac.compare_digest((fields.get("token") or [""])[0], self.editor.token):
            self.refuse(HTTPStatus.FORBIDDEN, "Posts come only from the editor's own page.")
            return
        url = urlsplit(self.path)
        language = (fields.get("lang") or ["en"])[0]
        language = language if language in LANGUAGES else self.editor.language
        try:
            data = self.editor.posted(fields)
        except UsageError:
            problem = self.editor.pages[language].say("edit.bad_state")
            self.send(
                self.editor.page(self.editor.session.data, language, problem=problem), status=HTTPStatus.BAD_REQUEST
            )
            return
        if url.path == "/judge":
            answer = self.editor.pages[language].status(data, self.editor.session.judged(data))
            self.send(json.dumps(answer), "application/json; charset=utf-8")
        elif url.path == "/preview":
            wanted = (parse_qs(url.query).get("lang") or [language])[0]
            self.send(self.editor.pages[language].preview(data, wanted), policy=PREVIEW_POLICY)
        elif url.path == "/":
            with self.editor.lock:
                _, page = self.editor.act((fields.get("action") or ["check"])[0], data, fields, language)
            self.send(page)
        else:
            self.refuse(HTTPStatus.NOT_FOUND, "Nothing here.")

    def read_form(self) -> dict[str, list[str]] | None:
        kind = self.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if kind != "application/x-www-form-urlencoded":
            self.refuse(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "The editor reads its own form only.")
            return None
        length = self.headers.get("Content-Length", "")
        if not length.isdigit() or int(length) > MAX_BODY:
            self.refuse(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "The form sent is larger than the editor reads.")
            return None
        body = self.rfile.read(int(length))
        try:
            return parse_qs(body.decode("utf-8"), keep_blank_values=True, max_num_fields=20_000)
        except (UnicodeDecodeError, ValueError):
            self.refuse(HTTPStatus.BAD_REQUEST, "The form sent could not be read.")
            return None

    def send(
        self,
        body: str | bytes,
        kind: str = "text/html; charset=utf-8",
        status: HTTPStatus = HTTPStatus.OK,
        policy: str = EDITOR_POLICY,
    ) -> None:
        raw = body.encode("utf-8") if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(raw)))
        self.send_header("Content-Security-Policy", policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        # same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the editor's own posts
        self.send_header("Referrer-Policy", "same-origin")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.end_headers()
        self.wfile.write(raw)

    def refuse(self, status: HTTPStatus, why: str) -> None:
        self.send(f"{why}\n", "text/plain; charset=utf-8", status)


def _cookie(header: str, name: str) -> str | None:
    for part in header.split(";"):
        key, _, value = part.strip().partition("=")
        if key == name:
            return value
    return None


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A request the editor failed on is one line on the terminal (the page shows the browser an error), never
        a traceback; the editor keeps serving."""
        del request, client_address  # the base class's names; the line says what failed
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, TimeoutError)):
            return  # the browser went away mid-answer
        from svcstd.text import visible

        print(f"svcstd: internal error: {type(error).__name__}: {visible(error)} (please report this)", file=sys.stderr)


def own_origins(port: int) -> tuple[str, str]:
    """The editor's own origins on `port`, as a browser writes them in Origin (and, without the scheme, in Host): a
    browser leaves the default port, 80, out of both."""
    port_part = "" if port == 80 else f":{port}"
    return f"http://127.0.0.1{port_part}", f"http://localhost{port_part}"


def serve(editor: Editor, port: int, ready: Any = None) -> None:
    """Serve until interrupted; `ready` is called with the address to open (token included) once listening."""
    server = Server(("127.0.0.1", port), Handler)
    origins = own_origins(server.server_address[1])
    handler = type("BoundHandler", (Handler,), {"editor": editor, "origins": origins})
    server.RequestHandlerClass = handler
    try:
        if ready is not None:
            ready(f"{origins[0]}/?token={editor.token}")
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()
        sys.stdout.flush()
