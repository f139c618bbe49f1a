"""Background job handlers of the opportunities app: the same services the inline path calls."""
