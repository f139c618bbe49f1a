"""The core lists for the shared list tests (tests/test_lists.py)."""

from core.models import NoSeries
from tests.list_cases import ListCase


def make_series(count: int) -> None:
    start = NoSeries.objects.count()
    NoSeries.objects.bulk_create(
        NoSeries(
            code=f"LN{start + n:05d}",
            description=f"{'Lamp' if n % 2 else 'Chair'} {n}",
            starting_no=f"X{n:04d}",
            increment_by=1 + n % 3,
            manual_nos=n % 2 == 0,
        )
        for n in range(count)
    )


LIST_CASES = [ListCase("core.noseries", "core:noseries_list", make_series, filter="?q=lamp")]
