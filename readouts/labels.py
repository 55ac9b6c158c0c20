"""The names of the actors, topics and publishers, read once per data version in each process.

A list page names a few hundred of them (its facets, its rows' speakers, sides and topics, the
topics over time, the filter form's choices): one look-up query each, and a model instance per
record, cost more than the page's own counts once those come from the monthly counts. They are
a few thousand small records, so each process keeps them all, for the current data version
only (cache.py: any change to a readouts record replaces it), and reads them again after a
change (or after cache.TIMEOUT, like every cached value), the first time a page asks.
"""

import threading
import time

from django.urls import reverse

from . import cache


class Named:
    """An actor, topic or publisher as a list names and links it."""

    __slots__ = ("pk", "slug", "name", "code", "kind", "parent_id", "url")
    VIEW = None

    def __init__(self, pk, slug, name, code=None, kind=None, parent_id=None):
        self.pk, self.slug, self.name = pk, slug, name
        self.code, self.kind, self.parent_id = code, kind, parent_id
        self.url = None

    def __str__(self):
        return self.name

    def __repr__(self):
        return f"<{type(self).__name__} {self.pk} {self.slug}>"

    def get_absolute_url(self):
        if self.url is None:
            self.url = reverse(self.VIEW, args=[self.slug])
        return self.url

    def as_model(self, model):
        """The record as an instance of `model` holding what the labels know of it (for a
        filter's value: `side__in=[actor]` reads its id)."""
        fields = {"pk": self.pk, "slug": self.slug, "name": self.name}
        if self.kind is not None:
            fields.update(code=self.code, kind=self.kind)
        elif self.parent_id is not None:
            fields["parent_id"] = self.parent_id
        made = model(**fields)
        made._state.adding, made._state.db = False, "default"
        return made


class NamedActor(Named):
    VIEW = "readouts:actor_detail"


class NamedTopic(Named):
    VIEW = "readouts:topic_detail"


class NamedPublisher(Named):
    __slots__ = ()


class Table(dict):
    """{id: record} of one kind. A record this process has not read yet (written since
    without a data version change: a bulk load in progress, SQL by hand) is read on its first
    look-up, and an id that names no record is remembered as None."""

    def __init__(self, read, rows):
        super().__init__(rows)
        self.read = read  # ids -> {id: record}
        self.lock = threading.Lock()

    def __missing__(self, pk):
        found = self.read([pk]).get(pk)
        with self.lock:
            self[pk] = found
        return found

    def get(self, pk, default=None):
        if pk is None:
            return default
        found = self[pk]
        return default if found is None else found

    def complete(self, ids):
        """Read the records of `ids` this process lacks, in one query; returns self."""
        missing = [pk for pk in ids if pk is not None and pk not in self]
        if missing:
            found = self.read(missing)
            with self.lock:
                for pk in missing:
                    self[pk] = found.get(pk)
        return self


def reader(model_name, columns, make):
    """ids (None: all) -> {id: record} of `model_name`, reading `columns` after the id."""

    def read(ids=None):
        from django.apps import apps

        rows = apps.get_model("readouts", model_name).objects.order_by()
        rows = rows.filter(pk__in=ids) if ids is not None else rows
        return {pk: make(pk, *values) for pk, *values in rows.values_list("pk", *columns)}

    return read


read_actors = reader("Actor", ("slug", "name", "code", "kind"), NamedActor)
read_topics = reader(
    "Topic", ("slug", "name", "parent_id"),
    lambda pk, slug, name, parent: NamedTopic(pk, slug, name, parent_id=parent),
)  # fmt: skip
read_publishers = reader("Publisher", ("slug", "name"), NamedPublisher)


class Labels:
    def __init__(self):
        self.actors, self.topics, self.publishers = (
            Table(read, read()) for read in (read_actors, read_topics, read_publishers)
        )
        self.read_at = time.monotonic()
        self.indexes = {}

    def index(self, kind, attribute, accepts, key):
        """{record.attribute as text: record} of the records of `kind` that `accepts` takes,
        made once (`key` names the selection)."""
        found = self.indexes.get((key, attribute))
        if found is None:
            found = {
                str(getattr(r, attribute)): r
                for r in getattr(self, kind).values()
                if r is not None and accepts(r)
            }
            self.indexes[(key, attribute)] = found
        return found

    def topic_list(self, ids):
        """The topics `ids` as the statement's `topics.all()` lists them: by name."""
        found = [t for t in map(self.topics.get, ids or ()) if t is not None]
        return sorted(found, key=lambda t: (t.name, t.pk)) if len(found) > 1 else found


_lock = threading.Lock()
_current = (None, None)  # (data version, Labels)


def labels():
    """The labels at the current data version (read now if this process has not yet)."""
    global _current
    version = cache.data_version()

    def current():
        held_version, held = _current
        fresh = held_version == version and time.monotonic() - held.read_at < cache.TIMEOUT
        return held if fresh else None

    held = current()
    if held is None:
        with _lock:
            held = current()
            if held is None:
                held = Labels()
                _current = (version, held)
    return held
