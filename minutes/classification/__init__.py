"""Yearly classification of units and members (HD 12 levels), decided from above."""
