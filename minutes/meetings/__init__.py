"""Meetings of a branch and their minutes."""
