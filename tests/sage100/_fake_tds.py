"""A loopback endpoint that speaks just enough TDS to refuse a login, for the real driver.

No SQL Server runs here, but SQL Server's refusals reach the client as TDS ``ERROR``
tokens after the ``PRELOGIN`` and ``LOGIN7`` exchange (Microsoft's [MS-TDS]). This
endpoint answers ``PRELOGIN`` (version 15, encryption not supported) and answers
``LOGIN7`` with the errors it is given, then ``DONE`` with the error bit: the real
pymssql/FreeTDS then raises what it raises for a real server's refusal. ``close_only``
makes an endpoint that accepts and closes, like a port where something else listens.
"""

from __future__ import annotations

import socket
import struct
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_PRELOGIN, _LOGIN7, _REPLY = 0x12, 0x10, 0x04


def _packet(payload: bytes) -> bytes:
    return struct.pack(">BBHHBB", _REPLY, 0x01, len(payload) + 8, 0, 1, 0) + payload


def _prelogin_reply() -> bytes:
    options = [(0x00, bytes([15, 0]) + struct.pack(">HH", 2000, 0)), (0x01, b"\x02")]
    head, data, offset = b"", b"", 5 * len(options) + 1
    for token, value in options:
        head += struct.pack(">BHH", token, offset + len(data), len(value))
        data += value
    return _packet(head + b"\xff" + data)


def _error(number: int, text: str, severity: int = 14) -> bytes:
    message, server = text.encode("utf-16-le"), b"F\x00A\x00K\x00E\x00"
    body = struct.pack("<iBB", number, 1, severity) + struct.pack("<H", len(text)) + message
    body += bytes([len(server) // 2]) + server + b"\x00" + struct.pack("<i", 1)
    return b"\xaa" + struct.pack("<H", len(body)) + body


def _read(conn: socket.socket) -> int | None:
    head = b""
    while len(head) < 8:
        chunk = conn.recv(8 - len(head))
        if not chunk:
            return None
        head += chunk
    kind, _status, length = struct.unpack(">BBH", head[:4])
    left = length - 8
    while left > 0:
        chunk = conn.recv(left)
        if not chunk:
            return None
        left -= len(chunk)
    return int(kind)


def _serve(sock: socket.socket, errors: list[tuple[int, str]], close_only: bool) -> None:
    while True:
        try:
            conn, _ = sock.accept()
        except OSError:
            return
        with conn:
            if close_only:
                continue
            while (kind := _read(conn)) is not None:
                if kind == _PRELOGIN:
                    conn.sendall(_prelogin_reply())
                elif kind == _LOGIN7:
                    tokens = b"".join(_error(n, t) for n, t in errors)
                    conn.sendall(_packet(tokens + b"\xfd" + struct.pack("<HHQ", 2, 0, 0)))
                else:
                    break


@contextmanager
def fake_tds(errors: list[tuple[int, str]] = (), *, close_only: bool = False) -> Iterator[int]:
    """Run an endpoint on a free loopback port; yield the port."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen()
    thread = threading.Thread(target=_serve, args=(sock, list(errors), close_only), daemon=True)
    thread.start()
    try:
        yield sock.getsockname()[1]
    finally:
        sock.shutdown(socket.SHUT_RDWR)  # wakes the accept() of the serving thread
        sock.close()
        thread.join(timeout=5)
