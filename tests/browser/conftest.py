"""The browser tests' screenshots: one folder for the whole run, printed in the run's summary
(a fixture's own output would be captured and lost)."""

from __future__ import annotations

from pathlib import Path

import pytest

SCREENSHOTS = pytest.StashKey[Path]()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory, request) -> Path:
    """The folder of the run's screenshots of the web pages."""
    folder = tmp_path_factory.mktemp("screenshots")
    request.config.stash[SCREENSHOTS] = folder
    return folder


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    folder = config.stash.get(SCREENSHOTS, None)
    if folder is not None:
        terminalreporter.write_line(f"screenshots of the web pages: {folder}")
