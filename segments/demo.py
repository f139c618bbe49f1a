"""Demo segments for the demo campaigns, built with the same services a marketer uses (idempotent)."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from campaigns.models import Campaign
from contacts.models import Contact, ContactBusinessRelation
from interactions.log_services import log_interaction
from interactions.models import Evaluation, InteractionLogEntry, InteractionTemplate, LoggedSegment
from segments.models import SavedSegmentCriteria, SegmentHeader
from segments.services import criteria, lines
from segments.services.logging import log_segment

# campaign description, segment description, template code,
# [(action, filters, options)], clear Campaign Target on lines of prospects, saved criteria code
SEGMENTS = [
    (
        _("Summer office chair promotion"),
        _("Summer chairs – retail and wholesale buyers"),
        "BUS",
        [
            ("add", {"industry_group": ["RETAIL", "WHOLESALE"]}, {"expand_companies": True}),
            ("reduce", {"contact": {"type": "company"}}, {}),
        ],
        True,
        "",
    ),
    (
        _("Loyalty programme for key accounts"),
        _("Key accounts – purchasing and management"),
        "MEETINV",
        [
            (
                "add",
                {"business_relation": ["CUST"], "job_responsibility": ["PURCHASE", "MANAGEMENT"]},
                {"allow_related_companies": True},
            ),
            ("add", {"business_relation": ["PARTNER"], "contact": {"type": "company"}}, {}),
        ],
        False,
        "KEYACC",
    ),
    (
        _("Autumn catalogue mailing"),
        _("Autumn catalogue – newsletter readers"),
        "NEWSLETTER",
        [("add", {"mailing_group": ["NEWSLETTER"]}, {})],
        False,
        "NEWSREAD",
    ),
]


# Segments that were already sent: logged on the given day of the campaign, then every `every`-th
# contact reached answers with the response template, spread over the weeks since (campaign statistics).
# campaign description, segment description, template code, criteria filters, day, response template, every
LOGGED_SEGMENTS = [
    (
        _("Summer office chair promotion"),
        _("Summer chairs – invitation to the showroom"),
        "INVIT",
        {"industry_group": ["RETAIL", "WHOLESALE"], "contact": {"type": "person"}},
        2,
        "INCOMING",
        3,
    ),
    (
        _("Loyalty programme for key accounts"),
        _("Key accounts – meeting invitations"),
        "MEETINV",
        {"business_relation": ["CUST"], "contact": {"type": "person"}},
        5,
        "MEETING",
        4,
    ),
]


def load() -> str:
    if not Contact.objects.exists() or not Campaign.objects.exists():
        return "skipped (load the contacts and campaigns demo first)"
    return f"{_load_segments()} segments created, {_load_logged_segments()} segments logged"


def _load_segments() -> int:
    created = 0
    for lazy_campaign_name, lazy_description, template_code, actions, prospects_not_targets, saved_code in SEGMENTS:
        campaign_name, description = str(lazy_campaign_name), str(lazy_description)
        campaign = Campaign.objects.filter(description=campaign_name).first()
        if campaign is None or SegmentHeader.objects.filter(description=description).exists():
            continue
        header = SegmentHeader(description=description, campaign=campaign, salesperson=campaign.salesperson)
        header.interaction_template = InteractionTemplate.objects.filter(code=template_code).first()
        if header.interaction_template is not None:
            lines.apply_template_defaults(header, keep={"campaign"})
        header.campaign_target = True
        segment = lines.create_segment(header=header, user=None)
        for action, filters, options in actions:
            criteria.apply_action(segment=segment, action=action, filters=filters, options=options)
        if prospects_not_targets:
            # Prospects get the mailing but not the campaign prices: clear Campaign Target on their lines.
            prospects = ContactBusinessRelation.objects.filter(
                contact_id=OuterRef("contact__company_id"), business_relation__code="PROS"
            )
            prospect_lines = segment.lines.filter(Exists(prospects))
            lines.set_campaign_target(segment=segment, lines=prospect_lines, campaign_target=False)
        if saved_code and not SavedSegmentCriteria.objects.filter(code=saved_code).exists():
            criteria.save_criteria(segment=segment, code=saved_code, description=description)
        created += 1
    return created


def _load_logged_segments() -> int:
    """Log a segment per running campaign and the responses that came back, through the logging services."""
    today = timezone.localdate()
    logged_count = 0
    for lazy_campaign_name, lazy_description, template_code, filters, day, response_code, every in LOGGED_SEGMENTS:
        campaign_name, description = str(lazy_campaign_name), str(lazy_description)
        campaign = Campaign.objects.filter(description=campaign_name, starting_date__isnull=False).first()
        template = InteractionTemplate.objects.filter(code=template_code).first()
        response_template = InteractionTemplate.objects.filter(code=response_code).first()
        if None in (campaign, template, response_template):
            continue
        if LoggedSegment.objects.filter(description=description).exists():
            continue
        sent = min(campaign.starting_date + datetime.timedelta(days=day), today)
        header = SegmentHeader(description=description, campaign=campaign, salesperson=campaign.salesperson, date=sent)
        header.interaction_template = template
        lines.apply_template_defaults(header, keep={"campaign"})
        header.campaign_target = True
        segment = lines.create_segment(header=header, user=None)
        criteria.apply_action(segment=segment, action="add", filters=filters, options={})
        if not segment.lines.exists():
            segment.delete()
            continue
        logged = log_segment(segment=segment, user=None).logged_segment
        reached = InteractionLogEntry.objects.filter(logged_segment=logged).select_related("contact")
        days_since = max((today - sent).days, 1)
        for index, entry in enumerate(reached.order_by("contact__no")):
            if index % every:
                continue
            log_interaction(
                contact=entry.contact,
                template=response_template,
                user=None,
                date=sent + datetime.timedelta(days=(index * 7) % days_since),
                salesperson=campaign.salesperson,
                description=f"{response_template.description}: {campaign.description}",
                cost=response_template.unit_cost,
                duration=response_template.unit_duration,
                information_flow=response_template.information_flow,
                initiated_by=response_template.initiated_by,
                evaluation=Evaluation.POSITIVE if index % (2 * every) == 0 else Evaluation.NEUTRAL,
                campaign=campaign,
                campaign_target=response_template.campaign_target,
                campaign_response=True,
            )
        logged_count += 1
    return logged_count
