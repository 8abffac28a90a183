"""Who takes part in the safety work, and where.

An organisation is a member of one or more collaborations (the EST forum of one
municipality). Users belong to organisations with a role. Areas, properties and
named places belong to one collaboration, so every query can be scoped by it.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.consistency import check_links


class OrganisationKind(models.TextChoices):
    HOUSING_COMPANY = "housing_company", _("Bostadsbolag")
    PROPERTY_OWNER = "property_owner", _("Fastighetsägare")
    CENTRE_OWNER = "centre_owner", _("Centrumägare")
    MUNICIPALITY = "municipality", _("Kommun")
    POLICE = "police", _("Polis")
    SECURITY_COMPANY = "security_company", _("Bevakningsföretag")
    ASSOCIATION = "association", _("Förening")


class Role(models.TextChoices):
    REPORTER = "reporter", _("Rapportör")
    COORDINATOR = "coordinator", _("Samordnare")
    ANALYST = "analyst", _("Analytiker")
    VIEWER = "viewer", _("Läsare")
    ADMIN = "admin", _("Administratör")


class Organisation(models.Model):
    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(_("typ"), max_length=32, choices=OrganisationKind.choices)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Collaboration(models.Model):
    """The EST forum of one municipality: its members share one joint picture."""

    name = models.CharField(_("namn"), max_length=200, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    municipality = models.CharField(_("kommun"), max_length=100)
    organisations = models.ManyToManyField(
        Organisation, related_name="collaborations", verbose_name=_("medlemmar"), blank=True
    )
    # The recurrence rule (DESIGN.md): a place recurs when it has reports of one category
    # group in at least `recurrence_min_weeks` of the last `recurrence_window_weeks` weeks.
    recurrence_window_weeks = models.PositiveSmallIntegerField(
        _("återkommande: antal veckor bakåt"), default=4,
        validators=[MinValueValidator(2), MaxValueValidator(12)])
    recurrence_min_weeks = models.PositiveSmallIntegerField(
        _("återkommande: minst antal veckor med rapporter"), default=3,
        validators=[MinValueValidator(2), MaxValueValidator(12)])

    class Meta:
        verbose_name = _("samverkan")
        verbose_name_plural = _("samverkan (EST)")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.recurrence_min_weeks > self.recurrence_window_weeks:
            raise ValidationError({"recurrence_min_weeks": _("Kan inte vara fler än antal veckor "
                                                             "bakåt.")})


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("användare"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices,
                            default=Role.REPORTER)

    class Meta:
        verbose_name = _("medlemskap")
        verbose_name_plural = _("medlemskap")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="one_role_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.organisation} ({self.get_role_display()})"


class Area(models.Model):
    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="areas",
        verbose_name=_("samverkan"),
    )
    name = models.CharField(_("namn"), max_length=100)
    slug = models.SlugField(max_length=80)
    polygon = models.JSONField(
        _("område (GeoJSON)"),
        help_text=_("En GeoJSON Polygon eller MultiPolygon i WGS84 (longitud, latitud)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("område")
        verbose_name_plural = _("områden")
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
        verbose_name=_("samverkan"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="properties",
        verbose_name=_("område"),
    )
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="properties",
        verbose_name=_("ägare"),
    )
    address = models.CharField(_("adress"), max_length=200)
    apartments = models.PositiveIntegerField(_("antal lägenheter"), default=0)
    latitude = models.FloatField(_("latitud"), null=True, blank=True)
    longitude = models.FloatField(_("longitud"), null=True, blank=True)

    class Meta:
        verbose_name = _("fastighet")
        verbose_name_plural = _("fastigheter")
        ordering = ["address"]

    def __str__(self) -> str:
        return self.address

    def clean(self) -> None:
        check_links(self, "owner", "area")


class Place(models.Model):
    """A named spot (square, playground, underpass) that people refer to by name."""

    collaboration = models.ForeignKey(
        Collaboration, on_delete=models.CASCADE, related_name="places",
        verbose_name=_("samverkan"),
    )
    area = models.ForeignKey(
        Area, on_delete=models.SET_NULL, null=True, blank=True, related_name="places",
        verbose_name=_("område"),
    )
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ av plats"), max_length=50, blank=True)
    latitude = models.FloatField(_("latitud"))
    longitude = models.FloatField(_("longitud"))

    class Meta:
        verbose_name = _("plats")
        verbose_name_plural = _("platser")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        check_links(self, "area")


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_expiry(days: int | None = None):
    """When a token issued now expires: after ``days``, by default API_TOKEN_DAYS."""
    return timezone.now() + timedelta(days=days or settings.API_TOKEN_DAYS)


class ApiToken(models.Model):
    """A bearer token for integrations. Only its hash is stored; it stops working at
    ``expires_at`` (accounts.tokens issues and revokes them)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    label = models.CharField(_("benämning"), max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("giltig till"), default=token_expiry)

    class Meta:
        verbose_name = _("API-nyckel")
        verbose_name_plural = _("API-nycklar")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @classmethod
    def issue(cls, user, days: int | None = None, label: str = "") -> tuple["ApiToken", str]:
        raw = "tg_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, key_hash=hash_token(raw), prefix=raw[:8],
                                   label=label, expires_at=token_expiry(days))
        return token, raw
