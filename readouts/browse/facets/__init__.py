"""Facets of the lists: for the current filter, how many rows fall under each kind, country,
speaker or participant, topic, publisher, year and month; and the topics over time.

counter.py decides how a filter is counted (from the monthly counts, rollups.py, or from the
rows, rows.py); presentation.py turns the counts into what the page shows.
"""

from .counter import EventFacets, StatementFacets

__all__ = ["EventFacets", "StatementFacets"]
