"""The picture pages: parse the week and filters, authorise, build, render."""

import functools

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from orgs.models import Area, Collaboration
from orgs.permissions import can_run_meeting, can_work_cases, visible_collaborations
from picture.recurrence import recurring_places
from picture.weekly import PictureFilter, build_picture
from reports import categories, weeks
from reports.models import Level
from tryggve.bounds import is_slug
from tryggve.parsing import as_id


def collaboration_or_404(user, slug: str) -> Collaboration:
    found = visible_collaborations(user).filter(slug=slug).first() if is_slug(slug) else None
    if found is None:
        raise Http404(_("Samverkan finns inte eller så är du inte medlem."))
    return found


def bad_week(request, message: str) -> HttpResponse:
    return render(request, "picture/bad_week.html", {"message": message}, status=400)


def collaboration_week(view):
    """For views under <slug>/<week>/: pass the collaboration (404 unless the user is a
    member) and the week key (400 with the reason when the week does not exist)."""

    @functools.wraps(view)
    def wrapper(request, slug: str, week: str, *args, **kwargs):
        collaboration = collaboration_or_404(request.user, slug)
        try:
            key = weeks.parse_week(week)
        except weeks.InvalidWeek as exc:
            return bad_week(request, str(exc))
        return view(request, collaboration, key, *args, **kwargs)

    return wrapper


def parse_filter(request, collaboration: Collaboration) -> PictureFilter:
    group = request.GET.get("group") or None
    if group not in {None, *(g.value for g in categories.Group)}:
        group = None
    level = request.GET.get("level") or None
    if level not in {None, *Level.values}:
        level = None
    area = request.GET.get("area") or ""
    area_id = as_id(area)
    if area_id is not None and not Area.objects.filter(collaboration=collaboration,
                                                       pk=area_id).exists():
        area_id = None
    return PictureFilter(group=group, area_id=area_id, level=level)


@login_required
def picture_home(request):
    collaboration = visible_collaborations(request.user).first()
    if collaboration is None:
        raise Http404(_("Du är inte medlem i någon samverkan."))
    return redirect("picture:week", slug=collaboration.slug,
                    week=weeks.format_week(weeks.current_week()))


@login_required
@collaboration_week
def picture_week(request, collaboration: Collaboration, key: int):
    pfilter = parse_filter(request, collaboration)
    picture = build_picture(request.user, collaboration, key, pfilter)
    drill = {"collaboration": collaboration.slug, "week": weeks.format_week(key),
             **({"level": pfilter.level} if pfilter.level else {})}
    from picture.charts import series_svg

    return render(request, "picture/week.html", {
        "picture": picture,
        "collaboration": collaboration,
        "collaborations": visible_collaborations(request.user),
        "recurring": recurring_places(request.user, collaboration, key),
        "chart": series_svg(picture),
        "groups": list(categories.Group),
        "levels": Level.choices,
        "areas": Area.objects.filter(collaboration=collaboration).order_by("name"),
        "drill": drill,
        "map_url": reverse("api:picture_map", kwargs={"collaboration": collaboration.slug,
                                                       "week": weeks.format_week(key)}),
        "filter_query": pfilter.as_query(),
        "can_open_cases": can_work_cases(request.user, collaboration.pk),
        "can_run_meeting": can_run_meeting(request.user, collaboration.pk),
        "prev_week": weeks.format_week(picture.previous_week),
        "next_week": weeks.format_week(picture.next_week),
        "week_text": weeks.format_week(key),
    })


@login_required
@collaboration_week
def picture_pdf(request, collaboration: Collaboration, key: int):
    """The week's picture and meeting as a PDF for those who attend."""
    from picture.pdf import render_pdf

    pdf = render_pdf(request.user, collaboration, key, parse_filter(request, collaboration))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = _("lagesbild-%(collaboration)s-%(week)s.pdf") % {
        "collaboration": collaboration.slug, "week": weeks.format_week(key)}
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
