"""Inspection and safety-walk pages: parse, authorise, call the services, render."""


from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspections import services
from inspections.models import (
    MEASURE_KIND_FOR_CATEGORY,
    Inspection,
    ItemResult,
    ObservationCategory,
    Outcome,
    SafetyWalk,
)
from orgs.models import Area, Organisation, Property
from orgs.permissions import (
    access_for,
    can_edit_inspection,
    can_edit_safety_walk,
    can_view_inspection,
    can_view_safety_walk,
    inspecting_organisations,
    scoped_to_collaborations,
    visible_inspections,
    visible_safety_walks,
)
from reports.privacy import Masking
from tryggve.errors import InputError
from tryggve.notices import tell_masked


def measure_fields(title: str, collaboration, kind: str, **where) -> dict[str, str]:
    """What a deficiency or an observation becomes as a measure (of the place, so the
    place corner of the crime triangle), posted in one tap to the measures form: it is
    saved at once when valid, and shown for completion when not."""
    fields = {"title": title[:200], "collaboration": collaboration.slug,
              "kind": kind or "other", "corner": "place", "status": "planned",
              "shared": "on"}
    return fields | {k: str(v) for k, v in where.items() if v}


def _flash(request, exc: InputError) -> None:
    for msgs in exc.errors.values():
        for m in msgs:
            messages.error(request, m)


def _may_inspect(user) -> bool:
    access = access_for(user)
    return access.is_superuser or any(
        inspecting_organisations(user, c) for c in access.collaboration_ids)


@login_required
def index(request):
    inspections = visible_inspections(request.user).select_related(
        "property", "area", "organisation")[:50]
    walks = visible_safety_walks(request.user).select_related("area", "organisation")[:50]
    return render(request, "inspections/index.html", {
        "inspections": inspections, "walks": walks, "may_inspect": _may_inspect(request.user)})


@login_required
def inspection_new(request):
    if not _may_inspect(request.user):
        raise PermissionDenied
    if request.method == "POST":
        try:
            inspection = services.do_start_inspection(request.user, request.POST.dict())
            return redirect("inspections:detail", pk=inspection.pk)
        except InputError as exc:
            _flash(request, exc)
    access = access_for(request.user)
    org_ids = {o for c in access.collaboration_ids
               for o in inspecting_organisations(request.user, c)}
    return render(request, "inspections/new.html", {
        "properties": scoped_to_collaborations(request.user, Property.objects.all()),
        "areas": scoped_to_collaborations(request.user, Area.objects.all()),
        "organisations": Organisation.objects.filter(pk__in=org_ids),
    })


def _inspection_or_404(user, pk) -> Inspection:
    inspection = get_object_or_404(
        Inspection.objects.select_related("property", "area", "organisation", "template",
                                          "collaboration"), pk=pk)
    if not can_view_inspection(user, inspection):
        raise Http404
    return inspection


@login_required
def inspection_detail(request, pk: int):
    inspection = _inspection_or_404(request.user, pk)
    results = {r.item_id: r for r in inspection.results.all()}
    sections = []
    for section in inspection.template.sections.prefetch_related("items"):
        rows = []
        for item in section.items.all():
            result = results.get(item.pk)
            fields = {}
            if result and result.outcome == Outcome.DEFICIENCY:
                fields = measure_fields(item.text, inspection.collaboration,
                                        section.measure_kind,
                                        property=inspection.property_id,
                                        area=inspection.area_id)
            rows.append({"item": item, "result": result, "measure_fields": fields})
        answered = sum(1 for r in rows if r["result"])
        sections.append({"section": section, "rows": rows, "answered": answered})
    return render(request, "inspections/detail.html", {
        "inspection": inspection, "sections": sections,
        "can_edit": can_edit_inspection(request.user, inspection)
        and not inspection.is_finished,
        "verdict": services.verdict(inspection), "outcomes": Outcome.choices,
    })


