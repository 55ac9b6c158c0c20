"""Two readouts of the same event side by side: their statements aligned by topic, and what
one side reported that the other did not. Pure functions over statements already loaded."""

from collections import Counter
from dataclasses import dataclass, field

UNFILED = "Not filed under a topic"


@dataclass
class Row:
    topic: object  # a Topic, or None for statements with no topic
    left: list = field(default_factory=list)
    right: list = field(default_factory=list)

    @property
    def title(self):
        return self.topic.name if self.topic else UNFILED

    @property
    def shared(self):
        return bool(self.left and self.right)


def place(statement, shared, frequency):
    """The one topic a statement is shown under: a topic both readouts speak of if it has one,
    else its most frequent topic, else none."""
    topics = list(statement.topics.all())
    if not topics:
        return None
    both = [t for t in topics if t.pk in shared]
    pool = both or topics
    return max(pool, key=lambda t: (frequency[t.pk], -t.pk))


def align(left, right):
    """Rows of (topic, left statements, right statements): shared topics first, in the order the
    left readout raises them, then the topics only one side raised."""
    left_topics = {t.pk for s in left for t in s.topics.all()}
    right_topics = {t.pk for s in right for t in s.topics.all()}
    shared = left_topics & right_topics
    frequency = Counter(t.pk for s in [*left, *right] for t in s.topics.all())
    rows, order = {}, []
    for side, statements in (("left", left), ("right", right)):
        for statement in statements:
            topic = place(statement, shared, frequency)
            key = topic.pk if topic else None
            if key not in rows:
                rows[key] = Row(topic)
                order.append(key)
            getattr(rows[key], side).append(statement)
    ordered = [rows[k] for k in order]
    return sorted(ordered, key=lambda row: (not row.shared, row.topic is None))


def only_one_side(rows):
    """Topics one readout reports and the other does not: (left only, right only)."""
    left = [row for row in rows if row.left and not row.right]
    right = [row for row in rows if row.right and not row.left]
    return left, right
