"""Tests of the plain-Python lao package (no Django, no database)."""
