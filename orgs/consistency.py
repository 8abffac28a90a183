"""A record of one collaboration links only to that collaboration's things.

A property, survey, target, measure, inspection, safety walk or place names its
collaboration and, beside it, organisations (owner, responsible, inspecting) and areas,
places, properties or problem cases. Each of those must be a member of, or belong to,
the same collaboration: otherwise the record would show up in, or hand rights over,
another collaboration. Models call ``check_links`` from ``clean()``; forms with
many-to-many fields call ``link_errors`` for those too.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NOT_A_MEMBER = _("Organisationen är inte medlem i samverkan.")
OTHER_COLLABORATION = _("Hör till en annan samverkan.")


def _ids(value) -> list[int]:
    if value is None:
        return []
    if isinstance(value, Iterable) and not isinstance(value, str | bytes):
        return [getattr(v, "pk", v) for v in value if v is not None]
    return [getattr(value, "pk", value)]


def link_errors(collaboration_id: int | None, model, links: dict) -> dict[str, list[str]]:
    """Errors per field of ``model`` for ``links`` ({field name: object, id or several})
    that lie outside the collaboration."""
    from orgs.models import Collaboration, Organisation

    if collaboration_id is None:
        return {}
    errors: dict[str, list[str]] = {}
    for name, value in links.items():
        ids = set(_ids(value))
        if not ids:
            continue
        related = model._meta.get_field(name).related_model
        if related is not Organisation and not any(
                f.name == "collaboration" for f in related._meta.concrete_fields):
            continue  # not a thing of one collaboration (a checklist, a user)
        if related is Organisation:
            inside = Collaboration.organisations.through.objects.filter(
                collaboration_id=collaboration_id, organisation_id__in=ids
            ).values_list("organisation_id", flat=True)
            message = NOT_A_MEMBER
        else:
            inside = related._default_manager.filter(
                pk__in=ids, collaboration_id=collaboration_id).values_list("pk", flat=True)
            message = OTHER_COLLABORATION
        if set(inside) != ids:
            errors[name] = [message]
    return errors


def check_links(obj, *fields: str) -> None:
    """Raise ValidationError for the foreign keys among ``fields`` that point outside
    ``obj``'s collaboration."""
    links = {name: getattr(obj, obj._meta.get_field(name).attname) for name in fields}
    errors = link_errors(obj.collaboration_id, type(obj), links)
    if errors:
        raise ValidationError(errors)
