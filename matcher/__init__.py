"""jpo-matcher's pure core: models, parsing text into fields, requirement checks, scoring.

Imports only the standard library and numpy (a test enforces it).
"""
