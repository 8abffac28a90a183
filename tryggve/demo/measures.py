"""Demo measures and inspections.

The measures match the effects planted in the synthetic reports (synthetic.PLANTED_MEASURES):
new lighting and pruning in Norsborg was followed by fewer reports there, cameras at
Drottninghög by no clear change. Each housing company has inspected most of its properties
against the default safe-house checklist; most pass and are certified, some fail on a
mandatory item, and one certificate is about to expire.
"""

import random
from datetime import timedelta

from django.utils import timezone

from inspections.checklists import default_template
from inspections.models import Inspection, Item, ItemResult, Outcome
from inspections.services import do_finish_inspection, do_start_inspection
from measures.models import Measure
from measures.services import do_create_measure
from reports import weeks
from tryggve.demo.synthetic import PLANTED_MEASURES

TEXTS = {
    "norsborg": ("Ny LED-belysning och beskurna buskar längs gångvägarna", "lighting",
                 "place", "increase_risks"),
    "drottninghog": ("Kameror vid entréer och soprum", "cameras", "place", "increase_risks"),
}


def load_measures(collaboration, housing_user, areas: dict) -> None:
    if Measure.objects.filter(collaboration=collaboration).exists():
        return
    this_monday = weeks.week_bounds(weeks.current_week())[0].date()
    for slug, (started, ended, _after) in PLANTED_MEASURES.items():
        if slug not in areas:
            continue
        title, kind, corner, technique = TEXTS[slug]
        do_create_measure(housing_user, collaboration, {
            "title": title, "kind": kind, "corner": corner, "technique": technique,
            "area": areas[slug].pk, "status": "done", "cost": 850_000, "shared": "on",
            "started_on": (this_monday - timedelta(weeks=started)).isoformat(),
            "ended_on": (this_monday - timedelta(weeks=ended) - timedelta(days=1)).isoformat(),
            "description": "Genomförd efter återkommande rapporter och trygghetsvandring."})


def load_inspections(collaboration, housing_user, housing_company) -> None:
    if Inspection.objects.filter(collaboration=collaboration).exists():
        return
    rng = random.Random(f"inspections-{collaboration.slug}")
    template = default_template()
    items = list(Item.objects.filter(section__template=template))
    properties = list(housing_company.properties.filter(collaboration=collaboration)
                      .order_by("address"))
    now = timezone.now()
    for index, prop in enumerate(properties[: max(1, len(properties) * 2 // 3)]):
        inspection = do_start_inspection(housing_user, {"property": prop.pk})
        failing = index % 5 == 4  # one in five fails on a mandatory item
        results = []
        for item in items:
            outcome = Outcome.OK
            if failing and item.mandatory and not any(r.outcome == Outcome.DEFICIENCY
                                                      for r in results):
                outcome = Outcome.DEFICIENCY
            elif not item.mandatory and rng.random() < 0.08:
                outcome = Outcome.DEFICIENCY
            results.append(ItemResult(inspection=inspection, item=item, outcome=outcome,
                                      comment="Åtgärdas av fastighetsjouren" if outcome ==
                                      Outcome.DEFICIENCY else ""))
        ItemResult.objects.bulk_create(results)
        # Spread the inspections over the last five years; the oldest is nearly due.
        days = 5 * 365 - 40 if index == 1 else 30 + (index * 211) % 1500
        finished = now - timedelta(days=days)
        do_finish_inspection(housing_user, inspection, when=finished)
