"""Demo contacts: 60 companies with about 240 persons, their groups and relations (idempotent).

The data are generated from a fixed seed, so every run plans the same contacts; only the missing ones
are inserted. Salespeople are assigned when the salespeople demo has created some.
"""

from __future__ import annotations

import functools
import random
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

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

INDUSTRY_GROUPS = [
    ("RETAIL", _("Retail")),
    ("WHOLESALE", _("Wholesale")),
    ("MANUFACT", _("Manufacturing")),
    ("SERVICES", _("Services")),
    ("IT", _("Information technology")),
    ("FOOD", _("Food and beverages")),
    ("ADVERT", _("Advertising and media")),
]
BUSINESS_RELATIONS = [
    ("CUST", _("Customer")),
    ("PROS", _("Prospect")),
    ("VEND", _("Vendor")),
    ("PRESS", _("Press")),
    ("PARTNER", _("Partner")),
]
MAILING_GROUPS = [
    ("NEWSLETTER", _("Monthly newsletter")),
    ("XMAS", _("Christmas card")),
    ("SEMINAR", _("Seminar invitations")),
    ("PRODNEWS", _("Product news")),
    ("VIP", _("VIP events")),
]
JOB_RESPONSIBILITIES = [
    ("MANAGEMENT", _("Management")),
    ("PURCHASE", _("Purchasing")),
    ("SALES", _("Sales")),
    ("MARKETING", _("Marketing")),
    ("IT", _("IT")),
    ("FINANCE", _("Finance")),
    ("LOGISTICS", _("Logistics")),
]

# Place: (post code, city, country/region, territory, language, phone prefix)
PLACES = {
    "oslo": ("0150", "Oslo", "NO", "NO-EAST", "NOR", "+47 22"),
    "bergen": ("5003", "Bergen", "NO", "NO-WEST", "NOR", "+47 55"),
    "trondheim": ("7011", "Trondheim", "NO", "NO-MID", "NOR", "+47 73"),
    "stavanger": ("4006", "Stavanger", "NO", "NO-WEST", "NOR", "+47 51"),
    "tromso": ("9008", "Tromsø", "NO", "NO-NORTH", "NOR", "+47 77"),
    "drammen": ("3015", "Drammen", "NO", "NO-EAST", "NOR", "+47 32"),
    "kristiansand": ("4611", "Kristiansand", "NO", "NO-SOUTH", "NOR", "+47 38"),
    "alesund": ("6003", "Ålesund", "NO", "NO-WEST", "NOR", "+47 70"),
    "bodo": ("8006", "Bodø", "NO", "NO-NORTH", "NOR", "+47 75"),
    "hamar": ("2317", "Hamar", "NO", "NO-EAST", "NOR", "+47 62"),
    "stockholm": ("111 52", "Stockholm", "SE", "NORDIC", "SVE", "+46 8"),
    "goteborg": ("411 19", "Göteborg", "SE", "NORDIC", "SVE", "+46 31"),
    "malmo": ("211 22", "Malmö", "SE", "NORDIC", "SVE", "+46 40"),
    "kobenhavn": ("1050", "København K", "DK", "NORDIC", "DAN", "+45 33"),
    "aarhus": ("8000", "Aarhus C", "DK", "NORDIC", "DAN", "+45 86"),
    "helsinki": ("00100", "Helsinki", "FI", "NORDIC", "FIN", "+358 9"),
    "reykjavik": ("101", "Reykjavík", "IS", "NORDIC", "ISL", "+354 5"),
    "london": ("EC1A 1BB", "London", "GB", "INTL", "ENG", "+44 20"),
    "berlin": ("10115", "Berlin", "DE", "INTL", "DEU", "+49 30"),
    "hamburg": ("20095", "Hamburg", "DE", "INTL", "DEU", "+49 40"),
    "amsterdam": ("1012 JS", "Amsterdam", "NL", "INTL", "NLD", "+31 20"),
    "redmond": ("98052", "Redmond", "US", "INTL", "ENU", "+1 425"),
}
STREETS = {
    "NO": ["Storgata", "Kongens gate", "Strandveien", "Industriveien", "Sjøgata", "Kirkegata", "Parkveien"],
    "SE": ["Drottninggatan", "Storgatan", "Hamngatan", "Kungsgatan"],
    "DK": ["Vestergade", "Østergade", "Nørregade", "Havnegade"],
    "FI": ["Mannerheimintie", "Aleksanterinkatu", "Esplanadi"],
    "IS": ["Laugavegur", "Skólavörðustígur"],
    "GB": ["High Street", "Station Road", "King Street"],
    "DE": ["Hauptstraße", "Bahnhofstraße", "Hafenstraße"],
    "NL": ["Damrak", "Keizersgracht", "Prinsengracht"],
    "US": ["Main Street", "Lake Avenue", "Microsoft Way"],
}

