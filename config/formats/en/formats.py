"""English: dates as ISO (2026-12-31), as the app has always shown them; numbers as Django's English (1,234.50).

Templates show a date with the "SHORT_DATE_FORMAT" format name, so one template serves both languages.
"""

SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
# A date or time shown without a format name ({{ job.created_at }}) reads the same as the lists and the date inputs,
# not Django's English "Dec. 7, 2026, 3:20 p.m.".
DATE_FORMAT = SHORT_DATE_FORMAT
DATETIME_FORMAT = SHORT_DATETIME_FORMAT
FIRST_DAY_OF_WEEK = 1  # Monday, as in BC (date formulas: WD1 = Monday)
