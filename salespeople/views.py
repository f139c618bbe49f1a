"""Views of the salespeople app."""