@login_required
@require_POST
def result_save(request, pk: int, item_pk: int):
    inspection = _inspection_or_404(request.user, pk)
    masking = Masking()
    try:
        services.do_record_result(request.user, inspection, item_pk, request.POST.dict(),
                                  photo=request.FILES.get("photo"), masking=masking)
        messages.success(request, _("Sparat."))
        tell_masked(request, masking)
    except InputError as exc:
        _flash(request, exc)
    return redirect(f"/inspections/{inspection.pk}/#item-{item_pk}")


@login_required
@require_POST
def inspection_finish(request, pk: int):
    inspection = _inspection_or_404(request.user, pk)
    try:
        verdict = services.do_finish_inspection(request.user, inspection)
        messages.success(request, _("Fastigheten är certifierad.") if verdict.certified
                         else _("Besiktningen är avslutad utan certifiering."))
    except InputError as exc:
        _flash(request, exc)
    return redirect("inspections:detail", pk=inspection.pk)


@login_required
def photo(request, pk: int):
    """A photo, only to those who may see its inspection; never from a public URL."""
    result = get_object_or_404(ItemResult.objects.select_related("inspection"), pk=pk)
    if not result.photo or not can_view_inspection(request.user, result.inspection):
        raise Http404
    try:
        handle = result.photo.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, content_type=result.photo_type or "application/octet-stream")
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Disposition"] = "inline"
    return response


@login_required
def certified(request):
    statuses = services.certified_properties(request.user)
    n, apartments = services.totals(statuses)
    return render(request, "inspections/certified.html", {
        "statuses": statuses, "n": n,
        # "4 577" in Swedish, "4,577" in English
        "apartments": number_format(apartments, force_grouping=True)})


@login_required
def due(request):
    return render(request, "inspections/due.html", {
        "due": services.due_for_reinspection(request.user),
        "failed": services.failed_properties(request.user),
        "today": timezone.localdate()})


# Safety walks ----------------------------------------------------------------------------


@login_required
def walk_new(request):
    if not _may_inspect(request.user):
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        masking = Masking()
        try:
            walk = services.do_create_walk(
                request.user, request.POST.dict(),
                request.POST.getlist("participating_organisations"), masking=masking)
            tell_masked(request, masking)
            return redirect("inspections:walk", pk=walk.pk)
        except InputError as exc:
            _flash(request, exc)
            status = 400
    access = access_for(request.user)
    org_ids = {o for c in access.collaboration_ids
               for o in inspecting_organisations(request.user, c)}
    return render(request, "inspections/walk_new.html", {
        "areas": scoped_to_collaborations(request.user, Area.objects.all()),
        "organisations": Organisation.objects.filter(pk__in=org_ids),
        "members": Organisation.objects.filter(
            collaborations__id__in=access.collaboration_ids).distinct(),
        "today": timezone.localdate().isoformat(),
    }, status=status)


@login_required
def walk_detail(request, pk: int):
    walk = get_object_or_404(
        SafetyWalk.objects.select_related("area", "organisation", "collaboration"), pk=pk)
    if not can_view_safety_walk(request.user, walk):
        raise Http404
    observations = [
        {"o": o, "measure_fields": measure_fields(
            o.text, walk.collaboration, MEASURE_KIND_FOR_CATEGORY.get(o.category, "other"),
            area=walk.area_id)}
        for o in walk.observations.all()]
    points = [{"lat": o.latitude, "lon": o.longitude, "text": o.text}
              for o in walk.observations.all()]
    return render(request, "inspections/walk_detail.html", {
        "walk": walk, "observations": observations, "points": points,
        "area_polygon": walk.area.polygon, "categories": ObservationCategory.choices,
        "can_edit": can_edit_safety_walk(request.user, walk),
        "participants": walk.participating_organisations.all()})


@login_required
@require_POST
def observation_add(request, pk: int):
    walk = get_object_or_404(SafetyWalk, pk=pk)
    if not can_view_safety_walk(request.user, walk):
        raise Http404
    masking = Masking()
    try:
        services.do_add_observation(request.user, walk, request.POST.dict(), masking=masking)
        messages.success(request, _("Iakttagelsen är sparad."))
        tell_masked(request, masking)
    except InputError as exc:
        _flash(request, exc)
    return redirect("inspections:walk", pk=walk.pk)
