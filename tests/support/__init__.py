"""Helpers shared by the tests: what several test modules build the same way."""
