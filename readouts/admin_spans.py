"""A statement's span in its source, as the admin checks it (issue 20, item 10): a span typed
by hand let "Secretary " stand as Wang Yi's statement, and a statement whose words differ from
its source saved without a word.

The statement's form refuses a span that cuts a word or lies outside its source, and when the
statement's text differs from the words of its span it asks the editor to confirm ("Save
anyway", shown only then) instead of saving silently. Only what the editor changed is checked:
rows of an event's page that nobody touched save as they are."""

from django import forms

from .admin_locking import VersionedForm
from .choices import StatementMode
from .models import Actor, Participant


def is_word_character(char):
    """What a span may not cut through: letters, digits (any script) and the underscore, as the
    span picker (static/js/span_picker.js) widens a selection."""
    return char.isalnum() or char == "_"


def span_problem(text, start, end):
    """Why the span [start, end) of `text` cannot stand, as (field, message), or None."""
    if start >= len(text) or end > len(text):
        return "end", f"The span lies outside its source, whose text has {len(text)} characters."
    if start > 0 and is_word_character(text[start - 1]) and is_word_character(text[start]):
        return "start", f"The span starts inside the word “{word_at(text, start)}”."
    if end < len(text) and is_word_character(text[end - 1]) and is_word_character(text[end]):
        return "end", f"The span ends inside the word “{word_at(text, end - 1)}”."
    if not text[start:end].strip():
        return "end", "The span holds no words."
    return None


def word_at(text, at):
    start = end = at
    while start > 0 and is_word_character(text[start - 1]):
        start -= 1
    while end < len(text) and is_word_character(text[end]):
        end += 1
    return text[start:end]


def words(text):
    """Text compared as an editor reads it: whitespace and line breaks do not count."""
    return " ".join(text.split())


def differs_from_span(text, source, start, end):
    return words(text) != words(source.text[start:end])


def save_anyway_box():
    # Labelled for itself: in the event page's table of statements no <label> names it.
    return forms.CheckboxInput(attrs={"aria-label": "Save anyway"})


class StatementForm(VersionedForm):
    """A statement's admin form, on its own page and as a row of its event's page."""

    save_anyway = forms.BooleanField(
        required=False,
        widget=forms.HiddenInput,
        label="Save anyway",
        help_text="The text differs from the words of its span in the source: tick to keep it so.",
    )

    SPAN_FIELDS = {"source", "start", "end"}

    def clean(self):
        data = super().clean()
        self.default_side(data)
        source, start, end = data.get("source"), data.get("start"), data.get("end")
        text = data.get("text")
        if source is None or start is None or end is None or end <= start or not text:
            return data  # no span, or one the model refuses (Statement.clean)
        span_changed = self.instance.pk is None or bool(self.SPAN_FIELDS & set(self.changed_data))
        if span_changed:
            problem = span_problem(source.text, start, end)
            if problem:
                self.add_error(*problem)
                return data
        if not (span_changed or "text" in self.changed_data):
            return data
        if not differs_from_span(text, source, start, end):
            return data
        if not span_changed and self.differed_before():
            return data  # the text was already its own: not a break made now
        if data.get("save_anyway"):
            return data
        self.fields["save_anyway"].widget = save_anyway_box()
        read = words(source.text[start:end])
        self.add_error(
            "text",
            f"This text differs from its span in the source, which reads: “{read}”. "
            "Correct the text or the span, or tick “Save anyway”.",
        )
        return data

    def default_side(self, data):
        """A statement whose side is left empty speaks for its speaker's side in the event,
        else for the speaker's country; a joint statement has none."""
        speaker = data.get("speaker")
        if (
            speaker is None
            or data.get("side") is not None
            or data.get("mode") == StatementMode.JOINT
        ):
            return
        event_id = getattr(data.get("event"), "pk", None) or self.instance.event_id
        side = (
            Participant.objects.filter(event_id=event_id, actor=speaker, side__isnull=False)
            .values_list("side", flat=True)
            .first()
            if event_id
            else None
        )
        data["side"] = Actor.objects.get(pk=side) if side else speaker.country

    def differed_before(self):
        """Whether the record, as stored, already had a text other than its span's words."""
        record = self.instance
        if record.source_id is None or record.start is None or record.end is None:
            return False
        return differs_from_span(record.text, record.source, record.start, record.end)
