"""A real ``ssm-cloud serve`` on loopback: 64 MB bodies (F2) and the access log's tokens (F8).

The bodies go through a raw socket: the server answers 413 and closes without reading the
rest, which an HTTP client may report as a failed write instead of the answer. The socket
sends while nothing has come back and reads as soon as something does.
"""

import re
import select
import socket
import time
from pathlib import Path

import httpx
import pytest

from .server_helpers import serving

BODY = 64 * 1024 * 1024
PIECE = b"a" * 65536


def peak_rss_kib(pid: int) -> int:
    """The process's peak resident memory (``VmHWM``), in KiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE)[1])


def post_huge(port: int, path: str, *, declared: bool) -> tuple[bytes, float]:
    """POST 64 MB of body (declared or chunked); the status line and the seconds it took."""
    head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
    head += "Content-Type: application/json\r\n"
    head += f"Content-Length: {BODY}\r\n" if declared else "Transfer-Encoding: chunked\r\n"
    framed = PIECE if declared else b"%x\r\n%s\r\n" % (len(PIECE), PIECE)
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(head.encode() + b"\r\n")
        started = time.monotonic()
        sock.setblocking(False)
        sent, pending, answer = 0, memoryview(b""), b""
        while b"\r\n" not in answer and time.monotonic() - started < 10:
            sending = sent < BODY
            readable, writable, _ = select.select([sock], [sock] if sending else [], [], 1)
            if readable:
                try:
                    chunk = sock.recv(65536)
                except ConnectionResetError:  # closed with nothing sent: no 413 to read
                    break
                if not chunk:
                    break
                answer += chunk
            elif writable:
                if not pending:
                    pending, sent = memoryview(framed), sent + len(PIECE)
                try:
                    pending = pending[sock.send(pending) :]
                except (BrokenPipeError, ConnectionResetError):
                    sent = BODY  # the server closed: read its answer
        return answer.partition(b"\r\n")[0], time.monotonic() - started


def test_64_mb_bodies_are_refused_within_a_second_and_memory_stays_flat(tmp_path):
    with serving(tmp_path) as served:
        before = peak_rss_kib(served.process.pid)
        for path in ("/login", "/api/v4/activation/check"):
            for declared in (True, False):
                status, seconds = post_huge(served.port, path, declared=declared)
                assert status == b"HTTP/1.1 413 Request Entity Too Large", (path, declared)
                assert seconds < 1, (path, declared, seconds)
        grown = peak_rss_kib(served.process.pid) - before
        assert grown < 50 * 1024, f"peak RSS grew by {grown} KiB"
        with httpx.Client(base_url=served.base_url) as client:
            assert client.get("/-/health").status_code == 200  # still serving


@pytest.mark.parametrize("access_log", [["--access-log"]])
def test_the_access_log_never_shows_a_password_token(tmp_path, access_log):
    token = "Zq3xLiveToken_4Yw9s-0123456789abcdefghijk"
    with serving(tmp_path, *access_log) as served, httpx.Client(base_url=served.base_url) as client:
        assert client.get(f"/password/{token}").status_code < 500
        assert client.post(f"/password/{token}", data={"csrf": "x"}).status_code < 500
        assert client.get("/password/forgot").status_code == 200
        deadline = time.monotonic() + 5
        while "/password/forgot" not in served.log.read_text():
            assert time.monotonic() < deadline, served.log.read_text()
            time.sleep(0.05)
    log = served.log.read_text()
    assert token not in log
    assert '"GET /password/… HTTP/1.1"' in log
    assert '"POST /password/… HTTP/1.1"' in log
    assert '"GET /password/forgot HTTP/1.1" 200' in log
