"""service.py - starts `pacta serve --port 0` on a copy of a fresh
database for a test, and stops it. Shared by the HTTP and page tests."""
import os
import re
import shutil
import subprocess
import tempfile
import urllib.error
import urllib.request


class Service:
    def __init__(self, pacta, source_root, make_db=None):
        """make_db(path), when given, writes the database instead of
        `pacta init` (a store of another record)."""
        self.pacta = pacta
        self.root = source_root
        self.tmp = tempfile.mkdtemp(prefix="pacta-web-")
        self.db = os.path.join(self.tmp, "pacta.db")
        self.env = dict(os.environ, PACTA_DATA=os.path.join(source_root, "data"),
                        PACTA_USER="tester")
        if make_db:
            make_db(self.db)
        else:
            self.run("init")
        self.proc = subprocess.Popen(
            [pacta, "--db", self.db, "serve", "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=self.env, text=True)
        line = self.proc.stdout.readline()
        m = re.match(r"pacta: serving (http://127\.0\.0\.1:(\d+)/)$", line.strip())
        if not m:
            self.stop()
            raise RuntimeError("pacta serve printed %r" % line)
        self.url = m.group(1).rstrip("/")
        self.port = int(m.group(2))

    def run(self, *args, check=True):
        """Runs the CLI on the same database; returns stdout."""
        r = subprocess.run([self.pacta, "--db", self.db, *args], capture_output=True,
                           text=True, env=self.env)
        if check and r.returncode != 0:
            raise RuntimeError("pacta %s: %s" % (" ".join(args), r.stderr))
        return r.stdout

    def run_bytes(self, *args):
        """Runs the CLI on the same database; returns stdout as bytes, line
        ends untouched (an iCalendar's and a CSV's are CRLF)."""
        r = subprocess.run([self.pacta, "--db", self.db, *args], capture_output=True,
                           env=self.env)
        if r.returncode != 0:
            raise RuntimeError("pacta %s: %s" % (" ".join(args), r.stderr.decode()))
        return r.stdout

    def get(self, path, headers=None, method="GET", body=None):
        """(status, headers, body bytes) of one request."""
        req = urllib.request.Request(self.url + path, data=body, method=method,
                                     headers=headers or {})
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                return r.status, r.headers, r.read()
        except urllib.error.HTTPError as e:
            return e.code, e.headers, e.read()

    def alive(self):
        return self.proc.poll() is None

    def stop(self):
        """Stops the service; returns its exit status and stderr."""
        err = ""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                _, err = self.proc.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                _, err = self.proc.communicate()
        shutil.rmtree(self.tmp, ignore_errors=True)
        return self.proc.returncode, err
