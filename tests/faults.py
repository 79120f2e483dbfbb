"""Faults on the wire: a TCP proxy in front of the real Neo4j that loses a commit's answer.

Once armed, the proxy passes the next Bolt COMMIT of a transaction that sent a given marker
(a word of its queries or parameters) on to the server, waits for the server's answer (so the
transaction is committed), and then closes the client's connection instead of passing the
answer on: exactly what the client sees when the server dies while committing.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from urllib.parse import urlsplit

# A Bolt COMMIT: one chunk of two bytes (a struct with no fields, signature 0x12), then the
# end-of-message marker.
COMMIT = b"\x00\x02\xb0\x12\x00\x00"


class CommitDroppingProxy:
    """Forwards 127.0.0.1:``port`` to the Neo4j server at ``target_url``; see the module."""

    def __init__(self, target_url: str):
        parts = urlsplit(target_url)
        self._target = (parts.hostname, parts.port or 7687)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self.url = f"bolt://127.0.0.1:{self.port}"
        self._armed = threading.Event()
        self._marker = b""
        self.dropped = threading.Event()
        self._sockets: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    def arm(self, marker: bytes = b"") -> None:
        """Lose the answer to the next COMMIT sent on a connection after ``marker``."""
        self._marker = marker
        self.dropped.clear()
        self._armed.set()

    def close(self) -> None:
        for sock in [self._listener, *self._sockets]:
            _close(sock)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:  # closed
                return
            server = socket.create_connection(self._target)
            self._sockets += [client, server]
            committing = threading.Event()
            threading.Thread(target=self._upstream, args=(client, server, committing),
                             daemon=True).start()
            threading.Thread(target=self._downstream, args=(server, client, committing),
                             daemon=True).start()

    def _upstream(self, client: socket.socket, server: socket.socket,
                  committing: threading.Event) -> None:
        marked = False
        while data := _receive(client):
            start = 0
            if self._armed.is_set() and not marked and self._marker in data:
                marked, start = True, data.find(self._marker)
            if marked and COMMIT in data[start:]:
                self._armed.clear()
                marked = False
                committing.set()  # before the server can answer
            if not _send(server, data):
                break
        _close(server)

    def _downstream(self, server: socket.socket, client: socket.socket,
                    committing: threading.Event) -> None:
        while data := _receive(server):
            if committing.is_set():  # the server's answer to the COMMIT: lose it
                self.dropped.set()
                break
            if not _send(client, data):
                break
        _close(client)
        _close(server)


def _receive(sock: socket.socket) -> bytes:
    try:
        return sock.recv(65536)
    except OSError:
        return b""


def _send(sock: socket.socket, data: bytes) -> bool:
    try:
        sock.sendall(data)
    except OSError:
        return False
    return True


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already shut by the other side
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
