"""Test helpers and generators (never shipped)."""
