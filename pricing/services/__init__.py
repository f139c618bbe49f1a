"""Pricing operations: master data, sales prices and line discounts, activation, the best-price engine.

One module per area; everything a view or another app calls is importable from `pricing.services`.
"""

from pricing.services.activation import (
    ACTIVATED,
    DEACTIVATED,
    NO_PRICES_CONFIRM,
    NOTHING_TARGETED,
    ActivationResult,
    Preflight,
    activate_campaign,
    campaign_has_prices,
    deactivate_campaign,
    preflight,
    pricing_figures,
    resync_target_groups,
    targeted_source_count,
)
from pricing.services.engine import Candidate, SalesLinePrice, calculate_sales_line_price
from pricing.services.masterdata import (
    convert_contact_targets_to_customer,
    create_customer,
    create_item,
    delete_customer,
    delete_item_unit_of_measure,
    delete_item_variant,
    save_item_unit_of_measure,
    update_customer,
    update_item,
)
from pricing.services.prices import (
    DISCOUNT_CAMPAIGN_DATES_LOCKED,
    PRICE_CAMPAIGN_DATES_LOCKED,
    SALES_CODE_MUST_BE_BLANK,
    move_campaign_dates,
    save_line_discount,
    save_sales_price,
)

__all__ = [
    "ACTIVATED",
    "DEACTIVATED",
    "DISCOUNT_CAMPAIGN_DATES_LOCKED",
    "NOTHING_TARGETED",
    "NO_PRICES_CONFIRM",
    "PRICE_CAMPAIGN_DATES_LOCKED",
    "SALES_CODE_MUST_BE_BLANK",
    "ActivationResult",
    "Candidate",
    "Preflight",
    "SalesLinePrice",
    "activate_campaign",
    "calculate_sales_line_price",
    "campaign_has_prices",
    "convert_contact_targets_to_customer",
    "create_customer",
    "create_item",
    "deactivate_campaign",
    "delete_customer",
    "delete_item_unit_of_measure",
    "delete_item_variant",
    "move_campaign_dates",
    "preflight",
    "pricing_figures",
    "resync_target_groups",
    "save_item_unit_of_measure",
    "save_line_discount",
    "save_sales_price",
    "targeted_source_count",
    "update_customer",
    "update_item",
]
