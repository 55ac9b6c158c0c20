"""The vocabularies of the domain (see DOMAIN.md): kinds of events, of actors, of statements."""

from django.db import models


class EventKind(models.TextChoices):
    PHONE_CALL = "phone_call", "Phone call"
    VIDEO_CALL = "video_call", "Video call"
    MEETING = "meeting", "Meeting"
    VISIT = "visit", "Visit"
    MULTILATERAL = "multilateral", "Multilateral"
    MESSAGE = "message", "Message"
    PRESS_CONFERENCE = "press_conference", "Press conference"
    STATEMENT = "statement", "Statement"
    OTHER = "other", "Other"


class DatePrecision(models.TextChoices):
    DAY = "day", "Day"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ActorKind(models.TextChoices):
    PERSON = "person", "Person"
    COUNTRY = "country", "Country"
    ORGANISATION = "organisation", "Organisation"


class StatementMode(models.TextChoices):
    DIRECT_QUOTE = "direct_quote", "Direct quote"
    REPORTED = "reported", "Reported speech"
    JOINT = "joint", "Joint"


class Office(models.TextChoices):
    """The offices readouts name by title alone (see readouts/data/offices.toml)."""

    HEAD_OF_STATE = "head_of_state", "Head of state"
    HEAD_OF_GOVERNMENT = "head_of_government", "Head of government"
    FOREIGN_MINISTER = "foreign_minister", "Foreign minister"
