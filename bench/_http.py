"""The HTTP side of the benchmarks: gunicorn started with production settings on 127.0.0.1,
a small load generator (threads + http.client, one keep-alive connection per virtual user,
cookies kept), and an HTML reader that finds links and forms.

Requests carry ``X-Forwarded-Proto: https``, as they would behind the TLS reverse proxy of a
real deployment (the production settings trust that header)."""

import html.parser
import http.client
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

from bench._lib import ROOT, child_pids, proc_status_mb

# --- Server ----------------------------------------------------------------------------------


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """gunicorn serving portal.wsgi with ``environment``; the project's gunicorn.conf.py is
    used when it exists, the command-line options below take precedence over it."""

    def __init__(self, environment, workdir, *, workers=None, threads=1, port=None):
        self.port = port or free_port()
        self.workers = workers or (2 * (os.cpu_count() or 1) + 1)
        self.threads = threads
        self.log_path = Path(workdir) / "gunicorn.log"
        self.environment = {**os.environ, **environment}
        self.process = None

    def command(self):
        command = [sys.executable, "-m", "gunicorn", "portal.wsgi:application"]
        if (ROOT / "gunicorn.conf.py").is_file():
            command += ["--config", str(ROOT / "gunicorn.conf.py")]
        command += [
            "--bind",
            f"127.0.0.1:{self.port}",
            "--workers",
            str(self.workers),
            "--threads",
            str(self.threads),
            "--worker-class",
            "gthread" if self.threads > 1 else "sync",
            "--log-level",
            "warning",
        ]
        return command

    def start(self, ready_path="/robots.txt", timeout=60):
        log = open(self.log_path, "ab")  # noqa: SIM115  (closed with the process)
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=self.environment, stdout=log, stderr=log
        )
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn s'est arrêté :\n{self.log_tail()}")
            try:
                status, _body, _headers = fetch(self.port, ready_path)
            except OSError:
                time.sleep(0.2)
                continue
            if status < 500:
                return self
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn ne répond pas sur {ready_path} :\n{self.log_tail()}")

    def worker_pids(self):
        return child_pids(self.process.pid) if self.process else []

    def worker_rss_mb(self):
        """Current resident memory of each worker, in MiB, by pid."""
        readings = {pid: proc_status_mb(pid, "VmRSS") for pid in self.worker_pids()}
        return {pid: value for pid, value in readings.items() if value is not None}

    def worker_peak_mb(self):
        """Peak resident memory (VmHWM) of the current workers, the largest, in MiB."""
        peaks = [proc_status_mb(pid, "VmHWM") for pid in self.worker_pids()]
        peaks = [value for value in peaks if value is not None]
        return max(peaks) if peaks else None

    def log_tail(self, lines=30):
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""
        return "\n".join(text.splitlines()[-lines:])

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.stop()


