"""The loopback server the browser tests drive: an answer's body is closed even when the
server never closes it, as werkzeug's does not when the browser has reset the connection."""

from __future__ import annotations

import gc

from tests.browser.tabs import closing_its_body


class Body:
    """A body of two chunks that records whether it was closed."""

    def __init__(self):
        self.closed = False

    def __iter__(self):
        return iter([b"one", b"two"])

    def close(self):
        self.closed = True


def served(body: Body):
    def app(environ, start_response):
        start_response("200 OK", [])
        return body
    return closing_its_body(app)({}, lambda status, headers: None)


def test_a_body_written_to_its_end_is_closed_though_the_server_never_closes_it():
    body = Body()
    answer = served(body)

    assert list(answer) == [b"one", b"two"]
    assert body.closed


def test_a_body_abandoned_half_written_is_closed_when_it_is_collected():
    body = Body()
    answer = served(body)
    next(answer)
    assert not body.closed

    del answer
    gc.collect()

    assert body.closed
