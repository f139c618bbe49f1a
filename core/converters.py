"""The URL converter for Codes and Nos. (`<code:no>`): any code a user can type gives a working URL.

BC codes may contain "/", which Django's `str` converter cannot put into a URL (reverse() would fail and
every list showing the record would break). "/" is written as "~2F" and "~" itself as "~7E".
"""

import re

ESCAPED = re.compile(r"~(2F|7E)")


class CodeConverter:
    # No NUL byte: no code holds one, and PostgreSQL refuses it in a query (a 404, not a 500).
    regex = r"[^/\x00]+"

    def to_python(self, value: str) -> str:
        return ESCAPED.sub(lambda match: "/" if match.group(1) == "2F" else "~", value)

    def to_url(self, value: object) -> str:
        return str(value).replace("~", "~7E").replace("/", "~2F")
