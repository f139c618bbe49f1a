import pytest

from campaigns.signals import campaign_targets_changed


@pytest.fixture
def targets_changed():
    """The campaign id sets sent with campaign_targets_changed during the test."""
    calls: list[set[int]] = []

    def receiver(sender, campaign_ids, **kwargs):
        calls.append(set(campaign_ids))

    campaign_targets_changed.connect(receiver, dispatch_uid="segments-test-receiver")
    yield calls
    campaign_targets_changed.disconnect(dispatch_uid="segments-test-receiver")
