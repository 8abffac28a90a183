"""Loading the default checklist (from the data migration, and lazily if it is missing)."""

from django.apps import apps as global_apps
from django.db import transaction

from inspections import default_checklist as data


def load_default_checklist(apps=None):
    """Create the default template once; running it again changes nothing."""
    apps = apps or global_apps
    Template = apps.get_model("inspections", "ChecklistTemplate")
    Section = apps.get_model("inspections", "Section")
    Item = apps.get_model("inspections", "Item")
    with transaction.atomic():
        template, created = Template.objects.get_or_create(
            name=data.NAME, version=data.VERSION,
            defaults={"valid_years": data.VALID_YEARS, "is_default": True})
        if not created:
            return template
        Template.objects.exclude(pk=template.pk).filter(is_default=True).update(
            is_default=False)
        for s_order, (title, kind, items) in enumerate(data.SECTIONS, start=1):
            section = Section.objects.create(template=template, title=title, order=s_order,
                                             measure_kind=kind)
            Item.objects.bulk_create(
                Item(section=section, text=text, mandatory=mandatory, guidance=guidance,
                     order=i_order)
                for i_order, (text, mandatory, guidance) in enumerate(items, start=1))
    return template


def default_template():
    from inspections.models import ChecklistTemplate

    found = ChecklistTemplate.objects.filter(is_default=True).order_by("-version").first()
    return found or load_default_checklist()
