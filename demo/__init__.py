"""Demonstration data for every app of the portal, loaded by `manage.py seed_demo`; no app imports it."""
