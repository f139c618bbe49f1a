"""Set-based inserts of many rows from Python data: moved to core.sql (one module for set-based SQL).

`insert_rows` stays importable from here for the contacts code that uses it (imports, generated contacts).
"""

from __future__ import annotations

from core.sql import insert_rows

__all__ = ["insert_rows"]
