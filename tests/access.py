"""The role matrix: which role may GET and POST each URL. Each app lists its routes in tests/<app>/access.py.

`ANY` means every logged-in user, roles or not. A route's `kwargs` builds the records the URL needs for
the given user and returns the URL's keyword arguments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from core import roles

ADMIN = roles.ADMINISTRATOR
MARKETER = roles.MARKETER
MANAGER = roles.SALES_MANAGER
SELLER = roles.SALESPERSON
ALL_ROLES = frozenset({ADMIN, MARKETER, MANAGER, SELLER})
ANY = frozenset({*ALL_ROLES, None})
NOBODY: frozenset = frozenset()


@dataclass(frozen=True)
class Route:
    name: str
    get: frozenset = NOBODY  # roles allowed to GET (NOBODY: the view takes no GET)
    post: frozenset = NOBODY  # roles allowed to POST (NOBODY: the view takes no POST)
    kwargs: Callable[[Any], dict] = field(default=lambda user: {})
    query: str = ""  # query string appended to GET requests, e.g. "?contact=CT0001"


def roles_(*names) -> frozenset:
    return frozenset(names)
