"""Submission and review of minutes by the committees above."""