# Company: (name, place, web domain, industry groups, business relations)
COMPANIES = [
    ("Nordlys Elektro AS", "oslo", "nordlys-elektro.no", ["RETAIL"], ["CUST"]),
    ("Fjordkraft Handel AS", "bergen", "fjordhandel.no", ["WHOLESALE"], ["CUST"]),
    ("Bergen Sjømat AS", "bergen", "bergensjomat.no", ["FOOD", "WHOLESALE"], ["CUST", "VEND"]),
    ("Trondheim Trevare AS", "trondheim", "trevare.no", ["MANUFACT"], ["VEND"]),
    ("Vestland Bygg AS", "stavanger", "vestlandbygg.no", ["MANUFACT", "SERVICES"], ["PROS"]),
    ("Oslo Kaffebrenneri AS", "oslo", "oslokaffe.no", ["FOOD", "RETAIL"], ["CUST"]),
    ("Hansen & Dahl Rørlegger AS", "drammen", "hansendahl.no", ["SERVICES"], ["PROS"]),
    ("Aurora Software AS", "tromso", "aurorasoftware.no", ["IT"], ["PARTNER"]),
    ("Nordkapp Reiseliv AS", "tromso", "nordkappreiser.no", ["SERVICES"], ["PROS"]),
    ("Sørlandet Marina AS", "kristiansand", "sorlandetmarina.no", ["RETAIL"], ["CUST"]),
    ("Ålesund Fiskeindustri AS", "alesund", "aafisk.no", ["FOOD", "MANUFACT"], ["CUST"]),
    ("Bodø Bilsenter AS", "bodo", "bodobil.no", ["RETAIL"], ["PROS"]),
    ("Hedmark Gårdsmat AS", "hamar", "gardsmat.no", ["FOOD"], ["VEND"]),
    ("Kongsberg Presisjon AS", "drammen", "kpresisjon.no", ["MANUFACT"], ["CUST"]),
    ("Fjellstue Interiør AS", "hamar", "fjellstue.no", ["RETAIL"], ["CUST"]),
    ("Nidaros Regnskap AS", "trondheim", "nidarosregnskap.no", ["SERVICES"], ["PARTNER"]),
    ("Polar Data AS", "tromso", "polardata.no", ["IT"], ["CUST"]),
    ("Viken Grossist AS", "oslo", "vikengrossist.no", ["WHOLESALE"], ["CUST"]),
    ("Rogaland Energi AS", "stavanger", "rogalandenergi.no", ["SERVICES"], ["PROS"]),
    ("Aftenbladet Media AS", "stavanger", "aftenmedia.no", ["ADVERT"], ["PRESS"]),
    ("Dagens Handel Redaksjon AS", "oslo", "dagenshandel.no", ["ADVERT"], ["PRESS"]),
    ("Kystlys Design AS", "bergen", "kystlys.no", ["ADVERT", "SERVICES"], ["PARTNER"]),
    ("Solberg Sport AS", "kristiansand", "solbergsport.no", ["RETAIL"], ["CUST"]),
    ("Lofoten Tørrfisk AS", "bodo", "lofotentorrfisk.no", ["FOOD", "WHOLESALE"], ["VEND"]),
    ("Mjøs IT-Drift AS", "hamar", "mjosit.no", ["IT", "SERVICES"], ["CUST"]),
    ("Haugen Transport AS", "drammen", "haugentransport.no", ["SERVICES"], ["VEND"]),
    ("Bryggen Bokhandel AS", "bergen", "bryggenbok.no", ["RETAIL"], ["CUST"]),
    ("Nordic Office Supply AS", "oslo", "nordicoffice.no", ["WHOLESALE"], ["VEND"]),
    ("Trøndelag Meieri SA", "trondheim", "trondermeieri.no", ["FOOD", "MANUFACT"], ["CUST"]),
    ("Sandnes Sykkel AS", "stavanger", "sandnessykkel.no", ["RETAIL", "MANUFACT"], ["PROS"]),
    ("Svensson Bygg AB", "stockholm", "svenssonbygg.se", ["MANUFACT"], ["PROS"]),
    ("Göteborgs Kafferosteri AB", "goteborg", "gbgkaffe.se", ["FOOD"], ["CUST"]),
    ("Öresund Logistik AB", "malmo", "oresundlogistik.se", ["SERVICES", "WHOLESALE"], ["VEND"]),
    ("Lindqvist Möbler AB", "stockholm", "lindqvistmobler.se", ["MANUFACT", "RETAIL"], ["CUST"]),
    ("Skåne Trädgård AB", "malmo", "skanetradgard.se", ["RETAIL"], ["PROS"]),
    ("Aarhus Møbler ApS", "aarhus", "aarhusmobler.dk", ["MANUFACT"], ["CUST"]),
    ("Københavns Vinhandel ApS", "kobenhavn", "kbhvin.dk", ["RETAIL", "FOOD"], ["CUST"]),
    ("Jensen & Møller Reklame A/S", "kobenhavn", "jmreklame.dk", ["ADVERT"], ["PARTNER"]),
    ("Dansk Kontorteknik A/S", "aarhus", "kontorteknik.dk", ["WHOLESALE", "IT"], ["PROS"]),
    ("Tampere Metalli Oy", "helsinki", "tamperemetalli.fi", ["MANUFACT"], ["VEND"]),
    ("Helsingin Ohjelmisto Oy", "helsinki", "hohjelmisto.fi", ["IT"], ["PROS"]),
    ("Reykjavík Fisk ehf.", "reykjavik", "rvkfisk.is", ["FOOD"], ["VEND"]),
    ("Contoso Ltd.", "london", "contoso.com", ["WHOLESALE"], ["CUST"]),
    ("Fabrikam Inc.", "redmond", "fabrikam.com", ["MANUFACT"], ["CUST"]),
    ("Adatum Corporation", "redmond", "adatum.com", ["IT"], ["CUST"]),
    ("Alpine Ski House", "berlin", "alpineskihouse.com", ["RETAIL"], ["CUST"]),
    ("Trey Research", "london", "treyresearch.net", ["SERVICES"], ["PROS"]),
    ("Relecloud", "redmond", "relecloud.com", ["IT"], ["PARTNER"]),
    ("Wide World Importers", "london", "wideworldimporters.com", ["WHOLESALE"], ["VEND"]),
    ("Northwind Traders", "london", "northwindtraders.com", ["WHOLESALE", "FOOD"], ["CUST"]),
    ("Tailspin Toys", "redmond", "tailspintoys.com", ["RETAIL", "MANUFACT"], ["PROS"]),
    ("Hamburger Kaffeekontor GmbH", "hamburg", "kaffeekontor.de", ["FOOD", "WHOLESALE"], ["VEND"]),
    ("Berliner Werbeagentur GmbH", "berlin", "bwerbung.de", ["ADVERT"], ["PRESS"]),
    ("Müller Maschinenbau GmbH", "hamburg", "mueller-mb.de", ["MANUFACT"], ["CUST"]),
    ("Amsterdam Fietsen B.V.", "amsterdam", "adamfietsen.nl", ["RETAIL"], ["PROS"]),
    ("Van Dijk Bloemen B.V.", "amsterdam", "vandijkbloemen.nl", ["WHOLESALE"], ["CUST"]),
    ("The Nordic Retail Review", "london", "nordicretailreview.com", ["ADVERT"], ["PRESS"]),
    ("Coho Winery", "redmond", "cohowinery.com", ["FOOD"], ["PROS"]),
    ("Litware Inc.", "redmond", "litwareinc.com", ["IT"], ["VEND"]),
    ("Proseware Inc.", "london", "proseware.com", ["IT", "SERVICES"], ["CUST"]),
]

