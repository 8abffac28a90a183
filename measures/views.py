"""Measure pages: parse, authorise, call the services, render."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from measures import effect_data, services
from measures.models import Corner, Measure, MeasureStatus, MeasureType, Technique
from meetings.models import ProblemCase
from orgs.models import Area, Organisation, Place, Property
from orgs.permissions import (
    can_edit_measure,
    measure_organisations,
    visible_collaborations,
    visible_measures,
)
from picture.views import collaboration_or_404
from reports.privacy import Masking
from tryggve.errors import InputError
from tryggve.notices import tell_masked
from tryggve.parsing import as_id

RELATED = ("collaboration", "responsible", "area", "place", "property", "property__area",
           "case")
PAGE_SIZE = 100
PREFILL = ("area", "place", "property", "case", "title", "kind", "corner", "technique")


def filter_measures(queryset, params: QueryDict, areas) -> tuple:
    """Apply the list's filters; unknown values are ignored (and reset in the form)."""
    filters: dict[str, str] = {}
    area = as_id(params.get("area"))
    if area is not None and any(a.pk == area for a in areas):
        queryset = queryset.filter(Q(area_id=area) | Q(place__area_id=area)
                                   | Q(property__area_id=area))
        filters["area"] = str(area)
    for key, choices in (("kind", MeasureType), ("corner", Corner),
                         ("status", MeasureStatus)):
        value = params.get(key) or ""
        if value in choices.values:
            queryset = queryset.filter(**{key: value})
            filters[key] = value
    year = as_id(params.get("year"))
    if year is not None and 1900 <= year <= 2999:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
        begun = (Q(started_on__lte=last)
                 | Q(started_on=None, planned_on__lte=last))
        queryset = queryset.filter(begun).filter(Q(ended_on=None) | Q(ended_on__gte=first))
        filters["year"] = str(year)
    return queryset, filters


@login_required
def measure_list(request):
    collaborations = list(visible_collaborations(request.user).order_by("name"))
    if not collaborations:
        raise Http404(_("Du är inte medlem i någon samverkan."))
    chosen = None
    slug = request.GET.get("collaboration") or ""
    if slug:
        chosen = next((c for c in collaborations if c.slug == slug), None)
    elif len(collaborations) == 1:
        chosen = collaborations[0]
    measures = visible_measures(request.user)
    scope = [chosen] if chosen else collaborations
    measures = measures.filter(collaboration__in=[c.pk for c in scope])
    areas = list(Area.objects.filter(collaboration__in=[c.pk for c in scope]).order_by("name"))
    measures, filters = filter_measures(measures, request.GET, areas)
    if chosen and len(collaborations) > 1:
        filters["collaboration"] = chosen.slug
    measures = measures.select_related(*RELATED).order_by("-started_on", "-created_at", "-pk")
    page = Paginator(measures, PAGE_SIZE).get_page(request.GET.get("page"))
    query = QueryDict(mutable=True)
    query.update(filters)
    return render(request, "measures/list.html", {
        "page": page,
        "points": services.map_points(page),
        "filters": filters,
        "query": query.urlencode(),
        "collaborations": collaborations,
        "areas": areas,
        "kinds": MeasureType.choices,
        "corners": Corner.choices,
        "statuses": MeasureStatus.choices,
        "new_query": f"collaboration={chosen.slug}" if chosen else "",
        "can_create": request.user.is_superuser or any(
            measure_organisations(request.user, c.pk) for c in scope),
    })


def _visible_or_404(user, pk: int) -> Measure:
    measure = visible_measures(user).select_related(*RELATED).filter(pk=pk).first()
    if measure is None:
        raise Http404(_("Åtgärden finns inte eller så får du inte se den."))
    return measure


@login_required
def measure_detail(request, pk: int):
    measure = _visible_or_404(request.user, pk)
    return render(request, "measures/detail.html", {
        "measure": measure,
        "can_edit": can_edit_measure(request.user, measure),
        "effect": effect_data.effect_for(request.user, measure),
    })


