"""Domain events other apps react to without this app importing them.

`campaign_targets_changed` is sent (after the change, inside its transaction) by every operation that
changes which contacts are Campaign Targets of a campaign: segment lines added, removed, flag toggled,
campaign changed, header propagation, Go Back, interaction logging and canceling. Pricing keeps the
Campaign Target Groups of activated campaigns in step with it (DOMAIN A.4).
"""

from django.dispatch import Signal

# Keyword argument: campaign_ids (a set of Campaign primary keys whose targets may have changed).
campaign_targets_changed = Signal()


def notify_targets_changed(campaign_ids) -> None:
    """Send campaign_targets_changed for the non-empty campaign ids given.

    Not a notification after the fact: the receivers run here, inside the caller's transaction. Pricing re-syncs
    the Campaign Target Groups of the activated campaigns among them and locks those campaign rows
    (SELECT … FOR UPDATE, in key order) until the caller commits; a failure there fails the caller's change.
    Call it last in a service, after its own row locks (segment header first, then campaigns).
    """
    ids = {pk for pk in campaign_ids if pk}
    if ids:
        campaign_targets_changed.send(sender=None, campaign_ids=ids)


# Keyword argument: campaign (the Campaign whose Starting Date or Ending Date was just changed). Sent inside the
# saving transaction; pricing rewrites the dates of the campaign's prices and line discounts (DOMAIN 9.2).
campaign_dates_changed = Signal()
