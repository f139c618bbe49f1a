"""What the shared list tests (tests/test_lists.py) need to know of each list: its URL and how to make rows.

Each app declares its cases in tests/<app>/lists.py as LIST_CASES; every ListSpec must have one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from core import roles


@dataclass(frozen=True)
class ListCase:
    spec: str  # the ListSpec's key
    url: str  # the list's URL name
    make: Callable[[int], None]  # create n rows the list shows (in bulk where it can)
    filter: str  # a query string that keeps some of the rows `make(5)` created, not all
    kwargs: Callable[[], dict] = field(default=dict)  # the URL's arguments (after make)
    role: str = roles.ADMINISTRATOR  # who opens the list

    def __str__(self) -> str:
        return self.spec
