"""The scale dataset of issue 12: a million contacts and what hangs off them (`manage.py generate_scale_data`).

Built on top of the demo data (users, number series, code tables, templates, items), set-based: contacts through
contacts.generate, the 5,000,000 interaction log entries as one INSERT … SELECT over generate_series on
PostgreSQL (Python rows elsewhere, for the small sizes of the tests), the segment lines through the segment
service's own INSERT … SELECT, the smaller tables as rows copied in. Every number comes from its series as one
block (core.services.assign_nos), so the app numbers on after the generator. Distributions are fixed functions
of the row's position: the same sizes give the same dataset.

Entry i goes to campaign bucket i % 20: buckets 0–3 are the four big campaigns (a logged segment each, 5 % of
the entries apiece: 250,000 at full size), 4–11 the other campaigns, 12–19 no campaign. Every tenth entry and
task goes to the first 1 % (entries) or 0.1 % (tasks) of the contacts, so the first contact has a long history.
"""

from __future__ import annotations

import datetime
import io
import time
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from decimal import Decimal

from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

FULL_SIZES = {
    "contacts": 1_000_000,
    "entries": 5_000_000,
    "tasks": 200_000,
    "campaigns": 2_000,
    "segment_lines": 200_000,
    "customers": 50_000,
    "prices": 100_000,
}
BIG_CAMPAIGNS = 4  # campaigns with 5 % of the entries each
SALESPEOPLE = 40  # beside the demo's five
TEAMS = 6
ITEMS = 500
HISTORY_DAYS = 3 * 365
SEGMENT_DESCRIPTION = "Scale mailing"
EVALUATIONS = ["", "", "very_positive", "positive", "neutral", "negative", "very_negative"]


@dataclass(frozen=True)
class Sizes:
    contacts: int = FULL_SIZES["contacts"]
    entries: int = FULL_SIZES["entries"]
    tasks: int = FULL_SIZES["tasks"]
    campaigns: int = FULL_SIZES["campaigns"]
    segment_lines: int = FULL_SIZES["segment_lines"]
    customers: int = FULL_SIZES["customers"]
    prices: int = FULL_SIZES["prices"]

    def scaled(self, factor: float) -> Sizes:
        """Every size times `factor`, at least one of each."""
        return replace(self, **{f.name: max(1, round(getattr(self, f.name) * factor)) for f in fields(self)})


@dataclass
class Built:
    sizes: Sizes
    seconds: dict[str, float]


def generate(sizes: Sizes, *, log: Callable[[str], None] = print) -> Built:
    """Build the dataset of `sizes` on top of the demo data, in one transaction; then refresh the statistics."""
    seconds: dict[str, float] = {}

    def step(name: str, func: Callable[[], object]) -> object:
        start = time.perf_counter()
        result = func()
        seconds[name] = time.perf_counter() - start
        log(f"{name}: {seconds[name]:.1f} s")
        return result

    step("demo data", lambda: call_command("load_demo", stdout=io.StringIO()))
    replica_role = False
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SET LOCAL work_mem = '256MB'")
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                replica_role = cursor.fetchone()[0]
                if replica_role:
                    # Django's foreign keys are checked at COMMIT, one lookup per row and key: some 40 million for
                    # this dataset, longer than building it. Every key is read from its table in this transaction,
                    # so the checks are skipped (a superuser's replica role fires no triggers); CHECK and UNIQUE
                    # constraints still apply, and the SQLite test checks the keys of the same formulas.
                    cursor.execute("SET LOCAL session_replication_role = replica")
        step("salespeople", _salespeople)
        indexes = step("drop indexes", lambda: _drop_indexes(BULK_TABLES))
        first_contact_id = step("contacts", lambda: _contacts(sizes.contacts))
        campaigns = step("campaigns", lambda: _campaigns(sizes.campaigns))
        step("segment", lambda: _segment(campaigns[0], sizes.segment_lines, first_contact_id))
        step("interaction log entries", lambda: _entries(sizes.entries, campaigns, first_contact_id))
        step("tasks", lambda: _tasks(sizes.tasks, campaigns, first_contact_id))
        customers = step("customers", lambda: _customers(sizes.customers, first_contact_id))
        step("sales prices", lambda: _prices(sizes.prices, customers, campaigns))
        step("create indexes", lambda: _create_indexes(indexes))
        if replica_role:
            step("totals", _rebuild_totals)
    if connection.vendor == "postgresql":
        step("vacuum analyze", _vacuum_analyze)
    return Built(sizes=sizes, seconds=seconds)


