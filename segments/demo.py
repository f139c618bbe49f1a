"""Demo segments for the demo campaigns, built with the same services a marketer uses (idempotent)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from campaigns.models import Campaign
from contacts.models import Contact, ContactBusinessRelation
from interactions.models import InteractionTemplate
from segments.models import SavedSegmentCriteria, SegmentHeader
from segments.services import criteria, lines

# campaign description, segment description, template code,
# [(action, filters, options)], clear Campaign Target on lines of prospects, saved criteria code
SEGMENTS = [
    (
        "Summer office chair promotion",
        "Summer chairs – retail and wholesale buyers",
        "BUS",
        [
            ("add", {"industry_group": ["RETAIL", "WHOLESALE"]}, {"expand_companies": True}),
            ("reduce", {"contact": {"type": "company"}}, {}),
        ],
        True,
        "",
    ),
    (
        "Loyalty programme for key accounts",
        "Key accounts – purchasing and management",
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
        "Autumn catalogue mailing",
        "Autumn catalogue – newsletter readers",
        "NEWSLETTER",
        [("add", {"mailing_group": ["NEWSLETTER"]}, {})],
        False,
        "NEWSREAD",
    ),
]


def load() -> str:
    if not Contact.objects.exists() or not Campaign.objects.exists():
        return "skipped (load the contacts and campaigns demo first)"
    created = 0
    for campaign_name, description, template_code, actions, prospects_not_targets, saved_code in SEGMENTS:
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
    return f"{created} segments created"
