"""The records analysts work with: who met whom, when, and who said what on which topic.

Statements carry a few columns copied from their event (date, kind, visibility) and from their
topics, so that the statement list can be filtered and sorted at a million rows without joins;
PostgreSQL keeps those copies in step, whichever way a record changes (migration 0017).
"""

import hashlib
import re
import unicodedata

import pycountry
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Mod
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from .choices import ActorKind, DatePrecision, EventKind, Office, StatementMode, Status


def unique_slug(model, text, max_length=120):
    """A slug for `text` that no row of `model` uses yet."""
    base = slugify(unicodedata.normalize("NFKD", text))[: max_length - 8] or "item"
    slug, n = base, 1
    while model.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


# A source's address is a web page's: a javascript: or data: URL would run when clicked.
WEB_SCHEMES = ("http", "https")
web_url = URLValidator(
    schemes=WEB_SCHEMES, message="Enter a web address that begins with http:// or https://."
)


def is_web_url(url):
    return isinstance(url, str) and url.lower().startswith(("http://", "https://"))


def web_url_constraint(field, name):
    """The database's own check, for every path that writes a row (the reader, ingest, bulk
    updates, SQL)."""
    return models.CheckConstraint(
        condition=Q(**{field: ""}) | Q(**{f"{field}__iregex": r"^https?://"}), name=name
    )


# Every how many statements the sample indexes of the search vector hold (Statement.Meta).
SEARCH_SAMPLES = (8, 64)


def can_see_drafts(user):
    """Editors (and superusers) see drafts; analysts see published records only."""
    return bool(user and user.is_authenticated and user.has_perm("readouts.change_event"))


def set_status(queryset, status, user=None):
    """Set `status` on the rows of `queryset` that do not have it, each with a new updated_at
    and a history record (a bulk update, like the admin's Publish action, would otherwise
    leave none); how many changed."""
    with transaction.atomic():
        rows = list(queryset.exclude(status=status).select_for_update(of=("self",)).defer("search"))
        now = timezone.now()
        for row in rows:
            row.status, row.updated_at = status, now
        bulk_update_with_history(
            rows, queryset.model, ["status", "updated_at"], default_user=user,
            default_change_reason="published" if status == Status.PUBLISHED else "unpublished",
        )  # fmt: skip
    return len(rows)


