"""Views of the segments app."""
