"""Pages to create a survey round and import its results: parse, authorise, call, render."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit import log
from jobs.queue import do_enqueue
from orgs.models import Organisation
from orgs.permissions import (
    access_for,
    can_manage_survey,
    survey_owners,
    visible_collaborations,
    visible_surveys,
)
from reports.csvio import RowError
from reports.privacy import Masking
from surveys import bank, importing
from surveys.jobs import IMPORT
from surveys.models import Provider, Survey
from tryggve import bounds, imports
from tryggve.notices import tell_masked

EXAMPLE_RESPONDENT = "area,safe_area,safe_evening,worry_crime"
EXAMPLE_RESPONDENT_ROW = "fittja,fairly_safe,Ganska otrygg,"
EXAMPLE_COUNTS = "area,question,very_safe,fairly_safe,fairly_unsafe,very_unsafe,dont_know"
EXAMPLE_COUNTS_ROW = "fittja,safe_area,21,43,20,12,4"
EXAMPLE_SHARE = "area,period,question,n,share"
EXAMPLE_SHARE_ROW = "alby,2025,safe_evening,100,64 %"


def _survey_or_404(user, survey_id: int) -> Survey:
    survey = (visible_surveys(user).filter(pk=survey_id)
              .select_related("collaboration", "owner").first())
    if survey is None:
        raise Http404(_("Mätningen finns inte eller så får du inte se den."))
    return survey


def _import_context(survey: Survey, **extra) -> dict:
    return {
        "survey": survey,
        "questions": list(bank.QUESTIONS.values()),
        "example_respondent": EXAMPLE_RESPONDENT,
        "example_respondent_row": EXAMPLE_RESPONDENT_ROW,
        "example_counts": EXAMPLE_COUNTS,
        "example_counts_row": EXAMPLE_COUNTS_ROW,
        "example_share": EXAMPLE_SHARE,
        "example_share_row": EXAMPLE_SHARE_ROW,
        "max_rows": imports.MAX_ROWS,
        "max_mb": imports.MAX_BYTES // 1024 // 1024,
    } | extra


@login_required
def survey_import(request, survey_id: int):
    """The form; a file sent is stored and imported by a background job, whose page shows
    its progress and result."""
    survey = _survey_or_404(request.user, survey_id)
    if not can_manage_survey(request.user, survey):
        raise PermissionDenied(_("Din roll får inte importera till den här mätningen."))
    if request.method != "POST":
        return render(request, "surveys/import.html", _import_context(survey))
    upload = request.FILES.get("file")
    problem = imports.upload_problem(upload)
    if problem is None:
        job = do_enqueue(request.user, IMPORT, {"survey": survey.pk,
                                                "filename": (upload.name or "")[:200]},
                         upload=upload, organisation_id=survey.owner_id,
                         collaboration_id=survey.collaboration_id)
        return redirect("jobs:detail", job_id=job.pk)
    result = importing.ImportResult(errors=[RowError(0, "", problem)]).summary()
    return render(request, "surveys/import.html", _import_context(survey, result=result),
                  status=400)


# Creating a survey round -------------------------------------------------------------


class SurveyForm(forms.Form):
    collaboration = forms.TypedChoiceField(label=gettext_lazy("Samverkan"), coerce=int)
    owner = forms.TypedChoiceField(label=gettext_lazy("Ansvarig organisation"), coerce=int)
    # Our own survey is created on its own pages (surveys/own.py) and never imported into.
    provider = forms.ChoiceField(label=gettext_lazy("Leverantör"), choices=[
        (value, label) for value, label in Provider.choices if value != Provider.OWN])
    title = forms.CharField(label=gettext_lazy("Namn"))  # bounded by Survey.title
    period_start = forms.DateField(label=gettext_lazy("Period från"))
    period_end = forms.DateField(label=gettext_lazy("Period till"))
    shared = forms.BooleanField(label=gettext_lazy("Delad med samverkan"), required=False,
                                initial=True)

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.masking = Masking()
        self.owners = _owners_by_collaboration(user)
        collaborations = visible_collaborations(user).filter(pk__in=self.owners)
        self.fields["collaboration"].choices = [(c.pk, c.name) for c in collaborations]
        names = dict(Organisation.objects.filter(
            pk__in={o for orgs in self.owners.values() for o in orgs}).values_list("pk", "name"))
        self.fields["owner"].choices = sorted(
            {(o, names[o]) for orgs in self.owners.values() for o in orgs if o in names},
            key=lambda choice: choice[1])

    def clean_title(self):
        return self._bounded(lambda errors: bounds.clean_text(
            Survey, "title", self.cleaned_data["title"], errors, masking=self.masking))

    def clean_period_start(self):
        return self._bounded(lambda errors: bounds.clean_date(
            self.cleaned_data["period_start"], errors, "period_start"))

    def clean_period_end(self):
        return self._bounded(lambda errors: bounds.clean_date(
            self.cleaned_data["period_end"], errors, "period_end"))

    @staticmethod
    def _bounded(clean):
        """A field cleaned by tryggve.bounds, its messages as the form's errors."""
        errors: dict[str, list[str]] = {}
        value = clean(errors)
        if errors:
            raise forms.ValidationError([m for messages in errors.values() for m in messages])
        return value

    def clean(self):
        data = super().clean()
        collaboration, owner = data.get("collaboration"), data.get("owner")
        if collaboration is not None and owner is not None and (
                owner not in self.owners.get(collaboration, ())):
            self.add_error("owner", _("Organisationen får inte ansvara för mätningar i den "
                                      "samverkan."))
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("Perioden kan inte sluta före den börjar."))
        return data


def _owners_by_collaboration(user) -> dict[int, list[int]]:
    """Collaboration id -> organisations the user may create surveys for there."""
    access = access_for(user)
    if access.is_superuser:
        return {c.pk: list(c.organisations.values_list("pk", flat=True))
                for c in visible_collaborations(user)}
    return {c: owners for c in access.collaboration_ids if (owners := survey_owners(user, c))}


@login_required
def survey_new(request):
    form = SurveyForm(request.user, request.POST if request.method == "POST" else None)
    if not form.owners:
        raise PermissionDenied(_("Din roll får inte skapa trygghetsmätningar."))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        survey = Survey.objects.create(
            collaboration_id=data["collaboration"], owner_id=data["owner"],
            provider=data["provider"], title=data["title"], period_start=data["period_start"],
            period_end=data["period_end"], shared=data["shared"], created_by=request.user)
        log.record_change(request.user, "survey_create", survey.collaboration_id,
                          survey=survey.pk, title=survey.title)
        messages.success(request, _("Mätningen är skapad. Importera nu resultaten."))
        tell_masked(request, form.masking)
        return redirect("surveys:import", survey_id=survey.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "surveys/import_new.html", {"form": form}, status=status)
