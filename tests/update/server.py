#!/usr/bin/env python3
"""A depositary for the update tests: serves the pages of a directory on
127.0.0.1 only, on a free port it writes to PORTFILE, with ETag and
Last-Modified (and 304 to a conditional request that matches), and a few
paths that misbehave on purpose:

  /page/NAME           NAME from the directory
  /flaky/NAME          500 to the first request, then NAME
  /slow/NAME           NAME after 5 seconds
  /away/NAME           302 to the same page on another host name (localhost)
  /here/NAME           302 to /page/NAME (the same host)
  /cut/NAME            announces NAME's length and sends half of it
  /latin1/NAME         NAME with a byte that is no UTF-8, sent as UTF-8
  /hook                a webhook: each POST's body and signature header are
                       appended to DIR/hook.log

usage: server.py DIR PORTFILE
"""
import http.server
import os
import sys
import time

DIR = sys.argv[1]
PORTFILE = sys.argv[2]
LAST_MODIFIED = "Tue, 03 Feb 2026 15:16:18 GMT"
seen = set()


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def read(self, name):
        with open(os.path.join(DIR, os.path.basename(name)), "rb") as f:
            return f.read()

    def send_page(self, body, charset="utf-8", length=None):
        etag = '"%x"' % (hash(body) & 0xFFFFFFFF)
        if self.headers.get("If-None-Match") == etag:
            self.send_response(304)
            self.send_header("ETag", etag)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=" + charset)
        self.send_header("Content-Length", str(length if length is not None else len(body)))
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", LAST_MODIFIED)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        parts = self.path.split("/", 2)
        if len(parts) < 3:
            self.send_error(404)
            return
        kind, name = parts[1], parts[2]
        try:
            body = self.read(name)
        except OSError:
            self.send_error(404)
            return
        if kind == "page":
            self.send_page(body)
        elif kind == "flaky":
            if self.path not in seen:
                seen.add(self.path)
                self.send_error(500)
            else:
                self.send_page(body)
        elif kind == "slow":
            time.sleep(5)
            self.send_page(body)
        elif kind in ("away", "here"):
            host = "localhost" if kind == "away" else "127.0.0.1"
            self.send_response(302)
            self.send_header("Location", "http://%s:%d/page/%s" % (host, self.server.server_port, name))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif kind == "cut":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body[: len(body) // 2])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "latin1":
            at = body.index(b"Tuvalu")
            self.send_page(body[:at] + b"Tuval\xfc" + body[at + 6 :])
        else:
            self.send_error(404)

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(n)
        with open(os.path.join(DIR, "hook.log"), "ab") as f:
            f.write(self.headers.get("X-Pacta-Signature", "").encode() + b"\n" + body + b"\n")
        self.send_response(204)
        self.end_headers()


class Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        pass  # a client that hung up (the timeout case) is expected


server = Server(("127.0.0.1", 0), Handler)
with open(PORTFILE + ".tmp", "w") as f:
    f.write(str(server.server_port))
os.rename(PORTFILE + ".tmp", PORTFILE)
server.serve_forever()
