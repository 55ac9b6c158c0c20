"""The starting taxonomy of topics, with the keywords by which the readout reader files
statements under them: kept as data in readouts/data/topics.toml. Editors extend both in the
admin; `sync_topics` adds what is missing there to a database without undoing their changes.
"""

import tomllib
from pathlib import Path

TOPICS_FILE = Path(__file__).parent / "data" / "topics.toml"


def read_topics():
    """[(slug, name, parent slug or None, keywords)] of the file."""
    with TOPICS_FILE.open("rb") as file:
        topics = tomllib.load(file)["topic"]
    return [(t["slug"], t["name"], t.get("parent"), t["keywords"]) for t in topics]


DEFAULT_TOPICS = read_topics()


def sync_topics(Topic):
    """Create the default topics that are missing (by slug or name); leave existing topics as
    editors made them. Returns the number of topics created."""
    existing = {topic.slug: topic for topic in Topic.objects.all()}
    created = 0
    for slug, name, parent_slug, keywords in DEFAULT_TOPICS:
        if slug in existing or Topic.objects.filter(name=name).exists():
            continue
        topic = Topic(slug=slug, name=name, keywords=list(keywords))
        topic.parent = existing.get(parent_slug)
        topic.save()
        existing[slug] = topic
        created += 1
    return created
