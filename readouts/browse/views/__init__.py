"""The analysts' pages, by what they show: the lists (lists.py), the detail pages
(details.py), the country pairs (pairs.py), saved searches (saved.py) and the home page."""
