"""Checks the browser journeys share: axe-core's WCAG 2.1 A/AA rules and the page not scrolling sideways.

tests/test_accessibility.py audits every main page of every role (with axe's best practices too); a journey checks
the pages it changes with these.
"""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

DESK = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def axe_violations(page, *, context: str | None = None) -> list[str]:
    """axe-core's WCAG 2.1 A/AA violations on the page (or inside `context`, a selector), one line per element."""
    arguments = {"options": WCAG_21_AA} | ({"context": context} if context else {})
    return [
        f"{violation['id']} {node['target']}: {node.get('failureSummary')}"
        for violation in Axe().run(page, **arguments).response["violations"]
        for node in violation["nodes"]
    ]


def sideways_scroll(page) -> str:
    """ "" when the page fits its window, else how wide it is (a phone must never scroll sideways)."""
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return f"the page is {scroll_width} px wide in a {inner_width} px window" if scroll_width > inner_width + 1 else ""
