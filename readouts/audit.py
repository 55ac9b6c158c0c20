"""The audit trail (ASVS 7.1, 7.2): who logged in, who failed to, who was locked out, and who
exported what, kept in the database for AUDIT_RETENTION_DAYS and shown to superusers in the
admin; and the per-user export quota it makes possible."""

import datetime
import ipaddress
import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import models
from django.dispatch import receiver
from django.utils import timezone

logger = logging.getLogger("readouts.audit")


class AuditEvent(models.Model):
    class Action(models.TextChoices):
        LOGIN = "login", "logged in"
        LOGOUT = "logout", "logged out"
        LOGIN_FAILED = "login_failed", "login failed"
        LOCKOUT = "lockout", "locked out"
        EXPORT = "export", "exported"
        API = "api", "called the API"

    at = models.DateTimeField(default=timezone.now, db_index=True)
    action = models.CharField(max_length=16, choices=Action.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # As given: for a failed login, the name typed, whether or not such a user exists.
    username = models.CharField(max_length=150, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    path = models.CharField(max_length=500, blank=True)
    # Exports: which list, in which format, with which filters, how many rows.
    list_name = models.CharField("list", max_length=30, blank=True)
    format = models.CharField(max_length=10, blank=True)
    filters = models.JSONField(default=dict, blank=True)
    row_count = models.BigIntegerField(null=True, blank=True)
    # API calls: the token that made it (none for a signed-in browser).
    token = models.ForeignKey(
        "readouts.ApiToken", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            # The export quota: a user's exports in the past hour.
            models.Index(fields=["user", "action", "at"], name="audit_user_action_at_idx"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.username} {self.get_action_display()}"


def printable(value):
    """`value` with NUL characters, which PostgreSQL's text and jsonb refuse, made visible."""
    if isinstance(value, str):
        return value.replace("\x00", "\N{REPLACEMENT CHARACTER}")
    if isinstance(value, dict):
        return {printable(k): printable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [printable(v) for v in value]
    return value


def record(request, action, user=None, username="", **details):
    details = {name: printable(value) for name, value in details.items()}
    username = printable(username)
    event = AuditEvent.objects.create(
        action=action,
        user=user if user is not None and user.is_authenticated else None,
        username=(username or (user.get_username() if user is not None else ""))[:150],
        ip_address=client_ip(request),
        path=request.path[:500] if request is not None else "",
        **details,
    )
    logger.info(
        "%s %s from %s%s",
        event.username or "-",
        event.get_action_display(),
        event.ip_address or "-",
        f" ({details})" if details else "",
    )
    return event


def client_ip(request):
    """The client's address, for the audit trail and django-axes' throttle.

    Each proxy appends the address it saw to X-Forwarded-For, so behind PROXY_COUNT proxies
    the entry that many places from the right is the client's, whatever the client itself put
    before it. Without a proxy, or with a header too short to be one's, the connection's."""
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    if settings.PROXY_COUNT:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        if len(forwarded) >= settings.PROXY_COUNT and forwarded[-settings.PROXY_COUNT]:
            address = forwarded[-settings.PROXY_COUNT]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record(request, AuditEvent.Action.LOGIN, user)


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record(request, AuditEvent.Action.LOGOUT, user)


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    record(request, AuditEvent.Action.LOGIN_FAILED, username=credentials.get("username") or "")


@receiver(user_locked_out)
def locked_out(sender, request, username, ip_address, **kwargs):
    record(request, AuditEvent.Action.LOCKOUT, username=username or "")


def exports_in_the_past_hour(user):
    """(how many, when the oldest of them leaves the hour) of the user's exports."""
    return in_the_past_hour(user=user, action=AuditEvent.Action.EXPORT)


def in_the_past_hour(**match):
    """(how many, when the oldest of them leaves the hour) of the events matching `match`."""
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = AuditEvent.objects.filter(at__gte=since, **match)
    found = recent.aggregate(n=models.Count("id"), first=models.Min("at"))
    return found["n"], (found["first"] + datetime.timedelta(hours=1) if found["n"] else None)


def prune(now=None):
    """Delete what is older than AUDIT_RETENTION_DAYS; how many rows went."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEvent.objects.filter(at__lt=cutoff).delete()
    return deleted


def locked_out_page(request, original_response=None, credentials=None):
    """django-axes' answer to a login while paused (AXES_LOCKOUT_CALLABLE): how long, in words."""
    from django.shortcuts import render

    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
    return render(request, "registration/locked_out.html", context, status=429)
