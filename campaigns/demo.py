"""Demo campaign status codes and six campaigns in different phases, dated around today."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign, CampaignComment, CampaignStatus
from core.services import assign_no
from salespeople.models import Salesperson

STATUSES = [
    ("1-PLAN", _("Planning"), 10),
    ("2-SCHEDULE", _("Scheduled"), 20),
    ("3-IN PROGRESS", _("In progress"), 30),
    ("4-DONE", _("Done"), 40),
]
# description, status, start offset (days from today), length in days, salesperson, comment
CAMPAIGNS = [
    (_("Spring furniture fair"), "4-DONE", -150, 30, "KH", _("Stand booked in hall B; 40 leads collected.")),
    (_("Summer office chair promotion"), "3-IN PROGRESS", -20, 60, "LL", _("Mailing to all company contacts sent.")),
    (_("Back-to-school desks for home offices"), "2-SCHEDULE", 10, 45, "JO", ""),
    (_("Autumn catalogue mailing"), "1-PLAN", 70, 30, "LL", _("Waiting for the catalogue proofs.")),
    (_("Loyalty programme for key accounts"), "3-IN PROGRESS", -60, 180, "KH", ""),
    (_("Christmas gift campaign"), None, None, None, "PB", _("Idea from the sales meeting: gift boxes with lamps.")),
]


def load() -> str:
    for code, description, sort_order in STATUSES:
        CampaignStatus.objects.get_or_create(
            code=code, defaults={"description": str(description), "sort_order": sort_order}
        )
    today = timezone.localdate()
    created = 0
    for lazy_description, status, start, length, salesperson, lazy_comment in CAMPAIGNS:
        description, comment = str(lazy_description), str(lazy_comment)
        if Campaign.objects.filter(description=description).exists():
            continue
        starting = today + datetime.timedelta(days=start) if start is not None else None
        no, series = assign_no(setup_field="campaign_nos")
        campaign = Campaign.objects.create(
            no=no,
            no_series=series,
            description=description,
            starting_date=starting,
            ending_date=starting + datetime.timedelta(days=length) if starting else None,
            status=CampaignStatus.objects.filter(code=status).first(),
            salesperson=Salesperson.objects.filter(code=salesperson).first(),
        )
        if comment:
            CampaignComment.objects.create(campaign=campaign, date=starting or today, comment=comment)
        created += 1
    return f"{created} campaigns created"
