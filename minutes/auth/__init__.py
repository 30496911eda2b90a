"""Accounts, sessions, API tokens, role grants and login throttling."""