class Timestamped(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class ActorQuerySet(models.QuerySet):
    def countries(self):
        return self.filter(kind=ActorKind.COUNTRY)

    def people(self):
        return self.filter(kind=ActorKind.PERSON)

    def sides(self):
        """Actors a person can act or speak for: countries and organisations."""
        return self.exclude(kind=ActorKind.PERSON)

    def visible_to(self, user):
        """All actors for editors; for analysts, those a published record names (as a
        participant, a side, a speaker or a mention): a name recorded only in a draft stays
        unknown to them."""
        if can_see_drafts(user):
            return self
        actor = OuterRef("pk")
        published = Participant.objects.filter(event__status=Status.PUBLISHED)
        public = Statement.objects.public()
        return self.filter(
            Exists(published.filter(actor=actor))
            | Exists(published.filter(side=actor))
            | Exists(public.filter(speaker=actor))
            | Exists(public.filter(side=actor))
            | Exists(
                Statement.mentions.through.objects.filter(actor=actor, statement__is_public=True)
            )
        )


class Actor(Timestamped):
    """A person, a country or an organisation that takes part in diplomacy or is spoken of.

    Countries carry their ISO 3166-1 alpha-3 code (CHN, RUS, USA); organisations may carry their
    usual short name (UN, BRICS, SCO) as code. Aliases hold other spellings and transliterations
    (Sergei Lavrov, Lavrov Sergey Viktorovich) for the readout reader to match against.
    """

    kind = models.CharField(max_length=16, choices=ActorKind.choices)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=120, unique=True)
    code = models.CharField(
        max_length=16,
        unique=True,
        null=True,
        blank=True,
        help_text="ISO 3166-1 alpha-3 for a country (CHN); short name for an organisation (UN).",
    )
    aliases = ArrayField(
        models.CharField(max_length=200),
        default=list,
        blank=True,
        help_text="Other spellings, comma-separated (Sergei Lavrov, Lavrov Sergey Viktorovich).",
    )
    country = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nationals",
        limit_choices_to={"kind": ActorKind.COUNTRY},
        help_text="A person's country.",
    )
    description = models.TextField(blank=True)
    needs_review = models.BooleanField(
        default=False, help_text="Created by the readout reader; an editor has not checked it yet."
    )
    history = HistoricalRecords()

    objects = ActorQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.CheckConstraint(
                name="actor_country_code_is_iso3",
                condition=~Q(kind=ActorKind.COUNTRY)
                | (Q(code__isnull=False) & Q(code__regex=r"^[A-Z]{3}$")),
                violation_error_message="A country needs its ISO 3166-1 alpha-3 code (e.g. CHN).",
            ),
            models.CheckConstraint(name="actor_kind_valid", condition=Q(kind__in=ActorKind.values)),
        ]
        indexes = [
            # Admin and reader look-ups by name; the lists' actor/speaker filters use the slug.
            models.Index(fields=["kind", "name"], name="actor_kind_name_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readouts:actor_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        if self.code:
            self.code = self.code.strip().upper() if self.kind == ActorKind.COUNTRY else self.code
        if not self.slug:
            self.slug = unique_slug(Actor, self.name)
        super().save(*args, **kwargs)

    @property
    def is_person(self):
        return self.kind == ActorKind.PERSON

    def role_on(self, day):
        """The role this person held on `day`, or None. Costs a query."""
        return (
            self.roles.filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .order_by("-start_date")
            .first()
        )


class Role(Timestamped):
    """A title a person held for a side over a date range ("Foreign Minister" of China,
    2013-03-16 to 2022-12-30). Titles change: a role belongs to its dates, not to the person."""

    person = models.ForeignKey(
        Actor,
        on_delete=models.CASCADE,
        related_name="roles",
        limit_choices_to={"kind": ActorKind.PERSON},
    )
    title = models.CharField(max_length=300)
    side = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to=~Q(kind=ActorKind.PERSON),
        help_text="The country or organisation the person acts for in this role.",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Empty while the role lasts.")
    office = models.CharField(
        max_length=20,
        choices=Office.choices,
        blank=True,
        help_text="The side's head of state, of government or foreign minister: the reader "
        "names the holder on the day when a readout gives only the title (“the President”).",
    )
    source = models.CharField(
        max_length=500, blank=True, help_text="Where the dates were checked (a list of holders)."
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["person", "-start_date", "id"]
        constraints = [
            models.CheckConstraint(
                name="role_ends_after_start",
                condition=Q(start_date__isnull=True)
                | Q(end_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                violation_error_message="A role cannot end before it starts.",
            )
        ]
        indexes = [
            # Actor.role_on(): the person's roles by date.
            models.Index(fields=["person", "start_date"], name="role_person_start_idx"),
            # store.office_table(): the roles that are offices, for the reader.
            models.Index(
                fields=["side", "office", "start_date"],
                name="role_office_idx",
                condition=~Q(office=""),
            ),
        ]

    def __str__(self):
        span = f"{self.start_date or '…'} – {self.end_date or 'present'}"
        return f"{self.person}: {self.title} ({span})"


class PublisherQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All publishers for editors; for analysts, those of a published event's source."""
        if can_see_drafts(user):
            return self
        return self.filter(
            Exists(Source.objects.filter(publisher=OuterRef("pk"), event__status=Status.PUBLISHED))
        )


class Publisher(Timestamped):
    """An institution that publishes readouts: a foreign ministry, a presidential office."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    country = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="publishers",
        limit_choices_to=~Q(kind=ActorKind.PERSON),
        help_text="The government or organisation speaking through this publisher.",
    )
    website = models.URLField(blank=True, validators=[web_url])
    is_synthetic = models.BooleanField(
        default=False, help_text="Generated demo or benchmark data, not real readouts."
    )
    history = HistoricalRecords()
    objects = PublisherQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [web_url_constraint("website", "publisher_website_is_web")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Publisher, self.name)
        super().save(*args, **kwargs)


def content_hash(text):
    """The identity of a readout's text: the same words give the same hash, whatever the
    whitespace, line endings or Unicode normal form they arrived with."""
    normalised = re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()


class Source(Timestamped):
    """One published readout: the full text as its publisher put it out, and where."""

    event = models.ForeignKey(
        "Event", on_delete=models.SET_NULL, null=True, blank=True, related_name="sources"
    )
    publisher = models.ForeignKey(Publisher, on_delete=models.PROTECT, related_name="sources")
    url = models.URLField("URL", max_length=2000, blank=True, validators=[web_url])
    title = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=16, default="en")
    published_on = models.DateField(null=True, blank=True)
    text = models.TextField()
    content_hash = models.CharField(max_length=64, editable=False)
    part = models.PositiveSmallIntegerField(
        default=0,
        db_default=0,
        editable=False,
        help_text="Which of the separate calls or meetings the text reports this source stands "
        "for: 0 for the first (or only) one. A release of several calls is one source per call.",
    )
    history = HistoricalRecords(excluded_fields=["text"])

    class Meta:
        ordering = ["-published_on", "id"]
        constraints = [
            web_url_constraint("url", "source_url_is_web"),
            # The same text is stored once per call it reports; also serves the reader's
            # "is this text already stored?" lookup by content_hash.
            models.UniqueConstraint(
                fields=["content_hash", "part"], name="source_text_part_unique"
            ),
        ]
        indexes = [
            # Event list `publisher` filter: EXISTS (source of this event from that publisher).
            models.Index(fields=["publisher", "event"], name="source_publisher_event_idx"),
        ]

    def __str__(self):
        return self.title or f"{self.publisher} {self.published_on or ''}".strip()

    @property
    def link(self):
        """The address to link to: only a web page's, whatever the row holds."""
        return self.url if is_web_url(self.url) else ""

    @property
    def language_name(self):
        """The language as a reader names it ("English" for `en`, "Chinese" for `zh-CN`), or
        the stored value when it is no ISO 639 code."""
        code = self.language.strip().split("-")[0].split("_")[0].lower()
        found = None
        if len(code) == 2:
            found = pycountry.languages.get(alpha_2=code)
        elif len(code) == 3:
            found = pycountry.languages.get(alpha_3=code)
        return found.name if found else self.language

    def save(self, *args, **kwargs):
        self.content_hash = content_hash(self.text)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None):
        super().validate_unique(exclude)
        taken = Source.objects.filter(
            content_hash=content_hash(self.text or ""), part=self.part
        ).exclude(pk=self.pk)
        if self.text and taken.exists():
            raise ValidationError({"text": "This exact text is already stored as another source."})


def statement_count(user):
    """Each event's statements that `user` may see, as an expression over the events: the
    counts PostgreSQL keeps on them (migration 0027), of their public statements or, for an
    editor, of all. (Columns the ORM does not know, so that no save() writes a stale count.)"""
    column = "statement_count" if can_see_drafts(user) else "public_statement_count"
    return RawSQL(f'"readouts_event"."{column}"', (), output_field=models.IntegerField())  # noqa: S611 (constant)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def visible_to(self, user):
        return self if can_see_drafts(user) else self.published()

    def set_status(self, status, user=None):
        """Publish or unpublish these events (their statements' visibility follows: migration
        0017). A change like any other: an admin page opened before it is refused, and the
        history (and so the API's changes feed) records it."""
        return set_status(self, status, user)


class Event(Timestamped):
    """One diplomatic interaction: a call, a meeting, a visit, a summit, a message.

    `occurred_on` is the day it took place (not the publication date of its readouts); with a
    month or year precision it holds the first day of that month or year.
    """

    occurred_on = models.DateField("date")
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.DAY
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    title = models.CharField(max_length=500)
    location = models.CharField(max_length=200, blank=True)
    summary = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    search = models.GeneratedField(
        expression=SearchVector("title", "location", "summary", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    history = HistoricalRecords(excluded_fields=["search"])

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(name="event_kind_valid", condition=Q(kind__in=EventKind.values)),
            models.CheckConstraint(
                name="event_status_valid", condition=Q(status__in=Status.values)
            ),
        ]
        indexes = [
            # The event list as analysts see it: published, newest first, date range filters.
            # It carries the kind, so that the facets read the matching events from it alone.
            models.Index(
                fields=["status", "-occurred_on", "-id"],
                include=["kind"],
                name="event_status_date_kind_idx",
            ),
            # Event list `kind` filter with the date sort.
            models.Index(fields=["kind", "-occurred_on"], name="event_kind_date_idx"),
            # Event list `q`: full text in title, location and summary.
            GinIndex(fields=["search"], name="event_search_idx"),
        ]

    def __str__(self):
        return f"{self.occurred_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self):
        return reverse("readouts:event_detail", args=[self.pk])

    @property
    def date_display(self):
        if self.date_precision == DatePrecision.YEAR:
            return f"{self.occurred_on:%Y}"
        if self.date_precision == DatePrecision.MONTH:
            return f"{self.occurred_on:%B %Y}"
        return f"{self.occurred_on.day} {self.occurred_on:%B %Y}"

    def clean(self):
        if self.occurred_on and self.date_precision == DatePrecision.MONTH:
            self.occurred_on = self.occurred_on.replace(day=1)
        elif self.occurred_on and self.date_precision == DatePrecision.YEAR:
            self.occurred_on = self.occurred_on.replace(month=1, day=1)

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)


class Participant(models.Model):
    """A person taking part in an event, with the title they held there and the side (country
    or organisation) they acted for."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="participants")
    actor = models.ForeignKey(Actor, on_delete=models.PROTECT, related_name="participations")
    title = models.CharField(max_length=300, blank=True, help_text="Title at the event.")
    side = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        related_name="participations_for",
        null=True,
        blank=True,
        limit_choices_to=~Q(kind=ActorKind.PERSON),
        help_text="The country or organisation this participant acted for.",
    )
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["event", "actor"], name="participant_once_per_event"),
        ]
        indexes = [
            # Event list `country` filter: EXISTS (participant acting for one of these sides).
            models.Index(fields=["side", "event"], name="participant_side_event_idx"),
            # Event list `actor` filter and the actor page.
            models.Index(fields=["actor", "event"], name="participant_actor_event_idx"),
        ]

    def __str__(self):
        return f"{self.actor} ({self.title})" if self.title else str(self.actor)

    @staticmethod
    def with_titles_on(participants, day):
        """Set `title_at_event` on each participant: the title recorded for the event, else
        the title of the role the person held on `day` (the office table editors keep), with
        `title_from_role` saying which. Costs one query for all of them."""
        roles = (
            Role.objects.filter(person__in=[p.actor_id for p in participants])
            .filter(Q(start_date__isnull=True) | Q(start_date__lte=day))
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=day))
            .order_by("person", "-start_date")
            .values_list("person", "title")
        )
        held = {}
        for person, title in roles:
            held.setdefault(person, title)
        for p in participants:
            p.title_from_role = not p.title and p.actor_id in held
            p.title_at_event = p.title or held.get(p.actor_id, "")
        return participants


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user):
        """All topics for editors; for analysts, those a public statement is filed under, and
        the topics above them (whose pages and filters take in the topics below). Read from
        the statements' rollup (migration 0012), which counts public statements per topic:
        an index probe per topic, where asking the statements was a join of millions."""
        if can_see_drafts(user):
            return self
        in_use = RawSQL(TOPIC_IN_USE, [], output_field=models.BooleanField())  # noqa: S611 (constant)
        return self.filter(in_use)


# A topic, or one below it, counts public statements (statement_rollup_present_idx).
TOPIC_IN_USE = """EXISTS (
    WITH RECURSIVE below(id) AS (
        SELECT readouts_topic.id
        UNION SELECT c.id FROM readouts_topic c JOIN below b ON c.parent_id = b.id
    )
    SELECT 1 FROM below JOIN readouts_statement_rollup r
        ON r.facet = 'topic' AND r.key = below.id::text AND r.n > 0
)"""


class Topic(Timestamped):
    """A node of the small taxonomy statements are filed under (trade, energy, Ukraine...).

    Keywords are the words and phrases by which the readout reader recognises the topic."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    keywords = ArrayField(
        models.CharField(max_length=100),
        default=list,
        blank=True,
        help_text="Words and phrases that mark a statement as on this topic, comma-separated.",
    )
    description = models.TextField(blank=True)
    history = HistoricalRecords()
    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("readouts:topic_detail", args=[self.slug])

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Topic, self.name)
        super().save(*args, **kwargs)

    def clean(self):
        node, seen = self.parent, set()
        while node is not None:
            if node.pk == self.pk or node.pk in seen:
                raise ValidationError({"parent": "A topic cannot sit below itself."})
            seen.add(node.pk)
            node = node.parent


class StatementQuerySet(models.QuerySet):
    def public(self):
        return self.filter(is_public=True)

    def visible_to(self, user):
        return self if can_see_drafts(user) else self.public()

    def set_status(self, status, user=None):
        """Publish or unpublish these statements; they are public when their event is too
        (migration 0017). A change like any other, recorded in the history."""
        return set_status(self, status, user)


class Statement(Timestamped):
    """One attributed claim, position or commitment made in an event: who said it, for which
    side, in what words, where in its source the words stand, and on which topics.

    A statement with no speaker is a side's own position ("China is willing to..."); a joint
    statement ("the two sides agreed...") has mode `joint` and no side.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="statements")
    source = models.ForeignKey(
        Source, on_delete=models.SET_NULL, null=True, blank=True, related_name="statements"
    )
    speaker = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_made",
        limit_choices_to={"kind": ActorKind.PERSON},
    )
    side = models.ForeignKey(
        Actor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="statements_for",
        limit_choices_to=~Q(kind=ActorKind.PERSON),
        help_text="The country or organisation the statement speaks for; empty when joint.",
    )
    mode = models.CharField(
        max_length=16, choices=StatementMode.choices, default=StatementMode.REPORTED
    )
    text = models.TextField()
    start = models.PositiveIntegerField(
        null=True, blank=True, help_text="Character offset of the text in its source."
    )
    end = models.PositiveIntegerField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0, help_text="Order within the event.")
    # The link table carries a (topic_id, statement_id) index too: migration 0004.
    topics = models.ManyToManyField(Topic, related_name="statements", blank=True)
    # A copy of the topics' ids, kept by PostgreSQL (migration 0017): for speed, the topic facet
    # and filter read it from the statement's row instead of joining the link table.
    topic_ids = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)
    mentions = models.ManyToManyField(
        Actor, related_name="mentioned_in", blank=True, help_text="Actors the statement names."
    )
    cue = models.CharField(
        max_length=120, blank=True, help_text="What attributed it (the reader's explanation)."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PUBLISHED)
    # Copies of the event's date and kind, and whether both the statement and its event are
    # published: for speed, the statement list filters and sorts without joining events.
    occurred_on = models.DateField(editable=False, null=True)
    event_kind = models.CharField(max_length=20, choices=EventKind.choices, editable=False)
    is_public = models.BooleanField(default=False, editable=False)
    # What the statement list shows in its Speaker and Country columns, kept by PostgreSQL
    # (migration 0027) from the speaker's and the side's names and codes: the list sorts by them
    # from an index, where a sort through the actors read every statement.
    speaker_sort = models.CharField(max_length=200, default="", editable=False)
    country_sort = models.CharField(max_length=200, null=True, editable=False)
    search = models.GeneratedField(
        expression=SearchVector("text", config="english"),
        output_field=SearchVectorField(),
        db_persist=True,
    )
    history = HistoricalRecords(
        excluded_fields=["search", "topic_ids", "speaker_sort", "country_sort"]
    )

    objects = StatementQuerySet.as_manager()

    class Meta:
        ordering = ["event", "position", "id"]
        constraints = [
            models.CheckConstraint(
                name="statement_span_complete",
                condition=(Q(start__isnull=True) & Q(end__isnull=True))
                | (Q(start__isnull=False) & Q(end__isnull=False) & Q(end__gt=models.F("start"))),
                violation_error_message="A span needs a start and an end after it.",
            ),
            models.CheckConstraint(
                name="statement_mode_valid", condition=Q(mode__in=StatementMode.values)
            ),
            models.CheckConstraint(
                name="statement_joint_has_no_side",
                condition=~Q(mode=StatementMode.JOINT) | Q(side__isnull=True),
                violation_error_message="A joint statement speaks for both sides: no side.",
            ),
        ]
        indexes = [
            # Statement list default: visible rows, newest first (and date range filters).
            models.Index(
                fields=["is_public", "-occurred_on", "-id"], name="statement_public_date_idx"
            ),
            # `country` filter (the speaker's side) with the date sort.
            models.Index(
                fields=["side", "is_public", "-occurred_on"], name="statement_side_date_idx"
            ),
            # `speaker` filter and the actor page.
            models.Index(
                fields=["speaker", "is_public", "-occurred_on"],
                name="statement_speaker_date_idx",
            ),
            # `kind` filter (the event's kind).
            models.Index(
                fields=["event_kind", "is_public", "-occurred_on"], name="statement_kind_date_idx"
            ),
            # `event` filter and the event page, in reading order; it carries the topics, so
            # that the event list's topic facet reads the statements of its events from it.
            models.Index(
                fields=["event", "position"],
                include=["is_public", "topic_ids"],
                name="statement_event_topics_idx",
            ),
            # `q`: full-text search on the stored vector.
            GinIndex(fields=["search"], name="statement_search_idx"),
            # The facets of a search matching very many statements are counted on every 8th
            # (or 64th) statement, found through these: a sample of the matches without
            # visiting the others (facets.SEARCH_SAMPLES).
            *(
                GinIndex(
                    fields=["search"],
                    name=f"statement_search_1in{n}_idx",
                    condition=Q(Exact(Mod("id", n), 0)),
                )
                for n in SEARCH_SAMPLES
            ),
            # `topic` filter: topic_ids && ARRAY[...].
            GinIndex(fields=["topic_ids"], name="statement_topic_ids_idx"),
            # `sort=speaker` and `-speaker` (backwards, each speaker's rows then put newest
            # first: a few hundred at most, but for the joint statements' "Both sides").
            models.Index(
                F("speaker_sort"),
                F("occurred_on").desc(),
                F("id").desc(),
                name="statement_speaker_sort_idx",
            ),
            # The same with the `country` filter of one country (China's statements by speaker).
            models.Index(
                "side",
                F("speaker_sort"),
                F("occurred_on").desc(),
                F("id").desc(),
                name="statement_side_speaker_idx",
            ),
            # `sort=country` and `-country`, each newest first within a country, statements of
            # no country (joint) last: a country's rows are too many to put in order as they
            # come, hence one index per direction.
            models.Index(
                F("country_sort").asc(nulls_last=True),
                F("occurred_on").desc(),
                F("id").desc(),
                name="statement_country_sort_idx",
            ),
            models.Index(
                F("country_sort").desc(nulls_last=True),
                F("occurred_on").desc(),
                F("id").desc(),
                name="statement_country_desc_idx",
            ),
        ]

    def __str__(self):
        who = self.speaker or self.side or "Both sides"
        text = self.text if len(self.text) <= 80 else self.text[:77] + "…"
        return f"{who}: {text}"

    def get_absolute_url(self):
        return reverse("readouts:statement_detail", args=[self.pk])

    # The cue of a statement a person attributed, reading the text (the sample's seed readout,
    # worked by hand in DOMAIN.md); the reader's cues never say it.
    HAND_CUE = "worked by hand"

    @property
    def attribution(self):
        """How the speaker was found, in an analyst's words. The cue itself is the reader's
        note for editors ("role 'Secretary' + ''s Call'"): the admin shows it, pages do not."""
        if not self.cue or self.cue.startswith(self.HAND_CUE):
            return "By an editor, reading the text"
        if self.is_public:
            return "By the readout reader, from the wording of the text; checked by an editor"
        return "By the readout reader, from the wording of the text; not yet checked"

    @property
    def speaker_label(self):
        """Who speaks, as an analyst would say it. Uses speaker and side (select_related them)."""
        if self.mode == StatementMode.JOINT:
            return "Both sides"
        if self.speaker and self.side:
            return f"{self.speaker} ({self.side.code or self.side})"
        return str(self.speaker or self.side or "Unattributed")

    def clean(self):
        if self.mode == StatementMode.JOINT:
            self.side = None
        if (self.start is None) != (self.end is None):
            raise ValidationError("Give both the start and the end of the span, or neither.")
        if self.start is not None and self.end <= self.start:
            raise ValidationError({"end": "The span must end after it starts."})
        if self.source_id and self.end is not None and self.end > len(self.source.text):
            raise ValidationError({"end": "The span runs past the end of the source text."})
        if self.source_id and self.event_id and self.source.event_id not in (None, self.event_id):
            raise ValidationError({"source": "This source reports another event."})

    def save(self, *args, **kwargs):
        if self.mode == StatementMode.JOINT:
            self.side = None
        super().save(*args, **kwargs)


class MentionedEvent(models.Model):
    """An event a readout refers to without reporting it: an earlier visit, a coming summit."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="mentioned_events")
    statement = models.ForeignKey(
        Statement, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    description = models.CharField(max_length=500)
    occurred_on = models.DateField("date", null=True, blank=True)
    date_precision = models.CharField(
        max_length=8, choices=DatePrecision.choices, default=DatePrecision.MONTH
    )
    kind = models.CharField(max_length=20, choices=EventKind.choices, blank=True)
    linked_event = models.ForeignKey(
        Event,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentions",
        help_text="The event itself, where it is recorded too.",
    )
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["event", "start", "id"]

    def __str__(self):
        return self.description


class SavedSearch(Timestamped):
    """A filter an analyst named to find again: a list and its query string."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches"
    )
    name = models.CharField(max_length=120)
    list_name = models.CharField(
        max_length=20, choices=[("events", "Events"), ("statements", "Statements")]
    )
    query = models.CharField(max_length=2000, blank=True)
    # Watching (readouts/watch/): the secret of its Atom feed's address (none: no feed), and
    # an e-mail digest of what is new, daily or weekly, with the time the last one covered.
    feed_key = models.CharField(max_length=64, unique=True, null=True, blank=True, editable=False)
    digest = models.CharField(
        max_length=8,
        blank=True,
        choices=[("", "no e-mail"), ("daily", "daily"), ("weekly", "weekly")],
    )
    digest_since = models.DateTimeField(null=True, blank=True, editable=False)
    # When its owner last opened it through /searches/<pk>/open/: what appeared after is "new".
    seen_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["owner", "list_name", "name"], name="saved_search_name_once"
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        base = reverse(f"readouts:{self.list_name[:-1]}_list")
        return f"{base}?{self.query}" if self.query else base

    def get_open_url(self):
        """The link that opens the list and marks what is in it now as seen."""
        return reverse("readouts:saved_search_open", args=[self.pk])

    @property
    def last_seen(self):
        """Since when its rows count as new: its last opening, else its saving."""
        return self.seen_at or self.created_at


class ListPreference(Timestamped):
    """How one user likes one of the lists shown: the columns they hid from it, the rows a page.
    Kept in the database, so that the choice follows them from one browser to another."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="list_preferences"
    )
    list_name = models.CharField(
        max_length=20, choices=[("events", "Events"), ("statements", "Statements")]
    )
    hidden_columns = ArrayField(models.CharField(max_length=30), default=list, blank=True)
    # Rows per page; the same in every list (a choice made in one is written to each).
    per_page = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        constraints = [
            # Also the look-up of every list page: its user's preference for that list.
            models.UniqueConstraint(fields=["owner", "list_name"], name="list_preference_once")
        ]

    def __str__(self):
        return f"{self.owner}: {self.list_name}"


# The audit trail's model lives beside the signals that write it, the API tokens' beside their
# use.
from .api.tokens import ApiToken  # noqa: E402, F401
from .audit import AuditEvent  # noqa: E402, F401
