"""Watching saved searches: an Atom feed per saved search (feeds.py) and an e-mail digest of
what is new in it (digests.py, `manage.py send_digests`). "New" is what first became visible
since then (appeared.py)."""
