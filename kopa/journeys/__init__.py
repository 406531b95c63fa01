"""Journeys: tests that follow real people through Kopa, from where they start, across every app.

A tests-only package on the top floor: it has no models, views or URLs, and may import any app.
"""
