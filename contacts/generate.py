"""Generate many plausible contacts fast, for benchmarks and load tests (`manage.py generate_contacts N`).

One company per five contacts; persons are spread over the companies. Attributes (salesperson, place,
groups, relations, exclusion, privacy) vary deterministically with the seed, so segment criteria select
realistic shares. Numbers come from Contact Nos. as one block; rows go in with set-based inserts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from contacts import demo
from contacts.models import (
    BusinessRelation,
    Contact,
    ContactBusinessRelation,
    ContactIndustryGroup,
    ContactJobResponsibility,
    ContactMailingGroup,
    CorrespondenceType,
    IndustryGroup,
    JobResponsibility,
    MailingGroup,
)
from contacts.services import draw_contact_nos
from core.sql import insert_rows

CONTACT_FIELDS = [
    "no",
    "no_series_id",
    "name",
    "type",
    "company_id",
    "company_name",
    "salesperson_id",
    "address",
    "post_code",
    "city",
    "country_region_code",
    "territory_code",
    "phone_no",
    "email",
    "correspondence_type",
    "language_code",
    "exclude_from_segment",
    "privacy_blocked",
    "last_date_modified",
    "version",
]
COMPANY_WORDS = ["Nord", "Fjord", "Vest", "Øst", "Sør", "Kyst", "Fjell", "Polar", "Aurora", "Nordic", "Viking", "Midt"]
COMPANY_TRADES = ["Handel", "Bygg", "Data", "Elektro", "Sjømat", "Transport", "Design", "Energi", "Møbler", "Sport"]
COMPANY_FORMS = ["AS", "AS", "AS", "AB", "ApS", "Oy", "Ltd.", "GmbH"]


@dataclass
class Generated:
    companies: int
    persons: int
    first_no: str
    last_no: str


def _codes(model, rows) -> list[int]:
    for code, description in rows:
        model.objects.get_or_create(code=code, defaults={"description": description})
    return list(model.objects.order_by("code").values_list("pk", flat=True))


@transaction.atomic
def generate_contacts(count: int, *, seed: int = 1) -> Generated:
    """Insert `count` contacts (a fifth of them companies) with their group links."""
    from salespeople.models import Salesperson

    rng = random.Random(seed)
    industry = _codes(IndustryGroup, demo.INDUSTRY_GROUPS)
    relations = _codes(BusinessRelation, demo.BUSINESS_RELATIONS)
    mailing = _codes(MailingGroup, demo.MAILING_GROUPS)
    responsibilities = _codes(JobResponsibility, demo.JOB_RESPONSIBILITIES)
    salespeople = list(Salesperson.objects.selectable().values_list("pk", flat=True)) or [None]
    places = list(demo.PLACES.values())
    company_count = max(1, count // 5) if count else 0
    person_count = count - company_count
    nos, series = draw_contact_nos(count)
    today = timezone.localdate()

    def row(no: str, name: str, contact_type: str, company_id, company_name: str, place, salesperson) -> tuple:
        post_code, city, country, territory, language, phone = place
        slug = demo.ascii_slug(name.replace(" ", "."))
        return (
            no,
            series.pk,
            name,
            contact_type,
            company_id,
            company_name,
            salesperson,
            f"{rng.choice(demo.STREETS[country])} {rng.randint(1, 150)}",
            post_code,
            city,
            country,
            territory,
            f"{phone} {rng.randint(100000, 999999)}",
            f"{slug}.{no.lower()}@example.com",
            CorrespondenceType.EMAIL if rng.random() < 0.7 else CorrespondenceType.HARD_COPY,
            language,
            rng.random() < 0.03,
            rng.random() < 0.01,
            today,
            0,
        )

    company_places, company_salespeople, company_names = [], [], []
    company_rows = []
    for index in range(company_count):
        name = f"{rng.choice(COMPANY_WORDS)} {rng.choice(COMPANY_TRADES)} {index + 1} {rng.choice(COMPANY_FORMS)}"
        place, salesperson = rng.choice(places), salespeople[index % len(salespeople)]
        company_places.append(place)
        company_salespeople.append(salesperson)
        company_names.append(name)
        company_rows.append(row(nos[index], name, Contact.Type.COMPANY, None, name, place, salesperson))
    company_ids = insert_rows(Contact, CONTACT_FIELDS, company_rows, returning=True)
    Contact.objects.filter(pk__in=company_ids).update(company=F("id"))

    person_rows = []
    person_companies = []
    for index in range(person_count):
        company_index = rng.randrange(company_count)
        first = rng.choice(demo.FIRST_NAMES["NO"] + demo.FIRST_NAMES["INTL"])
        last = rng.choice(demo.LAST_NAMES["NO"] + demo.LAST_NAMES["INTL"])
        person_companies.append(company_index)
        person_rows.append(
            row(
                nos[company_count + index],
                f"{first} {last}",
                Contact.Type.PERSON,
                company_ids[company_index],
                company_names[company_index],
                company_places[company_index],
                company_salespeople[company_index],
            )
        )
    person_ids = insert_rows(Contact, CONTACT_FIELDS, person_rows, returning=True)

    industry_links = [(cid, pk) for cid in company_ids for pk in rng.sample(industry, rng.choice([1, 1, 2]))]
    relation_links = [(cid, pk) for cid in company_ids for pk in rng.sample(relations, rng.choice([1, 1, 1, 2]))]
    mailing_links = [
        (cid, pk) for cid in company_ids + person_ids for pk in rng.sample(mailing, rng.choice([0, 1, 1, 2]))
    ]
    responsibility_links = [(cid, pk) for cid in person_ids for pk in rng.sample(responsibilities, rng.choice([1, 2]))]
    insert_rows(ContactIndustryGroup, ["contact_id", "industry_group_id"], industry_links)
    insert_rows(ContactBusinessRelation, ["contact_id", "business_relation_id"], relation_links)
    insert_rows(ContactMailingGroup, ["contact_id", "mailing_group_id"], mailing_links)
    insert_rows(ContactJobResponsibility, ["contact_id", "job_responsibility_id"], responsibility_links)
    if connection.vendor == "postgresql":
        # Fresh statistics, so the planner knows the tables grew (benchmarks query them right away).
        tables = [model._meta.db_table for model in (Contact, ContactIndustryGroup, ContactBusinessRelation,
                                                      ContactMailingGroup, ContactJobResponsibility)]  # fmt: skip
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))
    return Generated(
        companies=company_count, persons=person_count, first_no=nos[0] if nos else "", last_no=nos[-1] if nos else ""
    )
