"""Who takes part in the safety work, and where.

An organisation is a member of one or more collaborations (the EST forum of one
municipality). Users belong to organisations with a role. Areas, properties and
named places belong to one collaboration, so every query can be scoped by it.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone


class OrganisationKind(models.TextChoices):
    HOUSING_COMPANY = "housing_company", "Bostadsbolag"
    PROPERTY_OWNER = "property_owner", "Fastighetsägare"
    CENTRE_OWNER = "centre_owner", "Centrumägare"
    MUNICIPALITY = "municipality", "Kommun"
    POLICE = "police", "Polis"
    SECURITY_COMPANY = "security_company", "Bevakningsföretag"
    ASSOCIATION = "association", "Förening"


class Role(models.TextChoices):
    REPORTER = "reporter", "Rapportör"
    COORDINATOR = "coordinator", "Samordnare"
    ANALYST = "analyst", "Analytiker"
    VIEWER = "viewer", "Läsare"
    ADMIN = "admin", "Administratör"


class Organisation(models.Model):
    name = models.CharField("namn", max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField("typ", max_length=32, choices=OrganisationKind.choices)

    class Meta:
        verbose_name = "organisation"
        verbose_name_plural = "organisationer"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Collaboration(models.Model):
    """The EST forum of one municipality: its members share one joint picture."""

    name = models.CharField("namn", max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    municipality = models.CharField("kommun", max_length=100)
    organisations = models.ManyToManyField(
        Organisation, related_name="collaborations", verbose_name="medlemmar", blank=True
    )

    class Meta:
        verbose_name = "samverkan"
        verbose_name_plural = "samverkan (EST)"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name="användare",
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name="organisation",
    )
    role = models.CharField("roll", max_length=20, choices=Role.choices, default=Role.REPORTER)

    class Meta:
        verbose_name = "medlemskap"
        verbose_name_plural = "medlemskap"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Area(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="areas", verbose_name="samverkan"
    )
    name = models.CharField("namn", max_length=100)
    slug = models.SlugField(max_length=80)
    polygon = models.JSONField(
        "område (GeoJSON)",
        help_text="En GeoJSON Polygon eller MultiPolygon i WGS84 (longitud, latitud).",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "område"
        verbose_name_plural = "områden"
        ordering = ["collaboration", "name"]
        constraints = [
            models.UniqueConstraint(fields=["collaboration", "slug"], name="area_slug_per_collab")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from orgs.geo import validate_polygon

        validate_polygon(self.polygon)


class Property(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="properties",
        verbose_name="samverkan",
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="properties",
        verbose_name="område",
    )
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="properties", verbose_name="ägare"
    )
    address = models.CharField("adress", max_length=200)
    apartments = models.PositiveIntegerField("antal lägenheter", default=0)
    latitude = models.FloatField("latitud", null=True, blank=True)
    longitude = models.FloatField("longitud", null=True, blank=True)

    class Meta:
        verbose_name = "fastighet"
        verbose_name_plural = "fastigheter"
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address


class Place(models.Model):
    """A named spot (square, playground, underpass) that people refer to by name."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="places", verbose_name="samverkan"
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="places",
        verbose_name="område",
    )
    name = models.CharField("namn", max_length=200)
    kind = models.CharField("typ av plats", max_length=50, blank=True)
    latitude = models.FloatField("latitud")
    longitude = models.FloatField("longitud")

    class Meta:
        verbose_name = "plats"
        verbose_name_plural = "platser"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A bearer token for integrations. Only its hash is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "API-nyckel"
        verbose_name_plural = "API-nycklar"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @classmethod
    def issue(cls, user) -> tuple["ApiToken", str]:
        raw = "tg_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:8])
        return token, raw
