"""Timing helpers shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass
class Result:
    name: str
    ours: float  # median seconds
    baseline: float  # median seconds
    target: float  # the ratio we promise not to exceed
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.ours / self.baseline if self.baseline else float("inf")

    def line(self) -> str:
        verdict = "OK" if self.ratio <= self.target else "OVER TARGET"
        note = f" ({self.note})" if self.note else ""
        return (
            f"{self.name}: ours {self.ours * 1000:.1f} ms, baseline {self.baseline * 1000:.1f} ms, "
            f"ratio {self.ratio:.2f}x (target <= {self.target:.1f}x) {verdict}{note}"
        )

    def summary(self) -> str:
        return f"RATIO {self.name} {self.ratio:.2f}x (target <= {self.target:.1f}x)"


def median_time(func: Callable[[], object], *, repeat: int = 5, setup: Callable[[], object] | None = None) -> float:
    """Median wall time of `func` over `repeat` runs; `setup` runs before each, untimed."""
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
