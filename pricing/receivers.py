"""Pricing's reactions to other apps' domain events; each hands over to a service at once."""

from django.dispatch import receiver

from campaigns.signals import campaign_dates_changed, campaign_targets_changed
from pricing import services


@receiver(campaign_targets_changed, dispatch_uid="pricing.resync_target_groups")
def resync_target_groups(sender, campaign_ids, **kwargs) -> None:
    """Keep the target groups of the activated campaigns among `campaign_ids` in step (DOMAIN A.4)."""
    services.resync_target_groups(campaign_ids=campaign_ids)


@receiver(campaign_dates_changed, dispatch_uid="pricing.move_campaign_dates")
def move_campaign_dates(sender, campaign, **kwargs) -> None:
    """Campaign prices and discounts follow the campaign's dates (DOMAIN 9.2)."""
    services.move_campaign_dates(campaign=campaign)
