"""Personal API tokens. A token is shown once, when it is made; only its SHA-256 is kept (a
token is 32 random bytes, so a fast hash is enough: there is nothing to guess). Each has a name,
an expiry and a revocation time, and is read-only: the only kind there is."""

import datetime
import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX = "rdo_"  # tells a Readouts token apart in a script or a leaked-secret scan
MAX_DAYS = 365


def digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    hint = models.CharField(
        max_length=16, editable=False, help_text="The token's first characters."
    )
    read_only = models.BooleanField(default=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "API token"

    def __str__(self):
        return f"{self.name} ({self.hint}…)"

    @classmethod
    def issue(cls, user, name, days=None):
        """(the token, its secret): the secret exists only in what this returns."""
        days = settings.API_TOKEN_DAYS if days is None else days
        if not 1 <= days <= MAX_DAYS:
            raise ValueError(f"A token lasts from 1 to {MAX_DAYS} days.")
        secret = PREFIX + secrets.token_urlsafe(32)
        token = cls.objects.create(
            user=user,
            name=name.strip()[:100] or "API token",
            key_hash=digest(secret),
            hint=secret[: len(PREFIX) + 6],
            expires_at=timezone.now() + datetime.timedelta(days=days),
        )
        return token, secret

    @classmethod
    def find(cls, secret):
        return cls.objects.select_related("user").filter(key_hash=digest(secret)).first()

    @property
    def state(self):
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= timezone.now():
            return "expired"
        return "active"

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def touch(self):
        """Note its use, at most once a minute: reading a list is not a write each time."""
        now = timezone.now()
        if self.last_used_at is None or now - self.last_used_at >= datetime.timedelta(minutes=1):
            ApiToken.objects.filter(pk=self.pk).update(last_used_at=now)
            self.last_used_at = now
