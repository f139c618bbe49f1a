"""Items, customers, currencies, sales prices and line discounts, campaign target groups (DOMAIN 9, 2.4)."""
