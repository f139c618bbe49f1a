"""Accessibility, proven (issue 13): axe-core over every main page of each role, on a desk and on a phone.

The demo data (`load_demo`) fills the pages the way a user meets them: campaigns with statistics, segments with
lines, tasks, opportunities, prices. Each role logs in and opens its home, every section of the navigation, the
setup tables (Administrator) and the main cards; axe (the copy axe-playwright-python ships) runs its WCAG 2.1 A and
AA rules and its best practices (landmarks, headings, named table headers) at 1440 px and at 390 px, and at 390 px
the page must not scroll sideways. The test fails once, at the end, listing every problem; test-results/ keeps
axe-summary.json and screenshots of each role's home page and of every page with a problem.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

from core import lists, roles
from core.demo import DEMO_PASSWORD
from core.lists import CappedPaginator
from tests.test_role_matrix import ROUTES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]},
    "resultTypes": ["violations"],  # passes and the rest name one element each instead of all: less to send back
}
DEMO_LOGINS = {
    roles.ADMINISTRATOR: "admin",
    roles.MARKETER: "marketer",
    roles.SALES_MANAGER: "manager",
    roles.SALESPERSON: "seller",
}


def _first(queryset) -> dict:
    row = queryset.first()
    assert row is not None, f"the demo data has no {queryset.model.__name__}"
    return row


def campaign_with_statistics(user) -> dict:
    from campaigns.models import Campaign

    return {"no": _first(Campaign.objects.filter(entries__isnull=False).order_by("no")).no}


def segment_with_lines(user) -> dict:
    from segments.models import SegmentHeader

    return {"no": _first(SegmentHeader.objects.filter(lines__isnull=False).order_by("no")).no}


def contact_with_interactions(user) -> dict:
    from contacts.models import Contact

    return {"no": _first(Contact.objects.filter(interactions__isnull=False).order_by("no")).no}


def own_task(user) -> dict:
    """A task the user may open: a salesperson sees only own tasks."""
    from tasks.models import Task

    tasks = Task.objects.order_by("no")
    if user.groups.filter(name=roles.SALESPERSON).exists():
        tasks = tasks.filter(salesperson__user=user)
    return {"no": _first(tasks).no}


def activity(user) -> dict:
    from tasks.models import Activity

    return {"code": _first(Activity.objects.filter(steps__isnull=False).order_by("code")).code}


def own_opportunity(user) -> dict:
    from opportunities.models import Opportunity

    opportunities = Opportunity.objects.order_by("no")
    if user.groups.filter(name=roles.SALESPERSON).exists():
        opportunities = opportunities.filter(salesperson__user=user)
    return {"no": _first(opportunities).no}


def interaction_log_entry(user) -> dict:
    from interactions.models import InteractionLogEntry

    return {"pk": _first(InteractionLogEntry.objects.filter(campaign__isnull=False).order_by("pk")).pk}


def logged_segment(user) -> dict:
    from interactions.models import LoggedSegment

    return {"pk": _first(LoggedSegment.objects.order_by("pk")).pk}


def sales_cycle(user) -> dict:
    from opportunities.models import SalesCycle

    return {"code": _first(SalesCycle.objects.order_by("code")).code}


def item(user) -> dict:
    from pricing.models import Item

    return {"no": _first(Item.objects.order_by("no")).no}


def customer(user) -> dict:
    from pricing.models import Customer

    return {"no": _first(Customer.objects.order_by("no")).no}


def salesperson(user) -> dict:
    from salespeople.models import Salesperson

    return {"code": _first(Salesperson.objects.order_by("code")).code}


@dataclass(frozen=True)
class Page:
    url_name: str
    kwargs: Callable[[object], dict] = lambda user: {}
    query: str = ""


# The main cards and the pages one step from them; the lists of the navigation and of Setup are found on the pages.
MAIN_PAGES = [
    Page("campaigns:detail", campaign_with_statistics),
    Page("campaigns:statistics", campaign_with_statistics),
    Page("campaigns:entries", campaign_with_statistics),
    Page("campaigns:create"),
    Page("segments:detail", segment_with_lines),
    Page("segments:criteria", lambda user: {**segment_with_lines(user), "action": "add"}),
    Page("contacts:detail", contact_with_interactions),
    Page("contacts:create"),
    Page("tasks:my_tasks"),
    Page("tasks:agenda"),
    Page("tasks:workload"),
    Page("tasks:detail", own_task),
    Page("tasks:activity_detail", activity),
    Page("tasks:assign_activity"),
    Page("opportunities:detail", own_opportunity),
    Page("opportunities:pipeline"),
    Page("opportunities:cycle_detail", sales_cycle),
    Page("interactions:entry_detail", interaction_log_entry),
    Page("interactions:logged_segment_list"),
    Page("interactions:logged_segment_detail", logged_segment),
    Page("interactions:log_interaction"),
    Page("pricing:price_list"),
    Page("pricing:discount_list"),
    Page("pricing:item_detail", item),
    Page("pricing:customer_detail", customer),
    Page("salespeople:detail", salesperson),
    Page("core:marketing_setup"),
    Page("password_change"),
    Page("campaigns:list", query="?view=timeline"),
    Page("search:results", query="?q=CP"),
]


def allowed(url_name: str, role: str) -> bool:
    route = ROUTES.get(url_name)
    return route is None or role in route.get


def wait_for_htmx(page) -> None:
    """Panels that load themselves (hx-trigger="load") are part of the page axe must see."""
    page.wait_for_function("() => !document.querySelector('.htmx-request, .htmx-settling, .htmx-swapping')")


def next_frame(page) -> None:
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def links_in(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector, "links => links.map(a => a.getAttribute('href'))")


# The kinds of element on a page: tag, classes, role, type and the ARIA attributes it carries (not its text), and
# the classes of its parent (a colour reads differently on another background).
ELEMENT_KINDS = """() => [...new Set(Array.from(document.body.querySelectorAll("*"), (el) => [
    el.tagName, el.getAttribute("class"), el.getAttribute("role"), el.getAttribute("type"),
    ...el.getAttributeNames().filter((name) => name.startsWith("aria-")).sort(), el.parentElement.className,
].join("|")))]"""

# Elements past the right edge of the window that no scrolling box clips (an absolutely positioned element escapes
# a box that is not its containing block): what widens the page.
WIDENING_ELEMENTS = """() => Array.from(document.body.querySelectorAll("*")).filter((el) => {
    if (el.getBoundingClientRect().right <= window.innerWidth + 1) return false;
    if (["absolute", "fixed"].includes(getComputedStyle(el).position)) return true;
    for (let box = el.parentElement; box; box = box.parentElement) {
        if (getComputedStyle(box).overflowX !== "visible") return false;
    }
    return true;
}).slice(0, 3).map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "")
    + (el.classList.length ? "." + [...el.classList].join(".") : ""))"""


@dataclass
class Audit:
    """Runs axe on a page at both widths and checks the phone layout; collects what fails."""

    axe: Axe = field(default_factory=Axe)
    violations: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    audited: list[str] = field(default_factory=list)
    visited: list[str] = field(default_factory=list)
    element_kinds: dict[str, set[str]] = field(default_factory=dict)

    def check(self, page, who: str, path: str) -> None:
        page.set_viewport_size(DESKTOP)
        response = page.goto(path)
        self.visited.append(f"{who} {path}")
        if response is None or not response.ok:
            self.fail(f"{who} {path}: HTTP {response and response.status}", "http-error")
            return
        wait_for_htmx(page)
        # A page another role has shown with every kind of element this one holds adds nothing for axe to find
        # (buttons and columns differ by role, the markup of each does not); the phone layout is checked anyway.
        kinds = set(page.evaluate(ELEMENT_KINDS))
        run_axe = not kinds <= self.element_kinds.get(path, set())
        # Screenshots of each role's home page, and of every page with a problem, to look at.
        shot = page.artifacts_dir / f"{len(self.visited):03d}-{who}-{path.strip('/').replace('/', '-') or 'home'}"
        problems_before = len(self.violations)
        if run_axe:
            self.element_kinds.setdefault(path, set()).update(kinds)
            self.audited.append(f"{who} {path}")
            self.run_axe(page, f"{who} {path} at 1440 px")
        if path == "/" or len(self.violations) > problems_before:
            page.screenshot(path=f"{shot}-1440.png")
        page.set_viewport_size(PHONE)
        next_frame(page)
        if run_axe:
            self.run_axe(page, f"{who} {path} at 390 px")
        scroll_width, inner_width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        if scroll_width > inner_width + 1:
            culprits = ", ".join(page.evaluate(WIDENING_ELEMENTS))
            self.fail(f"{who} {path}: {scroll_width} px wide at {inner_width} px ({culprits})", "horizontal-scroll")
        if path == "/" or len(self.violations) > problems_before:
            page.screenshot(path=f"{shot}-390.png", full_page=True)

    def run_axe(self, page, where: str) -> None:
        for violation in self.axe.run(page, options=AXE_OPTIONS).response["violations"]:
            for node in violation["nodes"]:
                target = " ".join(map(str, node["target"]))
                summary = " ".join((node.get("failureSummary") or violation["help"]).split())
                self.fail(f"{where}: {violation['id']} {target}: {summary}", violation["id"])

    def fail(self, message: str, rule: str) -> None:
        self.violations.append(message)
        self.counts[rule] += 1


class AuditPaginator(CappedPaginator):
    """Ten rows a list page: more rows repeat the same markup and only slow axe down (it checks every element)."""

    def __init__(self, object_list, per_page: int, *args, **kwargs) -> None:
        super().__init__(object_list, min(per_page, 10), *args, **kwargs)


def log_in(page, username: str) -> None:
    page.context.clear_cookies()
    page.set_viewport_size(DESKTOP)
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/")


def pages_of(page, role: str, user) -> list[str]:
    """The home page, each section of the navigation, the setup tables (Administrator) and the main cards."""
    paths = [reverse("core:home")]
    page.goto(paths[0])
    paths += links_in(page, "#mainnav .navbar-nav a.nav-link")
    if role == roles.ADMINISTRATOR:  # the setup tables share one list and form; for the others they are read-only
        page.goto(reverse("core:setup"))
        paths += links_in(page, "main .list-group a.list-group-item")
    for main_page in MAIN_PAGES:
        if allowed(main_page.url_name, role):
            paths.append(reverse(main_page.url_name, kwargs=main_page.kwargs(user)) + main_page.query)
    return list(dict.fromkeys(paths))


def test_every_main_page_of_each_role_passes_axe_on_desktop_and_phone(page, live_server, monkeypatch):
    from core.models import User

    monkeypatch.setattr(lists, "CappedPaginator", AuditPaginator)
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115 - discard the command's output
    audit = Audit()

    audit.check(page, "Anonymous", reverse("login"))
    for role, username in DEMO_LOGINS.items():
        log_in(page, username)
        if role == roles.ADMINISTRATOR:
            page.goto(reverse("core:home"))
            page.keyboard.press("Tab")  # the first Tab of a page reaches the skip link, and it shows itself
            skip_link = page.get_by_role("link", name="Skip to main content")
            expect(skip_link).to_be_focused()
            expect(skip_link).to_be_visible()
            page.screenshot(path=page.artifacts_dir / "skip-link.png")
        for path in pages_of(page, role, User.objects.get(username=username)):
            audit.check(page, role, path)

    page.artifacts_dir.joinpath("axe-summary.json").write_text(json.dumps(vars(audit) | {"axe": None}, default=sorted))
    problems = audit.violations
    assert not problems, (
        f"{len(audit.violations)} problems; axe ran on {len(audit.audited)} of {len(audit.visited)} pages "
        f"({dict(audit.counts.most_common())}):\n" + "\n".join(problems)
    )
