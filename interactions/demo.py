"""Demo interaction groups and templates (idempotent): letters, e-mails, phone calls, meetings."""

from decimal import Decimal

from contacts.models import CorrespondenceType
from interactions.models import InformationFlow, InitiatedBy, InteractionGroup, InteractionTemplate

GROUPS = [
    ("LETTER", "Letters"),
    ("EMAIL", "E-mails"),
    ("PHONE", "Phone calls"),
    ("MEETING", "Meetings"),
    ("SALES", "Sales documents"),
]

# code, group, description, unit cost, unit duration, information flow, initiated by,
# campaign target, campaign response, correspondence type (default), ignore contact corres. type
TEMPLATES = [
    ("BUS", "LETTER", "Business letter", "2.50", 5, "outbound", "us", False, False, "hard_copy", False),
    ("INVIT", "LETTER", "Invitation to an event", "3.00", 5, "outbound", "us", True, False, "hard_copy", False),
    ("XMASCARD", "LETTER", "Christmas card", "4.50", 2, "outbound", "us", False, False, "hard_copy", True),
    ("EMAIL", "EMAIL", "E-mail", "0.00", 3, "outbound", "us", False, False, "email", False),
    ("NEWSLETTER", "EMAIL", "Newsletter", "0.20", 1, "outbound", "us", True, False, "email", True),
    ("EMAILIN", "EMAIL", "E-mail received", "0.00", 3, "inbound", "them", False, True, "email", False),
    ("OUTGOING", "PHONE", "Outgoing phone call", "1.00", 10, "outbound", "us", True, False, "", False),
    ("INCOMING", "PHONE", "Incoming phone call", "0.00", 10, "inbound", "them", False, True, "", False),
    ("MEETINV", "MEETING", "Meeting invitation", "0.50", 5, "outbound", "us", True, False, "email", False),
    ("MEETING", "MEETING", "Customer meeting", "25.00", 60, "outbound", "us", True, True, "", False),
    ("ABSTRACT", "MEETING", "Abstract of meeting", "0.00", 15, "outbound", "us", False, False, "email", False),
    ("SALES-QUO", "SALES", "Sales quote", "0.00", 0, "outbound", "us", False, False, "email", False),
]


def load() -> str:
    groups = {}
    for code, description in GROUPS:
        groups[code], _created = InteractionGroup.objects.get_or_create(
            code=code, defaults={"description": description}
        )
    created = 0
    for code, group, description, cost, duration, flow, initiated, target, response, corres, ignore in TEMPLATES:
        _template, was_created = InteractionTemplate.objects.get_or_create(
            code=code,
            defaults={
                "interaction_group": groups[group],
                "description": description,
                "unit_cost": Decimal(cost),
                "unit_duration": duration,
                "information_flow": InformationFlow(flow),
                "initiated_by": InitiatedBy(initiated),
                "campaign_target": target,
                "campaign_response": response,
                "correspondence_type": CorrespondenceType(corres),
                "ignore_contact_corres_type": ignore,
            },
        )
        created += was_created
    return f"{created} interaction templates created"
