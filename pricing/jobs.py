"""Background jobs of the pricing app: activation of a large campaign."""

from __future__ import annotations

from typing import Any

from campaigns.models import Campaign
from core.jobs import job_handler
from core.models import Job
from pricing import services

ACTIVATE = "pricing.activate_campaign"


@job_handler(ACTIVATE)
def activate_campaign(job: Job) -> dict[str, Any]:
    """Run Activate for the campaign named by the job; the same service as inline, safe to run again."""
    campaign = Campaign.objects.get(no=job.target_key)
    result = services.activate_campaign(campaign=campaign, user=job.created_by)
    return {
        "inserted": result.inserted,
        "target_customers": result.target_customers,
        "target_contacts": result.target_contacts,
        "message": str(services.ACTIVATED % {"no": campaign.no}),
    }