FIRST_NAMES = {
    "NO": [
        "Ingrid",
        "Kari",
        "Nora",
        "Emma",
        "Sofie",
        "Maja",
        "Sigrid",
        "Astrid",
        "Liv",
        "Silje",
        "Thea",
        "Ida",
        "Ole",
        "Lars",
        "Jonas",
        "Magnus",
        "Henrik",
        "Sindre",
        "Eirik",
        "Anders",
        "Per",
        "Knut",
        "Håkon",
        "Øyvind",
    ],
    "SE": ["Anna", "Elsa", "Karin", "Linnea", "Erik", "Johan", "Björn", "Gustav", "Oskar"],
    "DK": ["Mette", "Freja", "Camilla", "Rasmus", "Mads", "Søren", "Jesper"],
    "FI": ["Aino", "Helmi", "Mikko", "Juha", "Antti", "Sanna"],
    "IS": ["Guðrún", "Sigríður", "Jón", "Gunnar"],
    "INTL": [
        "Emily",
        "Olivia",
        "Sarah",
        "Laura",
        "James",
        "Michael",
        "David",
        "Thomas",
        "Lukas",
        "Julia",
        "Pieter",
        "Sophie",
        "Daniel",
    ],
}
LAST_NAMES = {
    "NO": [
        "Hansen",
        "Johansen",
        "Olsen",
        "Larsen",
        "Andersen",
        "Pedersen",
        "Nilsen",
        "Kristiansen",
        "Jensen",
        "Karlsen",
        "Pettersen",
        "Eriksen",
        "Berg",
        "Haugen",
        "Hagen",
        "Dahl",
        "Halvorsen",
        "Lund",
        "Moen",
        "Solberg",
        "Eide",
        "Bakken",
        "Lie",
        "Nygård",
        "Strand",
        "Sæther",
        "Aasen",
        "Nguyen",
        "Ali",
    ],
    "SE": ["Johansson", "Andersson", "Lindqvist", "Karlsson", "Nilsson", "Svensson", "Bergström"],
    "DK": ["Nielsen", "Christensen", "Møller", "Sørensen", "Rasmussen", "Poulsen"],
    "FI": ["Virtanen", "Korhonen", "Mäkinen", "Nieminen", "Laine"],
    "IS": ["Jónsdóttir", "Sigurðsson", "Guðmundsson", "Magnúsdóttir"],
    "INTL": [
        "Smith",
        "Brown",
        "Wilson",
        "Taylor",
        "Müller",
        "Schmidt",
        "de Vries",
        "Jansen",
        "Garcia",
        "Rossi",
        "Dubois",
        "Fischer",
        "Clarke",
    ],
}


