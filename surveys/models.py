"""Tenant and resident safety surveys: rounds, answer counts and targets.

Answers are stored as counts per (survey, area, property, question, answer): a survey
imported per respondent is counted on import, an aggregate import stores its counts (or
"n and share" as positive/negative counts), and our own survey adds one count per answer.
Nothing about a respondent is stored, so a share can always be recomputed and no answer
can be traced to a person.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from orgs.consistency import check_links
from reports import weeks


class Provider(models.TextChoices):
    AKTIVBO = "aktivbo", "AktivBo"
    KUNDBAROMETERN = "kundbarometern", "Kundbarometern"
    POLICE = "police", _("Polisens trygghetsmätning")
    OWN = "own", _("Egen enkät")


class Survey(models.Model):
    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="surveys", verbose_name=_("samverkan"))
    owner = models.ForeignKey("orgs.Organisation", on_delete=models.PROTECT,
                              related_name="surveys", verbose_name=_("ansvarig organisation"))
    organisations = models.ManyToManyField("orgs.Organisation", blank=True,
                                           related_name="covered_by_surveys",
                                           verbose_name=_("organisationer som omfattas"))
    areas = models.ManyToManyField("orgs.Area", blank=True, related_name="surveys",
                                   verbose_name=_("områden"))
    provider = models.CharField(_("leverantör"), max_length=20, choices=Provider.choices)
    title = models.CharField(_("namn"), max_length=200)
    period_start = models.DateField(_("period från"))
    period_end = models.DateField(_("period till"))
    questions = models.JSONField(_("frågor"), default=list,
                                 help_text=_("Koder ur frågebanken (surveys/bank.py)."))
    shared = models.BooleanField(_("delad med samverkan"), default=True)
    # Our own survey: open for answers by link/QR code until closed.
    is_open = models.BooleanField(_("öppen för svar"), default=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                   null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("trygghetsmätning")
        verbose_name_plural = _("trygghetsmätningar")
        ordering = ["-period_end", "title"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_links(self, "owner")


class AnswerCount(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="counts")
    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="+")
    area = models.ForeignKey("orgs.Area", on_delete=models.CASCADE, related_name="+")
    property = models.ForeignKey("orgs.Property", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="+")
    question = models.CharField(max_length=40)
    answer = models.CharField(max_length=40)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(
            fields=["survey", "area", "property", "question", "answer"],
            name="one_count_per_answer", nulls_distinct=False)]
        indexes = [models.Index(fields=["collaboration", "question"], name="count_question")]

    def __str__(self) -> str:
        return f"{self.question}={self.answer}: {self.count}"


class AnswerToken(models.Model):
    """One answer per token in our own survey: only the token's hash is kept, and nothing
    links it to the counts it added."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="tokens")
    area = models.ForeignKey("orgs.Area", on_delete=models.CASCADE, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.survey_id}/{self.token_hash[:8]}"


class Target(models.Model):
    """E.g. "at least 65 % safe tenants in 2023" for an organisation or an area."""

    collaboration = models.ForeignKey("orgs.Collaboration", on_delete=models.CASCADE,
                                      related_name="survey_targets")
    organisation = models.ForeignKey("orgs.Organisation", on_delete=models.CASCADE,
                                     null=True, blank=True, related_name="survey_targets",
                                     verbose_name=_("organisation"))
    area = models.ForeignKey("orgs.Area", on_delete=models.CASCADE, null=True, blank=True,
                             related_name="survey_targets", verbose_name=_("område"))
    year = models.PositiveSmallIntegerField(_("år"), validators=[
        MinValueValidator(weeks.FIRST_YEAR), MaxValueValidator(weeks.LAST_YEAR)])
    question = models.CharField(_("fråga"), max_length=40, default="safe_area")
    share = models.DecimalField(_("mål (andel)"), max_digits=4, decimal_places=3,
                                validators=[MinValueValidator(0), MaxValueValidator(1)])

    class Meta:
        verbose_name = _("mål")
        verbose_name_plural = _("mål")
        ordering = ["year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.share:.0%}"

    def clean(self) -> None:
        check_links(self, "organisation", "area")
