"""Oversight: compliance, attendance, tasks, ratings, classification, search, exports."""
