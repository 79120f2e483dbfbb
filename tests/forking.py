"""Checks run in a forked child process, the way a gunicorn master forks its workers."""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable


def check_in_forked_child(check: Callable[[], None], *,
                          after_fork: Callable[[], None] = lambda: None) -> None:
    """Fork; in this (the parent) process run ``after_fork`` (say, a write the child is then
    to see), then let the child run ``check``. Fails with the child's traceback if ``check``
    raised, or if the child died."""
    go_read, go_write = os.pipe()
    report_read, report_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        status, report = 1, b""
        try:
            os.close(go_write)
            os.close(report_read)
            os.read(go_read, 1)
            check()
            status = 0
        except BaseException:  # noqa: BLE001 — reported to the parent, which fails the test
            report = traceback.format_exc().encode()
        finally:
            try:
                with os.fdopen(report_write, "wb") as out:
                    out.write(report)
            finally:
                os._exit(status)
    os.close(go_read)
    os.close(report_write)
    try:
        after_fork()
    finally:
        os.write(go_write, b"x")
        os.close(go_write)
        with os.fdopen(report_read, "rb") as answer:
            report = answer.read()
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0, (
        "the forked child failed:\n" + report.decode(errors="replace"))
