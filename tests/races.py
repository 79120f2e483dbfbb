"""Many people acting at once: the harness of the workflows' race tests."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from graph_models.domain.errors import Conflict


@dataclass
class RaceOutcome:
    won: list = field(default_factory=list)
    lost: list = field(default_factory=list)
    failed: list = field(default_factory=list)


def race(attempts: list[tuple], act: Callable) -> RaceOutcome:
    """Run ``act(*attempt)`` for every attempt in its own thread, all released at once.

    What an attempt returns is a win, a Conflict a loss, anything else a failure."""
    start = threading.Barrier(len(attempts))
    outcome = RaceOutcome()

    def attempt(*arguments) -> None:
        start.wait()
        try:
            result = act(*arguments)
        except Conflict as error:
            outcome.lost.append(error)
        except Exception as error:  # noqa: BLE001 - reported by the caller's assertions
            outcome.failed.append(error)
        else:
            outcome.won.append(result)

    threads = [threading.Thread(target=attempt, args=a) for a in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcome
