"""Use cases. Each takes the store bundle and keyword-only values; none reads a clock."""
