#!/usr/bin/python3
"""slow_clients.py - the slow-client attack on `pacta serve`, reproduced.

usage: scripts/slow_clients.py PORT [--connections 1200] [--addresses 6]
           [--drip 3] [--seconds 20] [--probe-from 127.0.0.1]

Opens CONNECTIONS connections to 127.0.0.1:PORT, spread over ADDRESSES
loopback source addresses (127.0.0.1, 127.0.0.2, ...). Each sends a request
line and then one header line every DRIP seconds, never finishing its head;
one the service closes is opened again at once. Meanwhile /healthz is asked
twice a second on a fresh connection from PROBE_FROM, each time with a
one-second limit. After SECONDS it closes everything and prints how many
probes were answered within the second, the slowest answer, and how many
attacking connections the service held and closed.

Exits 0 when every probe was answered (200) within a second, 1 otherwise.
Only loopback addresses are used; the run is bounded by SECONDS.
"""
import argparse
import errno
import resource
import selectors
import socket
import sys
import time

HEAD = b"GET /healthz HTTP/1.1\r\nHost: pacta\r\n"


def raise_fd_limit(need):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    want = need if hard == resource.RLIM_INFINITY else min(hard, need)
    if soft < want:
        resource.setrlimit(resource.RLIMIT_NOFILE, (want, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


class Attack:
    def __init__(self, port, addresses, drip):
        self.port, self.addresses, self.drip = port, addresses, drip
        self.sel = selectors.DefaultSelector()
        self.socks = {}  # socket -> [source address, time of the next line]
        self.opened = self.closed = self.refused = 0

    def open(self, src):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        try:
            s.bind((src, 0))
            rc = s.connect_ex(("127.0.0.1", self.port))
            if rc not in (0, errno.EINPROGRESS):
                raise OSError(rc, "connect")
        except OSError:
            s.close()
            self.refused += 1
            return
        self.sel.register(s, selectors.EVENT_WRITE | selectors.EVENT_READ)
        self.socks[s] = [src, None]
        self.opened += 1

    def drop(self, s):
        src = self.socks.pop(s)[0]
        self.sel.unregister(s)
        s.close()
        self.closed += 1
        return src

    def step(self, timeout):
        """Sends what is due, notices closes, and opens again what was closed."""
        now = time.monotonic()
        reopen = []
        for key, ev in self.sel.select(timeout):
            s = key.fileobj
            if s not in self.socks:
                continue
            st = self.socks[s]
            if ev & selectors.EVENT_READ:
                try:
                    data = s.recv(4096)
                except OSError:
                    data = b""
                if not data:
                    reopen.append(self.drop(s))
                    continue
            if ev & selectors.EVENT_WRITE and st[1] is None:
                # Connected: the request line and the first header.
                if s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) or not self.send(s, HEAD):
                    reopen.append(self.drop(s))
                    continue
                st[1] = now + self.drip
                self.sel.modify(s, selectors.EVENT_READ)
        for s, st in list(self.socks.items()):
            if st[1] is not None and st[1] <= now:
                if not self.send(s, b"X-Slow: 1\r\n"):
                    reopen.append(self.drop(s))
                    continue
                st[1] = now + self.drip
        for src in reopen:
            self.open(src)

    def send(self, s, data):
        try:
            return s.send(data) == len(data)
        except OSError:
            return False

    def close_all(self):
        for s in list(self.socks):
            self.sel.unregister(s)
            s.close()
        self.socks.clear()


def probe(src, port):
    """Seconds until /healthz answered 200 on a fresh connection, or None."""
    t0 = time.monotonic()
    try:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.settimeout(1.0)
        s.bind((src, 0))
        s.connect(("127.0.0.1", port))
        s.sendall(b"GET /healthz HTTP/1.1\r\nHost: pacta\r\nConnection: close\r\n\r\n")
        out = b""
        while b"\r\n" not in out:
            chunk = s.recv(4096)
            if not chunk:
                break
            out += chunk
        s.close()
    except OSError:
        return None
    took = time.monotonic() - t0
    return took if out.startswith(b"HTTP/1.1 200") and took <= 1.0 else None


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("port", type=int)
    ap.add_argument("--connections", type=int, default=1200)
    ap.add_argument("--addresses", type=int, default=6)
    ap.add_argument("--drip", type=float, default=3.0)
    ap.add_argument("--seconds", type=float, default=20.0)
    ap.add_argument("--probe-from", default="127.0.0.1")
    a = ap.parse_args()
    if not 1 <= a.addresses <= 250 or a.seconds > 600:
        ap.error("1 to 250 addresses, at most 600 seconds")
    limit = raise_fd_limit(a.connections + 64)
    if limit < a.connections + 64:
        print("slow_clients: the file-descriptor limit is %d; fewer connections" % limit)
        a.connections = limit - 64
    srcs = ["127.0.0.%d" % (i + 1) for i in range(a.addresses)]
    att = Attack(a.port, srcs, a.drip)
    for i in range(a.connections):
        att.open(srcs[i % len(srcs)])
    # Let the connections be made before the first probe.
    t_end = time.monotonic() + 2
    while time.monotonic() < t_end:
        att.step(0.05)
    held_at_start = len(att.socks)
    answered = total = 0
    worst = 0.0
    next_probe = time.monotonic()
    t_end = time.monotonic() + a.seconds
    while time.monotonic() < t_end:
        att.step(0.05)
        if time.monotonic() >= next_probe:
            total += 1
            took = probe(a.probe_from, a.port)
            if took is not None:
                answered += 1
                worst = max(worst, took)
            next_probe = time.monotonic() + 0.5
    held_at_end = len(att.socks)
    att.close_all()
    print("slow_clients: %d connections from %d addresses, a header line every %g s, for %g s"
          % (a.connections, a.addresses, a.drip, a.seconds))
    print("slow_clients: connections open: %d after 2 s, %d at the end; %d opened, %d closed by the "
          "service, %d refused at connect" % (held_at_start, held_at_end, att.opened, att.closed,
                                              att.refused))
    print("slow_clients: /healthz from %s answered within 1 s: %d of %d (slowest %.3f s)"
          % (a.probe_from, answered, total, worst))
    return 0 if total and answered == total else 1


if __name__ == "__main__":
    sys.exit(main())