def fetch(port, path, timeout=10):
    """One GET on 127.0.0.1:port: (status, body, headers)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request("GET", path, headers=base_headers(port))
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


def base_headers(port):
    return {
        "Host": f"127.0.0.1:{port}",
        "X-Forwarded-Proto": "https",
        "User-Agent": "portail-bench/1.0",
        "Accept": "text/html,*/*;q=0.8",
        "Accept-Language": "fr-FR,fr;q=0.9",
    }


# --- Client and load ---------------------------------------------------------------------------


@dataclass
class Record:
    label: str
    method: str
    path: str
    status: int  # 0 when the request failed without an HTTP answer
    seconds: float
    error: str = ""


class Client:
    """A virtual user: one HTTP/1.1 connection (reopened when the server closes it) and a
    cookie jar; every request is appended to ``records``."""

    def __init__(self, port, timeout=30):
        self.port = port
        self.timeout = timeout
        self.cookies = {}
        self.records = []
        self.connection = None

    def _connection(self):
        if self.connection is None:
            self.connection = http.client.HTTPConnection(
                "127.0.0.1", self.port, timeout=self.timeout
            )
        return self.connection

    def request(self, method, path, *, body=None, headers=None, label=None):
        """Send one request; return (status, body bytes). Never raises for HTTP or network
        errors: they are recorded (status 0) and returned as (0, b"")."""
        all_headers = base_headers(self.port)
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        all_headers.update(headers or {})
        started = time.perf_counter()
        try:
            connection = self._connection()
            connection.request(method, path, body=body, headers=all_headers)
            response = connection.getresponse()
            content = response.read()
            status = response.status
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            if response.will_close:
                self.close()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            self.records.append(
                Record(
                    label or path,
                    method,
                    path,
                    0,
                    time.perf_counter() - started,
                    type(error).__name__,
                )
            )
            return 0, b""
        self.records.append(
            Record(label or path, method, path, status, time.perf_counter() - started)
        )
        return status, content

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post_form(self, path, fields, *, referer, files=None, label=None):
        """POST ``fields`` (list of (name, value)) as a browser would, with the CSRF token
        field already included by the caller; multipart when ``files`` are given."""
        origin = f"https://127.0.0.1:{self.port}"
        headers = {"Origin": origin, "Referer": urljoin(origin, referer)}
        if files:
            body, content_type = encode_multipart(fields, files)
        else:
            body, content_type = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        headers["Content-Type"] = content_type
        return self.request("POST", path, body=body, headers=headers, label=label)

    def close(self):
        if self.connection is not None:
            self.connection.close()
            self.connection = None


def encode_multipart(fields, files):
    """multipart/form-data body for ``fields`` [(name, value)] and ``files``
    [(name, filename, content_type, bytes)]."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields:
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        )
    for name, filename, content_type, content in files:
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def run_load(port, scenario, *, duration, connections, seed=2026, on_tick=None):
    """Run ``scenario(client, rng)`` in a loop on ``connections`` virtual users for
    ``duration`` seconds; return (records, elapsed seconds).

    ``on_tick(elapsed)`` is called about every half second from the calling thread (memory
    sampling, progress)."""
    deadline = time.monotonic() + duration
    clients = [Client(port) for _ in range(connections)]

    def user(client, index):
        rng = random.Random(seed * 1000 + index)
        while time.monotonic() < deadline:
            scenario(client, rng)
        client.close()

    threads = [
        threading.Thread(target=user, args=(client, index), daemon=True)
        for index, client in enumerate(clients)
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    while any(thread.is_alive() for thread in threads):
        time.sleep(0.5)
        if on_tick:
            on_tick(time.monotonic() - started)
    elapsed = time.monotonic() - started
    records = [record for client in clients for record in client.records]
    return records, elapsed


def status_class(status):
    """ "2xx", "3xx", "4xx", "5xx", or "réseau" for a request without an HTTP answer."""
    return f"{status // 100}xx" if status else "réseau"


def count_statuses(records):
    return Counter(status_class(record.status) for record in records)


# --- HTML: links and forms ---------------------------------------------------------------------


@dataclass
class FormField:
    name: str
    kind: str  # input type, "select", "textarea"
    value: str = ""
    options: list = field(default_factory=list)
    required: bool = False


@dataclass
class Form:
    action: str
    method: str
    enctype: str
    fields: list = field(default_factory=list)

    @property
    def csrf_token(self):
        for form_field in self.fields:
            if form_field.name == "csrfmiddlewaretoken":
                return form_field.value
        return ""


class PageReader(html.parser.HTMLParser):
    """Collects the links (href of <a>) and the forms of an HTML page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.forms = []
        self._form = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form":
            self._form = Form(
                action=attributes.get("action", ""),
                method=attributes.get("method", "get").lower(),
                enctype=attributes.get("enctype", "application/x-www-form-urlencoded"),
            )
            self.forms.append(self._form)
        elif self._form is not None and tag in {"input", "select", "textarea", "button"}:
            name = attributes.get("name")
            if not name or tag == "button":
                return
            kind = attributes.get("type", "text").lower() if tag == "input" else tag
            form_field = FormField(
                name=name,
                kind=kind,
                value=attributes.get("value", ""),
                required="required" in attributes,
            )
            self._form.fields.append(form_field)
            if tag == "select":
                self._select = form_field
        elif tag == "option" and self._select is not None:
            self._select.options.append(attributes.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def read_page(html_text):
    reader = PageReader()
    reader.feed(html_text)
    reader.close()
    return reader


SKIPPED_PREFIXES = ("/admin/", "/django-admin/", "/static/", "/media/")


def same_site_path(href, current_path):
    """The site-relative path of ``href`` seen on ``current_path``, or None for other hosts,
    mailto:/tel:, fragments and paths the crawl leaves alone."""
    if href.startswith(("mailto:", "tel:", "javascript:", "#")):
        return None
    absolute = urljoin(f"https://127.0.0.1{current_path}", href)
    parts = urlsplit(absolute)
    if parts.hostname not in {"127.0.0.1", "localhost"}:
        return None
    path = parts.path or "/"
    if path.startswith(SKIPPED_PREFIXES):
        return None
    return path + (f"?{parts.query}" if parts.query else "")


def crawl(port, start="/", limit=150):
    """Breadth-first walk of the site's own pages: (paths answering 200, forms found as
    (page path, Form))."""
    client = Client(port)
    seen, queue, pages, forms = {start}, [start], [], []
    while queue and len(pages) < limit:
        path = queue.pop(0)
        status, body = client.get(path)
        if status != 200:
            continue
        pages.append(path)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            continue  # a download, not a page
        reader = read_page(text)
        forms.extend((path, form) for form in reader.forms)
        for href in reader.links:
            target = same_site_path(href, path)
            if (
                target
                and target not in seen
                and not re.search(r"\.(pdf|odt|docx?|xlsx?|csv|ics|zip)$", target.split("?")[0])
            ):
                seen.add(target)
                queue.append(target)
    client.close()
    return pages, forms