def _form_context(user, collaboration, values: dict, errors: dict | None = None,
                  measure: Measure | None = None) -> dict:
    allowed = measure_organisations(user, collaboration.pk)
    if measure is not None and measure.responsible_id not in allowed:
        allowed = [*allowed, measure.responsible_id]
    return {
        "collaboration": collaboration,
        "measure": measure,
        "values": values,
        "errors": errors or {},
        "organisations": Organisation.objects.filter(pk__in=allowed).order_by("name"),
        "areas": Area.objects.filter(collaboration=collaboration).order_by("name"),
        "places": Place.objects.filter(collaboration=collaboration).order_by("name"),
        "properties": Property.objects.filter(collaboration=collaboration).order_by("address"),
        "cases": ProblemCase.objects.filter(collaboration=collaboration).order_by("-pk"),
        "kinds": MeasureType.choices,
        "corners": Corner.choices,
        "techniques": Technique.choices,
        "statuses": MeasureStatus.choices,
    }


def _creating_collaboration(request):
    slug = request.POST.get("collaboration") or request.GET.get("collaboration") or ""
    if slug:
        return collaboration_or_404(request.user, slug)
    case_id = as_id(request.GET.get("case"))
    for collaboration in visible_collaborations(request.user).order_by("name"):
        if case_id is not None and not ProblemCase.objects.filter(
                pk=case_id, collaboration=collaboration).exists():
            continue
        if measure_organisations(request.user, collaboration.pk) or request.user.is_superuser:
            return collaboration
    raise PermissionDenied(_("Du får inte registrera åtgärder."))


@login_required
def measure_new(request):
    collaboration = _creating_collaboration(request)
    if not (measure_organisations(request.user, collaboration.pk)
            or request.user.is_superuser):
        raise PermissionDenied(_("Du får inte registrera åtgärder i den här samverkan."))
    if request.method == "POST":
        data = request.POST.dict()
        masking = Masking()
        try:
            measure = services.do_create_measure(request.user, collaboration, data,
                                                 masking=masking)
        except InputError as exc:
            return render(request, "measures/form.html",
                          _form_context(request.user, collaboration, data, exc.errors),
                          status=exc.status)
        messages.success(request, _("Åtgärden är sparad."))
        tell_masked(request, masking)
        return redirect("measures:detail", pk=measure.pk)
    values = {k: request.GET[k] for k in PREFILL if request.GET.get(k)}
    values.setdefault("status", MeasureStatus.PLANNED)
    values["shared"] = "on"
    return render(request, "measures/form.html",
                  _form_context(request.user, collaboration, values))


def _values_of(measure: Measure) -> dict:
    values = {}
    for key in services.FIELDS:
        value = getattr(measure, key + "_id" if key in {"area", "place", "property", "case",
                                                         "responsible"} else key)
        if key == "shared":
            value = "on" if value else ""
        values[key] = "" if value is None else str(value)
    return values


@login_required
def measure_edit(request, pk: int):
    measure = _visible_or_404(request.user, pk)
    if not can_edit_measure(request.user, measure):
        raise PermissionDenied(_("Bara den ansvariga organisationen kan ändra åtgärden."))
    if request.method == "POST":
        data = request.POST.dict()
        masking = Masking()
        try:
            services.do_update_measure(request.user, measure, data, masking=masking)
        except InputError as exc:
            return render(request, "measures/form.html",
                          _form_context(request.user, measure.collaboration, data, exc.errors,
                                        measure), status=exc.status)
        messages.success(request, _("Åtgärden är sparad."))
        tell_masked(request, masking)
        return redirect("measures:detail", pk=measure.pk)
    return render(request, "measures/form.html",
                  _form_context(request.user, measure.collaboration, _values_of(measure),
                                measure=measure))
