"""The read-only API under /api/v1/: the list pages' filters and rows for scripts, with
personal tokens (tokens.py), their authentication and hourly quota (auth.py)."""
