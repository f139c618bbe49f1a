"""Demo records that give the role centres' cues something to count today (idempotent, after every other app).

The other apps' demo data is dated around the day it is loaded, but what happens "this week" depends on the weekday:
here a few responses to the running summer campaign come in today, and a contact file waits for confirmation.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import ContactImport
from contacts.services.imports import create_import
from core.models import User
from interactions.log_services import log_interaction
from interactions.models import Evaluation, InteractionLogEntry, InteractionTemplate

RESPONSE = _("Replied to the chair promotion")
CAMPAIGN = _("Summer office chair promotion")
WAITING_FILE = "trade-fair-leads.csv"
WAITING_CSV = (
    "Name;Type;Company Name;E-Mail;City\n"
    "Nordlys Interiør AS;Company;;post@nordlys.example.com;Tromsø\n"
    "Ingrid Nordlys;Person;Nordlys Interiør AS;ingrid@nordlys.example.com;Tromsø\n"
    "Fjordkontor AS;Company;;hei@fjordkontor.example.com;Bergen\n"
)


def load() -> str:
    today = timezone.localdate()
    response = str(RESPONSE)
    responses = 0
    campaign = Campaign.objects.filter(description=str(CAMPAIGN)).first()
    template = InteractionTemplate.objects.filter(code="EMAILIN").first()
    if campaign and template and not InteractionLogEntry.objects.filter(description=response, date=today).exists():
        reached = (
            InteractionLogEntry.objects.filter(campaign=campaign, logged_segment__isnull=False)
            .select_related("contact")
            .order_by("-contact__no")[:3]
        )
        for entry in reached:
            log_interaction(
                contact=entry.contact,
                template=template,
                user=None,
                date=today,
                salesperson=campaign.salesperson,
                description=response,
                information_flow=template.information_flow,
                initiated_by=template.initiated_by,
                evaluation=Evaluation.POSITIVE,
                campaign=campaign,
                campaign_target=template.campaign_target,
                campaign_response=True,
            )
            responses += 1
    if not ContactImport.objects.filter(file_name=WAITING_FILE).exists():
        create_import(
            file_name=WAITING_FILE,
            data=WAITING_CSV.encode(),
            user=User.objects.filter(username="marketer").first(),
        )
    return f"{responses} responses logged today"
