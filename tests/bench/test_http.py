"""The load generator and the HTML reader of the HTTP benchmarks, against a tiny local server."""

import http.server
import threading
from email.parser import BytesParser
from email.policy import HTTP

import pytest

from bench._http import (
    Client,
    count_statuses,
    encode_multipart,
    free_port,
    read_page,
    run_load,
    same_site_path,
    status_class,
)

PAGE = """<html><body>
<a href="/guide/">Guide</a> <a href="mailto:x@example.org">écrire</a>
<a href="https://ailleurs.example/">ailleurs</a> <a href="#contenu">aller</a>
<a href="sous-page/?tri=nom">relatif</a> <a href="/admin/pages/">admin</a>
<form method="post" action="/inscription/" enctype="multipart/form-data">
  <input type="hidden" name="csrfmiddlewaretoken" value="jeton123">
  <input type="email" name="email" required>
  <select name="type"><option value="">--</option><option value="esat">ESAT</option></select>
  <textarea name="message"></textarea><input type="file" name="logo">
  <button type="submit" name="envoyer">Envoyer</button>
</form>
<form role="search"><input type="search" name="q"></form>
</body></html>"""


def test_read_page_finds_links_and_forms():
    reader = read_page(PAGE)
    assert "/guide/" in reader.links
    post, search = reader.forms
    assert (post.method, post.action, post.enctype) == (
        "post",
        "/inscription/",
        "multipart/form-data",
    )
    assert post.csrf_token == "jeton123"
    assert [(f.name, f.kind) for f in post.fields] == [
        ("csrfmiddlewaretoken", "hidden"),
        ("email", "email"),
        ("type", "select"),
        ("message", "textarea"),
        ("logo", "file"),
    ]
    assert post.fields[1].required
    assert post.fields[2].options == ["", "esat"]
    assert (search.method, search.action, search.csrf_token) == ("get", "", "")


def test_same_site_path_keeps_only_the_portal_pages():
    found = [same_site_path(href, "/guide/") for href in read_page(PAGE).links]
    assert found == ["/guide/", None, None, None, "/guide/sous-page/?tri=nom", None]


def test_encode_multipart_is_readable_by_an_email_parser():
    body, content_type = encode_multipart(
        [("nom", "Atelier"), ("ville", "Trois-Rivières")],
        [("logo", "logo.png", "image/png", b"\x89PNG faux")],
    )
    message = BytesParser(policy=HTTP).parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    parts = list(message.iter_parts())
    assert [part.get_param("name", header="content-disposition") for part in parts] == [
        "nom",
        "ville",
        "logo",
    ]
    assert parts[1].get_payload(decode=True).decode() == "Trois-Rivières"  # UTF-8, as browsers
    assert parts[2].get_filename() == "logo.png"
    assert parts[2].get_payload(decode=True) == b"\x89PNG faux"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_GET(self):
        status = 500 if self.path.startswith("/panne") else 200
        body = b"ok"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        if self.path == "/cookie":
            self.send_header("Set-Cookie", "csrftoken=abc; Path=/; Secure")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd.server_address[1]
    httpd.shutdown()
    httpd.server_close()


def test_run_load_records_every_request_with_its_status(server):
    def scenario(client, rng):
        client.get("/panne" if rng.random() < 0.2 else "/", label="mix")

    ticks = []
    records, elapsed = run_load(server, scenario, duration=0.5, connections=3, on_tick=ticks.append)
    assert 0.5 <= elapsed < 3
    assert ticks
    statuses = count_statuses(records)
    assert statuses["2xx"] > 10
    assert statuses["5xx"] > 0
    assert set(statuses) <= {"2xx", "5xx"}
    assert all(record.label == "mix" and record.seconds > 0 for record in records)


def test_client_keeps_cookies_and_records_network_failures(server):
    client = Client(server)
    assert client.get("/cookie") == (200, b"ok")
    assert client.cookies == {"csrftoken": "abc"}
    client.close()

    refused = Client(free_port(), timeout=1)
    assert refused.get("/") == (0, b"")
    assert refused.records[0].status == 0
    assert refused.records[0].error == "ConnectionRefusedError"
    assert status_class(0) == "réseau"
    assert status_class(404) == "4xx"
