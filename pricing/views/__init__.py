"""Views of the pricing app, one module per area."""
