"""The editors' workbench: events with their participants and statements inline, sources with
their text, actors, roles and topics. Every change is kept by django-simple-history and shown on
each object's History page."""

import copy

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.admin.widgets import (
    AutocompleteSelect,
    AutocompleteSelectMultiple,
    RelatedFieldWidgetWrapper,
)
from django.contrib.postgres.forms import SimpleArrayField
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .admin_locking import READING, VersionedForm, locked
from .admin_site import can_hold
from .admin_spans import StatementForm, save_anyway_box
from .audit import AuditEvent
from .choices import Status
from .models import (
    Actor,
    Event,
    MentionedEvent,
    Participant,
    Publisher,
    Role,
    SavedSearch,
    Source,
    Statement,
    Topic,
)

# URLs typed without a scheme are https (Django 6's default; silences the 5.x warning).
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def valid_or_404(field, value):
    """A value that `field` could hold, or a 404: the history pages look their ids up as given,
    so an id like "abc" answered an error page (500)."""
    if not can_hold(field, value):
        raise Http404(f"No record has the id {value!r}.")


class AsSentMixin:
    """Django's autocomplete widget writes a refused form again with the values sent, looked up
    as they are: a value like "abc" for an id answered an error page (500). Here it leaves out
    the values that no record could have, and the form says what was wrong."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        return super().optgroups(name, [v for v in value if can_hold(target, v)], attr)


class AutocompleteAsSent(AsSentMixin, AutocompleteSelect):
    pass


class AutocompleteMultipleAsSent(AsSentMixin, AutocompleteSelectMultiple):
    pass


class AutocompleteFieldsMixin:
    """For the admins and their inlines: the autocomplete fields with the widgets above."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteAsSent(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteMultipleAsSent(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class HistoryAdmin(AutocompleteFieldsMixin, SimpleHistoryAdmin):
    """The records' admin: every change kept (SimpleHistoryAdmin), its History pages answering
    404 for an id no record can have, its autocomplete fields those of AutocompleteFieldsMixin,
    and a save from a page opened before someone else's refused (admin_locking)."""

    form = VersionedForm

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None or request.method in READING:
            return obj
        # Read again with the row locked, in the transaction the admin saves in: the form
        # compares its version with the record as it is now, and no other save comes between.
        # None if it was deleted meanwhile: the admin says so.
        return locked(self.get_queryset(request), request).filter(pk=obj.pk).first()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if "version" in flatten_fieldsets(fieldsets):
            return fieldsets  # from the form's own fields
        (name, options), *others = fieldsets
        return [(name, {**options, "fields": [*options["fields"], "version"]}), *others]

    def history_view(self, request, object_id, extra_context=None):
        valid_or_404(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        valid_or_404(self.model._meta.pk, unquote(object_id))
        valid_or_404(self.model.history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


class CommaListMixin:
    """Array fields (aliases, keywords) edited as one comma-separated line."""

    array_fields = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.array_fields:
            return SimpleArrayField(
                db_field.base_field.formfield(),
                required=False,
                help_text=db_field.help_text,
                widget=admin.widgets.AdminTextInputWidget,
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class StatusActionsMixin:
    """Publish / unpublish actions that keep statements' visibility in step."""

    actions = ["publish", "unpublish"]

    @admin.action(description="Publish the selected records", permissions=["change"])
    def publish(self, request, queryset):
        count = queryset.set_status(Status.PUBLISHED, request.user)
        self.message_user(request, f"{count} published.", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected records (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = queryset.set_status(Status.DRAFT, request.user)
        self.message_user(request, f"{count} set back to draft.", messages.SUCCESS)


class VersionedInlineMixin:
    """Inline rows that refuse to save over a change made since the page was opened, each with
    its own version (admin_locking): a statement edited on its own page meanwhile is not written
    back as it was by the event's page."""

    form = VersionedForm

    def get_queryset(self, request):
        # Locked after the parent record (HistoryAdmin.get_object), when the formset reads them.
        return locked(super().get_queryset(request), request)


class RoleInline(VersionedInlineMixin, AutocompleteFieldsMixin, admin.TabularInline):
    model = Role
    fk_name = "person"
    extra = 0
    autocomplete_fields = ["side"]


@admin.register(Actor)
class ActorAdmin(CommaListMixin, HistoryAdmin):
    array_fields = ("aliases",)
    list_display = ["name", "kind", "code", "country", "needs_review", "updated_at"]
    list_filter = ["kind", "needs_review"]
    search_fields = ["name", "code", "slug"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RoleInline]
    show_full_result_count = False

    def get_inlines(self, request, obj):
        return self.inlines if obj is None or obj.is_person else []


@admin.register(Role)
class RoleAdmin(HistoryAdmin):
    list_display = ["person", "title", "side", "office", "start_date", "end_date"]
    list_filter = ["office", "side"]
    search_fields = ["person__name", "title"]
    autocomplete_fields = ["person", "side"]
    list_select_related = ["person", "side"]
    date_hierarchy = "start_date"


@admin.register(Publisher)
class PublisherAdmin(HistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["name", "country", "is_synthetic", "website"]
    list_filter = ["is_synthetic"]
    search_fields = ["name"]
    autocomplete_fields = ["country"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(HistoryAdmin):
    formfield_overrides = URL_FIELDS
    list_display = ["__str__", "publisher", "published_on", "language", "event", "link"]
    list_filter = ["publisher", "language"]
    search_fields = ["title", "url", "content_hash"]
    autocomplete_fields = ["event", "publisher"]
    readonly_fields = ["content_hash", "created_at", "updated_at"]
    list_select_related = ["publisher", "event"]
    date_hierarchy = "published_on"
    show_full_result_count = False

    @admin.display(description="URL")
    def link(self, obj):
        return format_html('<a href="{}" rel="noopener">open</a>', obj.link) if obj.link else ""


class ParticipantForm(forms.ModelForm):
    """A participant whose side is left empty acts for the person's own country."""

    def clean(self):
        data = super().clean()
        actor = data.get("actor")
        if actor is not None and data.get("side") is None and actor.country_id:
            data["side"] = actor.country
        return data


class ParticipantInline(AutocompleteFieldsMixin, admin.TabularInline):
    model = Participant
    form = ParticipantForm
    extra = 0
    autocomplete_fields = ["actor", "side"]
    fields = ["order", "actor", "title", "side"]


class StatementFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        # A refused row shows its "Save anyway" box; in a table every row and the header must
        # then have that column, or the cells after it shift under the wrong headers.
        if any(not form.fields["save_anyway"].widget.is_hidden for form in self.forms):
            # A copy: the form class's field is the one StatementForm declares, shared by
            # every later request of this process.
            shown = copy.deepcopy(self.form.base_fields["save_anyway"])
            shown.widget = save_anyway_box()
            self.form.base_fields = {**self.form.base_fields, "save_anyway": shown}
            for form in self.forms:
                form.fields["save_anyway"].widget = save_anyway_box()


class StatementInline(VersionedInlineMixin, AutocompleteFieldsMixin, admin.TabularInline):
    """One statement per row: its mentions and the reader's cue are edited on its own page
    (the row's Change link), where there is room for them."""

    model = Statement
    extra = 0
    form = StatementForm
    formset = StatementFormSet
    autocomplete_fields = ["speaker", "side", "source", "topics"]
    fields = [
        "position",
        "status",
        "mode",
        "speaker",
        "side",
        "text",
        "save_anyway",
        "topics",
        "source",
        "start",
        "end",
        "version",
    ]
    show_change_link = True
    # Compact rows: a statement is a sentence or two, not a page.
    formfield_overrides = {
        models.TextField: {"widget": admin.widgets.AdminTextareaWidget(attrs={"rows": 3})}
    }

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A new statement starts with its event's status: a draft's statements are drafts.
        formset.form.base_fields["status"].initial = obj.status if obj else Status.DRAFT
        # A row keeps only the "add" button beside its choices: four icons under each of four
        # boxes in every row hid the statements; the rest is a click away on its own page.
        for field in formset.form.base_fields.values():
            if isinstance(field.widget, RelatedFieldWidgetWrapper):
                field.widget.can_change_related = False
                field.widget.can_delete_related = False
                field.widget.can_view_related = False
        return formset


class MentionedEventInline(AutocompleteFieldsMixin, admin.TabularInline):
    model = MentionedEvent
    fk_name = "event"
    extra = 0
    classes = ["collapse"]
    autocomplete_fields = ["linked_event"]
    fields = ["description", "occurred_on", "date_precision", "kind", "linked_event"]


class SourceInline(admin.TabularInline):
    model = Source
    formfield_overrides = URL_FIELDS
    extra = 0
    fields = ["publisher", "title", "url", "published_on", "language"]
    show_change_link = True
    can_delete = False
    classes = ["collapse"]  # the texts stand above the statements (span_sources)

    def has_add_permission(self, request, obj=None):
        return False  # Sources are added on their own page, where their text is.

    def get_readonly_fields(self, request, obj=None):
        return self.fields


def inline_changes(message):
    """What the admin's change message (a list of {"added"|"changed"|"deleted": {...}}) says
    of an event's inline records, in one line of at most 100 characters (the history's change
    reason): "statement: 1 added, 2 changed (text, end); participant: 1 deleted"."""
    counts = {}
    for change in message if isinstance(message, list) else []:
        for action, detail in change.items():
            name = detail.get("name")
            if not name:
                continue  # the event's own fields: the history shows them
            done = counts.setdefault(name, {}).setdefault(action, [0, []])
            done[0] += 1
            for field in detail.get("fields", []):
                if field.lower() not in done[1]:
                    done[1].append(field.lower())
    parts = []
    for name, actions in counts.items():
        said = []
        for action in ("added", "changed", "deleted"):
            if action in actions:
                n, fields = actions[action]
                said.append(f"{n} {action}" + (f" ({', '.join(fields)})" if fields else ""))
        parts.append(f"{name}: {', '.join(said)}")
    line = "; ".join(parts)
    return line if len(line) <= 100 else line[:99] + "…"


@admin.register(Event)
class EventAdmin(StatusActionsMixin, HistoryAdmin):
    list_display = ["occurred_on", "title", "kind", "status", "statement_count", "updated_at"]
    list_display_links = ["title"]
    list_filter = ["status", "kind", "date_precision", "sources__publisher"]
    search_fields = ["title", "location"]
    date_hierarchy = "occurred_on"
    inlines = [ParticipantInline, StatementInline, MentionedEventInline, SourceInline]
    fieldsets = [
        (None, {"fields": ["title", ("occurred_on", "date_precision"), ("kind", "status")]}),
        ("Details", {"fields": ["location", "summary"]}),
    ]
    show_full_result_count = False
    list_per_page = 50

    def get_queryset(self, request):
        # A subquery per shown row, not a join and GROUP BY over every statement: the list
        # opens in milliseconds at a million statements instead of seconds (bench/).
        counts = (
            Statement.objects.filter(event=OuterRef("pk"))
            .order_by()
            .values("event")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(statement_total=Coalesce(Subquery(counts, output_field=IntegerField()), 0))
        )

    def get_search_results(self, request, queryset, search_term):
        """Full-text search on the indexed vector (title, location, summary): `icontains`
        would scan every event."""
        if not search_term.strip():
            return queryset, False
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(search_term, search_type="websearch", config="english")
        return queryset.filter(search=query), False

    @admin.display(description="statements", ordering="statement_total")
    def statement_count(self, obj):
        return obj.statement_total

    def view_on_site(self, obj):
        return reverse("readouts:event_detail", args=[obj.pk])

    def log_change(self, request, obj, message):
        # The event's History page lists the event's own records; a save that changed only its
        # statements or participants showed there as a bare "Changed". Its change reason now
        # says what changed in them.
        entry = super().log_change(request, obj, message)
        summary = inline_changes(message)
        if summary:
            obj.history.filter(
                pk=obj.history.order_by("-history_date", "-history_id").values("pk")[:1]
            ).update(history_change_reason=summary)
        return entry

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # The sources' texts beside the statements, to set a span by selecting its words
        # (static/js/span_picker.js).
        sources = Source.objects.none()
        if can_hold(Event._meta.pk, unquote(object_id)):
            sources = Source.objects.filter(event_id=unquote(object_id)).select_related("publisher")
        return super().change_view(
            request, object_id, form_url, {**(extra_context or {}), "span_sources": sources}
        )

    def get_urls(self):
        from .reader.admin import add_readout_view

        # Before the default URLs, whose change page would otherwise catch "add-readout/".
        return [
            path(
                "add-readout/",
                self.admin_site.admin_view(add_readout_view),
                name="readouts_event_add_readout",
            ),
            *super().get_urls(),
        ]


@admin.register(Statement)
class StatementAdmin(StatusActionsMixin, HistoryAdmin):
    form = StatementForm
    list_display = ["short_text", "speaker", "side", "mode", "occurred_on", "status"]
    list_filter = ["status", "mode", "event_kind", "side"]
    search_fields = ["text"]
    autocomplete_fields = ["event", "speaker", "side", "source", "topics", "mentions"]
    list_select_related = ["speaker", "side"]
    readonly_fields = ["occurred_on", "event_kind", "is_public", "created_at", "updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "event",
                    ("speaker", "side", "mode"),
                    "text",
                    "save_anyway",
                    "topics",
                    "status",
                ]
            },
        ),
        ("Source and span", {"fields": ["source", ("start", "end"), "position", "cue"]}),
        ("Mentions", {"fields": ["mentions"]}),
        ("Copied from the event", {"fields": ["occurred_on", "event_kind", "is_public"]}),
    ]
    show_full_result_count = False
    list_per_page = 50

    @admin.display(description="statement")
    def short_text(self, obj):
        return obj.text if len(obj.text) <= 100 else obj.text[:97] + "…"

    def view_on_site(self, obj):
        return reverse("readouts:statement_detail", args=[obj.pk])

    def get_search_results(self, request, queryset, search_term):
        """Full-text search on the indexed vector: `icontains` would scan every row."""
        if not search_term.strip():
            return queryset, False
        from django.contrib.postgres.search import SearchQuery

        query = SearchQuery(search_term, search_type="websearch", config="english")
        return queryset.filter(search=query), False


@admin.register(Topic)
class TopicAdmin(CommaListMixin, HistoryAdmin):
    array_fields = ("keywords",)
    list_display = ["name", "parent", "keyword_list"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}

    @admin.display(description="keywords")
    def keyword_list(self, obj):
        words = ", ".join(obj.keywords)
        return words if len(words) <= 80 else words[:77] + "…"


@admin.register(MentionedEvent)
class MentionedEventAdmin(HistoryAdmin):
    list_display = ["description", "occurred_on", "kind", "event", "linked_event"]
    list_filter = ["kind"]
    search_fields = ["description"]
    autocomplete_fields = ["event", "linked_event", "statement"]
    list_select_related = ["event", "linked_event"]


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "owner", "list_name", "query", "updated_at"]
    list_filter = ["list_name"]
    search_fields = ["name", "owner__username"]
    raw_id_fields = ["owner"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, for superusers only, and read-only for them too: rows leave it only
    when they pass the retention period (`manage.py pruneaudit`)."""

    list_display = ["at", "action", "username", "ip_address", "list_name", "format", "row_count"]
    list_filter = ["action", "format", "list_name"]
    search_fields = ["username", "ip_address"]
    date_hierarchy = "at"
    show_full_result_count = False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
