"""Demo interaction groups and templates (idempotent): letters, e-mails, phone calls, meetings."""

from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from contacts.models import CorrespondenceType
from interactions.models import InformationFlow, InitiatedBy, InteractionGroup, InteractionTemplate

GROUPS = [
    ("LETTER", _("Letters")),
    ("EMAIL", _("E-mails")),
    ("PHONE", _("Phone calls")),
    ("MEETING", _("Meetings")),
    ("SALES", _("Sales documents")),
]

# code, group, description, unit cost, unit duration, information flow, initiated by,
# campaign target, campaign response, correspondence type (default), ignore contact corres. type
TEMPLATES = [
    ("BUS", "LETTER", _("Business letter"), "2.50", 5, "outbound", "us", False, False, "hard_copy", False),
    ("INVIT", "LETTER", _("Invitation to an event"), "3.00", 5, "outbound", "us", True, False, "hard_copy", False),
    ("XMASCARD", "LETTER", _("Christmas card"), "4.50", 2, "outbound", "us", False, False, "hard_copy", True),
    ("EMAIL", "EMAIL", _("E-mail"), "0.00", 3, "outbound", "us", False, False, "email", False),
    ("NEWSLETTER", "EMAIL", _("Newsletter"), "0.20", 1, "outbound", "us", True, False, "email", True),
    ("EMAILIN", "EMAIL", _("E-mail received"), "0.00", 3, "inbound", "them", False, True, "email", False),
    ("OUTGOING", "PHONE", _("Outgoing phone call"), "1.00", 10, "outbound", "us", True, False, "", False),
    ("INCOMING", "PHONE", _("Incoming phone call"), "0.00", 10, "inbound", "them", False, True, "", False),
    ("MEETINV", "MEETING", _("Meeting invitation"), "0.50", 5, "outbound", "us", True, False, "email", False),
    ("MEETING", "MEETING", _("Customer meeting"), "25.00", 60, "outbound", "us", True, True, "", False),
    ("ABSTRACT", "MEETING", _("Abstract of meeting"), "0.00", 15, "outbound", "us", False, False, "email", False),
    ("SALES-QUO", "SALES", _("Sales quote"), "0.00", 0, "outbound", "us", False, False, "email", False),
]


def load() -> str:
    groups = {}
    for code, description in GROUPS:
        groups[code], _created = InteractionGroup.objects.get_or_create(
            code=code, defaults={"description": str(description)}
        )
    created = 0
    for code, group, description, cost, duration, flow, initiated, target, response, corres, ignore in TEMPLATES:
        _template, was_created = InteractionTemplate.objects.get_or_create(
            code=code,
            defaults={
                "interaction_group": groups[group],
                "description": str(description),
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