# --- indexes ------------------------------------------------------------------------------------------------

# The big tables whose plain indexes are built once after the rows are in, rather than row by row.
BULK_TABLES = [
    "contacts_contact",
    "contacts_contactindustrygroup",
    "contacts_contactbusinessrelation",
    "contacts_contactmailinggroup",
    "contacts_contactjobresponsibility",
    "interactions_interactionlogentry",
    "segments_segmentline",
    "tasks_task",
]


def _drop_indexes(tables: list[str]) -> list[str]:
    """On PostgreSQL, drop the indexes of `tables` that back no constraint; return their definitions.

    Filling 5,000,000 rows into a table with a dozen indexes updates each index row by row (random pages, far
    beyond shared_buffers); one sort per index afterwards is several times faster. Primary keys and unique
    constraints stay, so every row is still checked on the way in. The transaction holds the tables meanwhile.
    """
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
            WHERE x.indrelid = ANY(%s::regclass[]) AND NOT x.indisprimary AND NOT x.indisunique
                AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid)
            ORDER BY i.relname
            """,
            [tables],
        )
        found = cursor.fetchall()
        for name, _definition in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    return [definition for _name, definition in found]


def _create_indexes(definitions: list[str]) -> None:
    """Build the dropped indexes again, exactly as pg_get_indexdef gave them."""
    if not definitions:
        return
    with connection.cursor() as cursor:
        # Rows written before the replica role (a test's own) leave foreign-key checks queued, and PostgreSQL
        # builds no index on a table with queued checks: run them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
        for definition in definitions:
            cursor.execute(definition)


# --- salespeople and contacts ---------------------------------------------------------------------------------


def _salespeople() -> None:
    from salespeople.models import Salesperson, Team, TeamSalesperson

    Salesperson.objects.bulk_create(
        [Salesperson(code=f"SC{n:03d}", name=f"Scale Seller {n}") for n in range(1, SALESPEOPLE + 1)],
        ignore_conflicts=True,
    )
    teams = Team.objects.bulk_create(
        [Team(code=f"SCALE{n}", name=f"Scale Team {n}") for n in range(1, TEAMS + 1)], ignore_conflicts=True
    )
    sellers = list(Salesperson.objects.filter(code__startswith="SC").order_by("code"))
    teams = list(Team.objects.filter(code__startswith="SCALE").order_by("code"))
    TeamSalesperson.objects.bulk_create(
        [TeamSalesperson(team=teams[n % TEAMS], salesperson=seller) for n, seller in enumerate(sellers)],
        ignore_conflicts=True,
    )


def _contacts(count: int) -> int:
    """contacts.generate's contacts (a fifth companies, groups and relations); the first new contact's id."""
    from contacts.generate import generate_contacts
    from contacts.models import Contact

    before = Contact.objects.order_by("-id").values_list("id", flat=True).first() or 0
    generate_contacts(count, seed=12)
    return before + 1


def _contact_rows(first_contact_id: int) -> list[tuple[int, int | None, int | None]]:
    """(id, company id, salesperson id) of the generated contacts that may have interactions, in id order."""
    from contacts.models import Contact

    eligible = Contact.objects.filter(id__gte=first_contact_id, privacy_blocked=False).order_by("id")
    return list(eligible.values_list("id", "company_id", "salesperson_id"))


# --- campaigns and the segment --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleCampaign:
    id: int
    no: str
    entry_id: int  # the campaign entry its entries belong to
    segment_no: str  # the logged segment's number, blank for ad-hoc entries
    logged_segment_id: int | None
    starting_date: datetime.date
    ending_date: datetime.date


def _campaigns(count: int) -> list[ScaleCampaign]:
    """`count` campaigns spread over three years; the first BIG_CAMPAIGNS carry a logged segment each."""
    from campaigns.models import Campaign, CampaignEntry, CampaignStatus
    from core.models import User
    from core.services import assign_nos
    from core.sql import insert_rows
    from interactions.models import LoggedSegment
    from salespeople.models import Salesperson

    today = timezone.localdate()
    statuses = list(CampaignStatus.objects.order_by("sort_order", "code").values_list("pk", flat=True)) or [None]
    sellers = list(Salesperson.objects.selectable().order_by("code").values_list("pk", flat=True)) or [None]
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    nos, series = assign_nos(setup_field="campaign_nos", count=count)
    rows = []
    for n, no in enumerate(nos):
        starting = today - datetime.timedelta(days=HISTORY_DAYS - (n * 7) % (HISTORY_DAYS + 180))
        ending = starting + datetime.timedelta(days=30 + n % 90)
        description = f"Scale campaign {n + 1}" if n >= BIG_CAMPAIGNS else f"Big scale campaign {n + 1}"
        rows.append((no, description, starting, ending, statuses[n % len(statuses)], sellers[n % len(sellers)],
                     today, series.pk, 0))  # fmt: skip
    fields = ["no", "description", "starting_date", "ending_date", "status_id", "salesperson_id",
              "last_date_modified", "no_series_id", "version"]  # fmt: skip
    ids = insert_rows(Campaign, fields, rows, returning=True)
    big = min(BIG_CAMPAIGNS, max(count - 1, 0))
    segment_nos, _segment_series = assign_nos(setup_field="segment_nos", count=big)
    logged = [
        LoggedSegment.objects.create(
            segment_no=segment_no, description=f"Scale mailing {n + 1}", creation_date=rows[n][2], user=admin
        )
        for n, segment_no in enumerate(segment_nos)
    ]
    entries = CampaignEntry.objects.bulk_create(
        CampaignEntry(
            campaign_id=campaign_id,
            description=logged[n].description if n < big else "Interactions",
            date=rows[n][2],
            user=admin,
            segment_no=segment_nos[n] if n < big else "",
            salesperson_id=rows[n][5],
            register=logged[n] if n < big else None,
        )
        for n, campaign_id in enumerate(ids)
    )
    return [
        ScaleCampaign(
            id=campaign_id,
            no=nos[n],
            entry_id=entries[n].pk,
            segment_no=segment_nos[n] if n < big else "",
            logged_segment_id=logged[n].pk if n < big else None,
            starting_date=rows[n][2],
            ending_date=rows[n][3],
        )
        for n, campaign_id in enumerate(ids)
    ]


def _segment(campaign: ScaleCampaign, lines: int, first_contact_id: int) -> None:
    """One segment of the biggest campaign with `lines` lines, added as Add Contacts would (one criteria action)."""
    from contacts.models import Contact
    from core.services import assign_nos
    from interactions.models import InteractionTemplate
    from segments.models import SegmentCriteriaAction, SegmentHeader
    from segments.services.lines import CONTACT_LINE_ORDER, apply_template_defaults, insert_lines, lock_segment

    (no,), series = assign_nos(setup_field="segment_nos", count=1)
    header = SegmentHeader(
        no=no,
        description=SEGMENT_DESCRIPTION,
        campaign_id=campaign.id,
        interaction_template=InteractionTemplate.objects.filter(code="NEWSLETTER").first(),
        date=timezone.localdate(),
        no_series=series,
    )
    apply_template_defaults(header, keep={"campaign"})
    header.campaign_id = campaign.id
    header.save()
    eligible = Contact.objects.segment_eligible().filter(id__gte=first_contact_id)
    last = list(eligible.order_by("id").values_list("id", flat=True)[lines - 1 : lines])
    source = eligible.filter(id__lte=last[0]) if last else eligible
    action = SegmentCriteriaAction.objects.create(
        segment=header, action_no=1, action=SegmentCriteriaAction.Action.ADD, filters={}, options={}
    )
    added = insert_lines(locked=lock_segment(header), source=source, order_by=CONTACT_LINE_ORDER, action_no=1)
    SegmentCriteriaAction.objects.filter(pk=action.pk).update(no_of_contacts=added)


# --- interaction log entries ----------------------------------------------------------------------------------


def _templates() -> list[dict]:
    from interactions.models import InteractionTemplate

    return list(
        InteractionTemplate.objects.order_by("id").values(
            "id",
            "interaction_group_id",
            "description",
            "unit_cost",
            "unit_duration",
            "information_flow",
            "initiated_by",
            "campaign_target",
            "campaign_response",
            "correspondence_type",
        )
    )


def _user_ids() -> list[int]:
    from core.models import User

    return list(User.objects.order_by("id").values_list("id", flat=True))


def _entries(count: int, campaigns: list[ScaleCampaign], first_contact_id: int) -> None:
    big = sum(1 for c in campaigns if c.logged_segment_id)
    if connection.vendor == "postgresql":
        _entries_postgresql(count, campaigns, big, first_contact_id)
    else:
        _entries_rows(count, campaigns, big, first_contact_id)


def _campaign_index(i: int, big: int, campaigns: int) -> int | None:
    bucket = i % 20
    if bucket < big:
        return bucket
    if bucket < 12:
        return big + (i * 31) % max(campaigns - big, 1)
    return None


ENTRY_FIELDS = [
    "contact_id", "contact_company_id", "date", "time_of_interaction", "description", "information_flow",
    "initiated_by", "cost", "duration", "user_id", "interaction_group_id", "interaction_template_id", "campaign_id",
    "campaign_entry_id", "campaign_target", "campaign_response", "segment_no", "evaluation", "attempt_failed",
    "salesperson_id", "canceled", "correspondence_type", "logged_segment_id", "task_id", "opportunity_no",
    "postponed",
]  # fmt: skip


def _entries_rows(count: int, campaigns: list[ScaleCampaign], big: int, first_contact_id: int) -> None:
    """The entries as Python rows (SQLite, small sizes): the same formulas as _entries_postgresql."""
    from core.sql import insert_rows
    from interactions.models import InteractionLogEntry

    contacts = _contact_rows(first_contact_id)
    templates = _templates()
    users = _user_ids()
    today = timezone.localdate()
    hot = max(len(contacts) // 100, 1)
    rows = []
    for i in range(count):
        contact_id, company_id, salesperson_id = contacts[
            (i // 10) % hot if i % 10 == 0 else (i * 7919) % len(contacts)
        ]
        t = templates[(i // 3) % len(templates)]
        k = _campaign_index(i, big, len(campaigns))
        c = campaigns[k] if k is not None else None
        rows.append((
            contact_id, company_id, today - datetime.timedelta(days=(i * 37) % HISTORY_DAYS),
            datetime.time(8 + i % 9, i % 60), t["description"], t["information_flow"], t["initiated_by"],
            t["unit_cost"], t["unit_duration"], users[i % len(users)], t["interaction_group_id"], t["id"],
            c.id if c else None, c.entry_id if c else None, bool(c) and t["campaign_target"],
            bool(c) and t["campaign_response"], c.segment_no if c else "", EVALUATIONS[(i // 7) % len(EVALUATIONS)],
            i % 40 == 1, salesperson_id, (c is None or not c.logged_segment_id) and i % 50 == 0,
            t["correspondence_type"], c.logged_segment_id if c else None, None, "", i % 97 == 0,
        ))  # fmt: skip
    insert_rows(InteractionLogEntry, ENTRY_FIELDS, rows)


def _entries_postgresql(count: int, campaigns: list[ScaleCampaign], big: int, first_contact_id: int) -> None:
    """One INSERT … SELECT over generate_series, joined to numbered contacts, templates and campaigns."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_contact ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, "
            "id, company_id, salesperson_id FROM contacts_contact WHERE id >= %s AND NOT privacy_blocked",
            [first_contact_id],
        )
        cursor.execute("ALTER TABLE scale_contact ADD PRIMARY KEY (k)")
        cursor.execute("SELECT count(*) FROM scale_contact")
        (contacts,) = cursor.fetchone()
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_template ON COMMIT DROP AS SELECT row_number() OVER (ORDER BY id) - 1 AS k, "
            "* FROM interactions_interactiontemplate"
        )
        cursor.execute("SELECT count(*) FROM scale_template")
        (templates,) = cursor.fetchone()
        cursor.execute(
            "CREATE TEMPORARY TABLE scale_campaign ON COMMIT DROP AS SELECT * FROM unnest("
            "%s::int[], %s::bigint[], %s::bigint[], %s::text[], %s::bigint[]) AS c(k, id, entry_id, segment_no, "
            "logged_segment_id)",
            [
                list(range(len(campaigns))),
                [c.id for c in campaigns],
                [c.entry_id for c in campaigns],
                [c.segment_no for c in campaigns],
                [c.logged_segment_id for c in campaigns],
            ],
        )
        cursor.execute("ANALYZE scale_contact, scale_template, scale_campaign")
        columns = ", ".join(ENTRY_FIELDS)
        cursor.execute(
            f"""
            INSERT INTO interactions_interactionlogentry ({columns})
            SELECT c.id, c.company_id, %(today)s::date - ((g.i * 37) %% %(days)s)::int,
                make_time(8 + (g.i %% 9)::int, (g.i %% 60)::int, 0), t.description, t.information_flow,
                t.initiated_by, t.unit_cost, t.unit_duration, (%(users)s::bigint[])[1 + g.i %% %(user_count)s],
                t.interaction_group_id, t.id, cp.id, cp.entry_id, cp.id IS NOT NULL AND t.campaign_target,
                cp.id IS NOT NULL AND t.campaign_response, coalesce(cp.segment_no, ''),
                (%(evaluations)s::text[])[1 + (g.i / 7) %% %(evaluation_count)s], g.i %% 40 = 1, c.salesperson_id,
                cp.logged_segment_id IS NULL AND g.i %% 50 = 0, t.correspondence_type, cp.logged_segment_id, NULL,
                '', g.i %% 97 = 0
            FROM (
                SELECT i,
                    CASE WHEN i %% 10 = 0 THEN (i / 10) %% %(hot)s ELSE (i * 7919) %% %(contacts)s END AS contact_k,
                    (i / 3) %% %(templates)s AS template_k,
                    CASE WHEN i %% 20 < %(big)s THEN i %% 20
                         WHEN i %% 20 < 12 THEN %(big)s + (i * 31) %% %(others)s END AS campaign_k
                FROM generate_series(0::bigint, %(count)s - 1) AS i
            ) g
            JOIN scale_contact c ON c.k = g.contact_k
            JOIN scale_template t ON t.k = g.template_k
            LEFT JOIN scale_campaign cp ON cp.k = g.campaign_k
            """,  # noqa: S608 - the column names are this module's constants; values are parameters
            {
                "today": timezone.localdate(),
                "days": HISTORY_DAYS,
                "users": _user_ids(),
                "user_count": len(_user_ids()),
                "evaluations": EVALUATIONS,
                "evaluation_count": len(EVALUATIONS),
                "hot": max(contacts // 100, 1),
                "contacts": contacts,
                "templates": templates,
                "big": big,
                "others": max(len(campaigns) - big, 1),
                "count": count,
            },
        )


# --- tasks ----------------------------------------------------------------------------------------------------


TASK_FIELDS = [
    "no", "type", "description", "date", "start_time", "duration", "all_day_event", "location", "status",
    "priority", "salesperson_id", "team_id", "contact_id", "contact_company_id", "campaign_id", "closed",
    "date_closed", "canceled", "completed_by_id", "recurring", "recurring_date_interval", "calc_due_date_from",
    "system_task_type", "no_series_id", "last_date_modified", "opportunity_no", "version",
]  # fmt: skip
TASK_KINDS = [
    ("", "Follow up", None),
    ("phone_call", "Call about the offer", None),
    ("meeting", "Customer meeting", datetime.timedelta(hours=1)),
]
OPEN_STATUSES = ["not_started", "in_progress", "waiting", "postponed"]
PRIORITIES = ["normal", "normal", "high", "low"]


def _tasks(count: int, campaigns: list[ScaleCampaign], first_contact_id: int) -> None:
    """Tasks around today (half a year either side) over salespeople, teams, contacts and campaigns."""
    from core.services import assign_nos
    from core.sql import insert_rows
    from salespeople.models import Salesperson, Team
    from tasks.models import Task

    contacts = _contact_rows(first_contact_id)
    sellers = list(Salesperson.objects.selectable().order_by("code").values_list("pk", flat=True))
    teams = list(Team.objects.order_by("code").values_list("pk", flat=True))
    today = timezone.localdate()
    hot = max(len(contacts) // 1000, 1)
    nos, series = assign_nos(setup_field="task_nos", count=count)
    rows = []
    for j, no in enumerate(nos):
        kind, description, duration = TASK_KINDS[j % len(TASK_KINDS)]
        date = today + datetime.timedelta(days=(j * 13) % 365 - 182)
        closed = date < today and j % 5 < 3
        team_task = j % 20 == 0 and bool(teams)
        contact = None
        if j % 5:
            contact = contacts[(j // 10) % hot if j % 10 == 1 else (j * 7919) % len(contacts)]
        rows.append((
            no, kind, description, date, datetime.time(9 + j % 8) if kind == "meeting" else None, duration, False,
            "", "completed" if closed else OPEN_STATUSES[j % len(OPEN_STATUSES)], PRIORITIES[j % len(PRIORITIES)],
            None if team_task else sellers[j % len(sellers)], teams[j % len(teams)] if team_task else None,
            contact[0] if contact else None, contact[1] if contact else None,
            campaigns[j % len(campaigns)].id if j % 3 == 0 else None, closed, date if closed else None,
            closed and j % 50 == 0, sellers[j % len(sellers)] if closed and not team_task else None, False, "", "",
            "team" if team_task else "organizer", series.pk, today, "", 0,
        ))  # fmt: skip
    insert_rows(Task, TASK_FIELDS, rows)


# --- customers and sales prices -------------------------------------------------------------------------------


def _customers(count: int, first_contact_id: int) -> list[int]:
    """Customers of every fourth generated company contact (one customer per company); their ids."""
    from contacts.models import Contact
    from core.services import assign_nos
    from core.sql import insert_rows
    from pricing.models import Customer, CustomerDiscountGroup, CustomerPriceGroup

    companies = list(
        Contact.objects.companies()
        .filter(id__gte=first_contact_id, customer__isnull=True)
        .order_by("id")
        .values_list("id", "name")
    )
    companies = (companies[::4] + [c for n, c in enumerate(companies) if n % 4])[:count]
    price_groups = [*CustomerPriceGroup.objects.order_by("code").values_list("pk", flat=True), None]
    disc_groups = [*CustomerDiscountGroup.objects.order_by("code").values_list("pk", flat=True), None]
    nos, series = assign_nos(setup_field="customer_nos", count=len(companies))
    rows = [
        (
            no,
            name,
            contact_id,
            price_groups[n % len(price_groups)],
            disc_groups[n % len(disc_groups)],
            True,
            "",
            series.pk,
            0,
        )
        for n, (no, (contact_id, name)) in enumerate(zip(nos, companies, strict=True))
    ]
    fields = ["no", "name", "contact_id", "customer_price_group_id", "customer_disc_group_id", "allow_line_disc",
              "blocked", "no_series_id", "version"]  # fmt: skip
    return insert_rows(Customer, fields, rows, returning=True)


def _items() -> list[tuple[int, Decimal]]:
    """ITEMS new items, each with its base unit; their (id, unit price), so no price meets a demo price's key."""
    from core.services import assign_nos
    from core.sql import insert_rows
    from pricing.models import Item, ItemUnitOfMeasure

    nos, series = assign_nos(setup_field="item_nos", count=ITEMS)
    rows = [
        (no, f"Scale item {n + 1}", Decimal(10 + n % 490), Decimal(5 + n % 245), "PCS", "", False, series.pk, 0)
        for n, no in enumerate(nos)
    ]
    fields = ["no", "description", "unit_price", "unit_cost", "base_unit_of_measure", "sales_unit_of_measure",
              "blocked", "no_series_id", "version"]  # fmt: skip
    ids = insert_rows(Item, fields, rows, returning=True)
    insert_rows(ItemUnitOfMeasure, ["item_id", "code", "qty_per_unit_of_measure"], [(i, "PCS", 1) for i in ids])
    return [(item_id, row[2]) for item_id, row in zip(ids, rows, strict=True)]


def _prices(count: int, customers: list[int], campaigns: list[ScaleCampaign]) -> None:
    """70 % customer prices, 20 % campaign prices (in the campaign's period), the rest for all customers.

    Each kind walks its codes first and the items second, so no two rows share the unique key.
    """
    from core.sql import insert_rows
    from pricing.models import SalesPrice

    items = _items()
    customer_count = int(count * 0.7) if customers else 0
    campaign_count = int(count * 0.2)
    rows = []
    for j in range(customer_count):
        item_id, price = items[(j // len(customers) + j) % len(items)]
        rows.append((item_id, "customer", customers[j % len(customers)], None, None, price * Decimal("0.9"), 0, None))
    for j in range(campaign_count):
        item_id, price = items[(j // len(campaigns) + j) % len(items)]
        campaign = campaigns[j % len(campaigns)]
        rows.append((item_id, "campaign", None, campaign.id, campaign.starting_date, price * Decimal("0.8"), 0,
                     campaign.ending_date))  # fmt: skip
    for j in range(count - customer_count - campaign_count):
        item_id, price = items[j % len(items)]
        rows.append((item_id, "all_customers", None, None, None, price * Decimal("0.95"), 1 + j // len(items), None))
    fields = ["item_id", "sales_type", "customer_id", "campaign_id", "starting_date", "unit_price",
              "minimum_quantity", "ending_date"]  # fmt: skip
    insert_rows(
        SalesPrice,
        [*fields, "unit_of_measure_code", "variant_code", "allow_invoice_disc", "allow_line_disc", "version"],
        [(*row, "", "", True, True, 0) for row in rows],
    )


def _rebuild_totals() -> None:
    """The totals the database triggers keep (entries, campaign days, segment lines, No. of Contacts of the contact
    groupings), computed from the rows: the replica role that skips the foreign key checks skips those triggers too.
    Each is the backfill of the migration that created its trigger, so the totals are what the triggers would keep.
    """
    import importlib

    entries = importlib.import_module("interactions.migrations.0005_interaction_totals")
    days = importlib.import_module("interactions.migrations.0006_campaign_day_totals")
    lines = importlib.import_module("segments.migrations.0008_segment_line_totals")
    groupings = importlib.import_module("contacts.migrations.0006_group_contact_counts")
    # Table and column names are the migrations' constants; there are no values.
    statements = [
        f"DELETE FROM {entries.TABLE}",  # noqa: S608
        f"INSERT INTO {entries.TABLE} ({entries.KEYS}, no_of_entries, cost, duration) "
        f"{entries.grouped(entries.ENTRIES, '')}",
        f"DELETE FROM {days.TABLE}",  # noqa: S608
        f"INSERT INTO {days.TABLE} ({days.COLUMNS}) {days.grouped(days.ENTRIES, '')}",
        f"DELETE FROM {lines.TABLE}",  # noqa: S608
        f"INSERT INTO {lines.TABLE} ({lines.COLUMNS}) SELECT segment_id, COUNT(*), "  # noqa: S608
        f"SUM(CASE WHEN campaign_target THEN 1 ELSE 0 END), SUM(cost), SUM(duration) FROM {lines.LINES} GROUP BY 1",
        *(
            f"UPDATE {groups} SET no_of_contacts = (SELECT COUNT(*) FROM {links} WHERE {links}.{column} = {groups}.id)"  # noqa: S608
            for groups, links, column in groupings.LINKS
        ),
    ]
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _vacuum_analyze() -> None:
    """Fresh statistics and visibility maps, so the pages are measured as a settled database serves them."""
    with connection.cursor() as cursor:
        # VACUUM cannot run in a transaction (a test's); ANALYZE alone still gives the planner the new sizes.
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")


def present_sizes() -> dict[str, int]:
    """What the database holds now, by the names of Sizes (the bench builds only when something is short)."""
    from campaigns.models import Campaign
    from contacts.models import Contact
    from interactions.models import InteractionLogEntry
    from pricing.models import Customer, SalesPrice
    from segments.models import SegmentHeader, SegmentLine
    from tasks.models import Task

    segment = SegmentHeader.objects.filter(description=SEGMENT_DESCRIPTION).order_by("-id").first()
    return {
        "contacts": Contact.objects.count(),
        "entries": InteractionLogEntry.objects.count(),
        "tasks": Task.objects.count(),
        "campaigns": Campaign.objects.count(),
        "segment_lines": SegmentLine.objects.filter(segment=segment).count() if segment else 0,
        "customers": Customer.objects.count(),
        "prices": SalesPrice.objects.count(),
    }