@dataclass
class PlannedContact:
    name: str
    type: str
    place: str
    address: str
    email: str
    phone_no: str
    correspondence_type: str
    company_name: str = ""
    industry_groups: list[str] = field(default_factory=list)
    business_relations: list[str] = field(default_factory=list)
    mailing_groups: list[str] = field(default_factory=list)
    job_responsibilities: list[str] = field(default_factory=list)
    exclude_from_segment: bool = False
    privacy_blocked: bool = False


@functools.lru_cache(maxsize=4096)
def ascii_slug(text: str) -> str:
    """An e-mail-safe version of a name: Ø → o, Å → a, Æ → ae, accents dropped."""
    text = text.lower().replace("ø", "o").replace("æ", "ae").replace("å", "a").replace("ð", "d").replace("þ", "th")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in text if ch.isalnum() or ch in ".-")


def plan() -> list[tuple[PlannedContact, list[PlannedContact]]]:
    """The demo companies with their persons, the same on every run."""
    rng = random.Random(20260301)
    planned = []
    mailing_codes = [code for code, _description in MAILING_GROUPS]
    for index, (name, place, domain, industries, relations) in enumerate(COMPANIES):
        _post_code, _city, country, _territory, _language, phone_prefix = PLACES[place]
        streets = STREETS[country]
        company = PlannedContact(
            name=name,
            type=Contact.Type.COMPANY,
            place=place,
            address=f"{rng.choice(streets)} {rng.randint(1, 120)}",
            email=f"post@{domain}",
            phone_no=f"{phone_prefix} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
            correspondence_type=CorrespondenceType.EMAIL if index % 4 else CorrespondenceType.HARD_COPY,
            industry_groups=industries,
            business_relations=relations,
            mailing_groups=rng.sample(mailing_codes, k=rng.randint(0, 2)),
        )
        names_key = country if country in FIRST_NAMES else "INTL"
        persons = []
        used_names = set()
        for person_index in range(rng.choice([2, 3, 3, 4, 4, 4, 5, 5, 6, 7])):
            while True:
                first, last = rng.choice(FIRST_NAMES[names_key]), rng.choice(LAST_NAMES[names_key])
                if (first, last) not in used_names:
                    used_names.add((first, last))
                    break
            person = PlannedContact(
                name=f"{first} {last}",
                type=Contact.Type.PERSON,
                place=place,
                address=company.address,
                email=f"{ascii_slug(first)}.{ascii_slug(last)}@{domain}",
                phone_no=f"{phone_prefix} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}",
                correspondence_type=rng.choice([CorrespondenceType.EMAIL] * 4 + [CorrespondenceType.BLANK]),
                company_name=name,
                mailing_groups=rng.sample(mailing_codes, k=rng.randint(0, 3)),
                job_responsibilities=(
                    ["MANAGEMENT"]
                    if person_index == 0
                    else rng.sample([code for code, _d in JOB_RESPONSIBILITIES[1:]], k=rng.randint(1, 2))
                ),
                # A few contacts asked not to be contacted, or are blocked for privacy reasons.
                exclude_from_segment=rng.random() < 0.05,
                privacy_blocked=rng.random() < 0.02,
            )
            persons.append(person)
        planned.append((company, persons))
    return planned


