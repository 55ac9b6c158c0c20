"""Optimistic locking for the admin's change forms (issue 18): two editors open the same event,
one saves a new title, the other saves a new location from the page opened before; the second
save used to undo the first without a word. Now it is refused, and says who changed what.

Each change form carries the version of the record it was opened on, the record's `updated_at`
(every save sets it) in a hidden `version` field. Before it saves, the admin reads the record
again with its row locked (`locked`), so that a save running at the same moment waits for this
one; the form compares, and if the record has been saved since, nothing is saved and the form
comes back with what the editor typed and a note naming who changed which fields to what (from
django-simple-history). That form carries the new version: once the editor has merged, the next
save goes through. Django declined to build this in (ticket 32867)."""

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_datetime

# The methods the admin's change and delete views serve without a transaction; they save in one
# for any other.
READING = ("GET", "HEAD", "OPTIONS", "TRACE")


def version_of(record):
    """The version a form opened on `record` carries: when it was last saved, or "" for a new
    record and for a model without `updated_at` (those are not checked)."""
    updated_at = getattr(record, "updated_at", None)
    return updated_at.isoformat() if record.pk and updated_at else ""


def locked(queryset, request):
    """`queryset` with its rows locked until the transaction ends, when `request` saves: a save
    of the same record by someone else waits until this one has been committed and then finds
    its version changed."""
    if request.method in READING:
        return queryset
    # Only the records' own rows: their ordering may join the event's.
    return queryset.select_for_update(of=("self",))


class VersionedForm(forms.ModelForm):
    """A change form that refuses to save over a change made since it was opened."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In `initial` with the record's other values, never from the caller.
        self.initial["version"] = version_of(self.instance)

    def clean(self):
        cleaned_data = super().clean()
        opened = cleaned_data.get("version", "")
        current = version_of(self.instance)
        if opened and self.instance.pk is None:
            # An inline row whose record is gone: the formset gave it a new, empty record.
            raise ValidationError(
                "Deleted since you opened this page: tick “Delete” to drop this row, or reload "
                "the page.",
                code="deleted",
            )
        if opened != current:
            # Shown again, the form carries the version it was refused against: once the editor
            # has merged, saving again goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix("version")] = current
            raise ValidationError(self.changed_since(opened), code="stale")
        return cleaned_data

    def changed_since(self, opened):
        """Who saved the record since the version `opened`, and which of this form's fields
        they changed to what."""
        record = self.instance
        history = record.history.order_by("-history_date", "-history_id")
        try:
            when = parse_datetime(opened)
        except ValueError:  # well formed, but no date (2024-13-45)
            when = None
        if when is not None and timezone.is_naive(when):  # versions are written with a zone
            when = None
        then = history.filter(updated_at=when).first() if when else None
        if then is None:  # a page from before versions, or a version made up
            latest = history.first()
            by = f" (last changed by {who(latest)} at {at(latest)})" if latest else ""
            return (
                f"This form does not say which version of the record it was opened on{by}. "
                "Nothing was saved: check your values below and save again."
            )
        since = list(history.filter(history_date__gt=then.history_date))
        if since:
            names = list(dict.fromkeys(who(h) for h in since))
            header = f"Changed by {' and '.join(names)} at {at(since[0])} since you opened it"
        else:  # a change made without a history record (SQL, say)
            header = "Changed since you opened it"
        kept = {f.attname for f in type(then)._meta.concrete_fields}
        changes = []
        for name in self.fields:
            try:
                field = record._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            # Not the many-to-many fields, nor a source's text: the history does not keep them.
            if field.attname not in kept:
                continue
            if getattr(then, field.attname) != getattr(record, field.attname):
                changes.append(f"{field.verbose_name} is now {shown(record, field)}")
        listed = f": {'; '.join(changes)}" if changes else ""
        return f"{header}{listed}. Nothing was saved: merge your values below and save again."


def who(historical):
    user = historical.history_user
    return user.get_username() if user else "someone"  # a command or a script


def at(historical):
    return f"{timezone.localtime(historical.history_date):%Y-%m-%d %H:%M}"


def shown(record, field):
    """The value of `field` as an editor would read it: a choice's label, a record's name."""
    if field.choices:
        value = getattr(record, f"get_{field.name}_display")()
    else:
        value = getattr(record, field.name)
    return "empty" if value is None or value == "" else f"“{value}”"
