"""Views of the pricing app."""