def _ensure_codes(model, rows) -> dict[str, object]:
    for code, description in rows:
        model.objects.get_or_create(code=code, defaults={"description": str(description)})
    return {obj.code: obj for obj in model.objects.all()}


@transaction.atomic
def load() -> str:
    from salespeople.models import Salesperson

    industry = _ensure_codes(IndustryGroup, INDUSTRY_GROUPS)
    relations = _ensure_codes(BusinessRelation, BUSINESS_RELATIONS)
    mailing = _ensure_codes(MailingGroup, MAILING_GROUPS)
    responsibilities = _ensure_codes(JobResponsibility, JOB_RESPONSIBILITIES)
    salespeople = list(Salesperson.objects.selectable().order_by("code"))
    planned = plan()
    existing_companies = {c.name: c for c in Contact.objects.companies().filter(name__in=[c.name for c, _ in planned])}
    existing_persons = set(
        Contact.objects.persons().filter(company__in=existing_companies.values()).values_list("company_id", "name")
    )
    todo_companies = [c for c, _persons in planned if c.name not in existing_companies]
    todo_persons = [
        (company, person)
        for company, persons in planned
        for person in persons
        if company.name not in existing_companies
        or (existing_companies[company.name].pk, person.name) not in existing_persons
    ]
    if not todo_companies and not todo_persons:
        return "contacts already loaded"
    today = timezone.localdate()
    nos, series = draw_contact_nos(len(todo_companies) + len(todo_persons))
    numbers = iter(nos)

    def build(planned_contact: PlannedContact, company: Contact | None, salesperson) -> Contact:
        post_code, city, country, territory, language, _phone = PLACES[planned_contact.place]
        return Contact(
            no=next(numbers),
            no_series=series,
            name=planned_contact.name,
            type=planned_contact.type,
            company=company,
            company_name=planned_contact.company_name,
            salesperson=salesperson,
            address=planned_contact.address,
            post_code=post_code,
            city=city,
            country_region_code=country,
            territory_code=territory,
            phone_no=planned_contact.phone_no,
            email=planned_contact.email,
            correspondence_type=planned_contact.correspondence_type,
            language_code=language,
            exclude_from_segment=planned_contact.exclude_from_segment,
            privacy_blocked=planned_contact.privacy_blocked,
            last_date_modified=today,
        )

    company_index = {c.name: i for i, (c, _persons) in enumerate(planned)}

    def salesperson_for(company_name: str):
        return salespeople[company_index[company_name] % len(salespeople)] if salespeople else None

    new_companies = Contact.objects.bulk_create([build(c, None, salesperson_for(c.name)) for c in todo_companies])
    # A company is its own company.
    Contact.objects.filter(pk__in=[c.pk for c in new_companies]).update(company=F("id"), company_name=F("name"))
    companies = existing_companies | {c.name: c for c in new_companies}
    new_persons = Contact.objects.bulk_create(
        [build(p, companies[c.name], salesperson_for(c.name)) for c, p in todo_persons]
    )
    links_ig, links_br, links_mg, links_jr = [], [], [], []
    for planned_company, contact in zip(todo_companies, new_companies, strict=True):
        links_ig += [
            ContactIndustryGroup(contact=contact, industry_group=industry[c]) for c in planned_company.industry_groups
        ]
        links_br += [
            ContactBusinessRelation(contact=contact, business_relation=relations[c])
            for c in planned_company.business_relations
        ]
        links_mg += [
            ContactMailingGroup(contact=contact, mailing_group=mailing[c]) for c in planned_company.mailing_groups
        ]
    for (_company, planned_person), contact in zip(todo_persons, new_persons, strict=True):
        links_mg += [
            ContactMailingGroup(contact=contact, mailing_group=mailing[c]) for c in planned_person.mailing_groups
        ]
        links_jr += [
            ContactJobResponsibility(contact=contact, job_responsibility=responsibilities[c])
            for c in planned_person.job_responsibilities
        ]
    ContactIndustryGroup.objects.bulk_create(links_ig)
    ContactBusinessRelation.objects.bulk_create(links_br)
    ContactMailingGroup.objects.bulk_create(links_mg)
    ContactJobResponsibility.objects.bulk_create(links_jr)
    return f"{len(new_companies)} companies and {len(new_persons)} persons created"
