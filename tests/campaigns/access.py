from tests.access import ADMIN, ALL_ROLES, MARKETER, Route, roles_

READERS = ALL_ROLES  # every role reads campaigns
EDITORS = roles_(ADMIN, MARKETER)


def campaign(user):
    from tests.campaigns.factories import CampaignFactory

    return {"no": CampaignFactory(no="CPMATRIX").no}


def comment(user):
    from campaigns.models import CampaignComment
    from tests.campaigns.factories import CampaignFactory

    row = CampaignComment.objects.create(campaign=CampaignFactory(no="CPMATRIX"), date="2026-03-02", comment="x")
    return {"no": row.campaign.no, "pk": row.pk}


def entry(user):
    from campaigns.models import CampaignEntry
    from tests.campaigns.factories import CampaignFactory

    row, _created = CampaignEntry.objects.get_or_create(
        campaign=CampaignFactory(no="CPMATRIX"),
        segment_no="SMMATRIX",
        defaults={"date": "2026-03-02", "canceled": True},
    )
    return {"no": row.campaign.no, "entry_no": row.pk}


def status(user):
    from tests.campaigns.factories import CampaignStatusFactory

    return {"code": CampaignStatusFactory(code="MATRIX").code}


ROUTES = [
    Route("campaigns:list", get=READERS),
    Route("campaigns:create", get=EDITORS, post=EDITORS),
    Route("campaigns:options", get=READERS, query="?field=campaign&campaign=CP"),
    Route("campaigns:detail", get=READERS, post=EDITORS, kwargs=campaign),
    Route("campaigns:advance_status", post=EDITORS, kwargs=campaign),
    Route("campaigns:delete", post=EDITORS, kwargs=campaign),
    Route("campaigns:comment_add", post=EDITORS, kwargs=campaign),
    Route("campaigns:comment_delete", post=EDITORS, kwargs=comment),
    Route("campaigns:statistics", get=READERS, kwargs=campaign, query="?date_from=2026-01-01"),
    Route("campaigns:entries", get=READERS, kwargs=campaign),
    Route("campaigns:entries_delete", get=EDITORS, post=EDITORS, kwargs=campaign, query="?date_from=2026-01-01"),
    Route("campaigns:entry_cancel", post=EDITORS, kwargs=entry),
    Route("campaigns:entry_delete", post=EDITORS, kwargs=entry),
    Route("campaigns:status_list", get=READERS),
    Route("campaigns:status_create", get=roles_(ADMIN), post=roles_(ADMIN)),
    Route("campaigns:status_update", get=READERS, post=roles_(ADMIN), kwargs=status),
    Route("campaigns:status_delete", post=roles_(ADMIN), kwargs=status),
]
