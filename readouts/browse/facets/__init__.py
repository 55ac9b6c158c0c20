"""Facets of the lists: for the current filter, how many rows fall under each kind, country,
speaker or participant, topic, publisher, year and month; and the topics over time.

counting.py counts a filter (from the monthly counts PostgreSQL keeps, or from the rows);
presentation.py turns the counts into what the page shows.
"""

from .counting import EventFacets, StatementFacets

__all__ = ["EventFacets", "StatementFacets"]
