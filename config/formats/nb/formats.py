"""Norwegian Bokmål: dates 31.12.2026, decimal comma and a no-break space between thousands (1 234,50).

The same as Django's nb locale, stated here because the app relies on them: lists show SHORT_DATE_FORMAT, forms
read DATE_INPUT_FORMATS (ISO first: <input type="date"> always posts ISO), amounts use the separators.
"""

SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
DATE_FORMAT = SHORT_DATE_FORMAT  # without a format name too ({{ job.created_at }}), as in English
DATETIME_FORMAT = SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = 1  # Monday
DATE_INPUT_FORMATS = [
    "%Y-%m-%d",  # 2026-12-31, what a date picker posts
    "%d.%m.%Y",  # 31.12.2026
    "%d.%m.%y",  # 31.12.26
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"  # no-break space
NUMBER_GROUPING = 3
