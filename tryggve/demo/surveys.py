"""Demo survey rounds that tell the seeds' story.

Botkyrka (AktivBo): safety rises in Fittja by about 7 pp and in Alby by about 3 pp, while
Norsborg stands still; the target is 78 %. Helsingborg (Kundbarometern): 38 % → 48 % at
Söder, Drottninghög falls under the 65 % target, Dalhem rises. Malmö: Lindängen falls,
the others hold. Three yearly rounds, the latest ending this autumn.
"""

import random
from datetime import date

from surveys import bank
from surveys.models import AnswerCount, Provider, Survey, Target

# Share feeling safe per round (oldest first) and respondents per round, per area slug.
STORY = {
    "fittja": ([0.52, 0.55, 0.62], 420), "alby": ([0.58, 0.60, 0.63], 390),
    "norsborg": ([0.61, 0.60, 0.61], 350),
    "rosengard": ([0.55, 0.57, 0.58], 610), "mollevangen": ([0.72, 0.71, 0.73], 280),
    "kirseberg": ([0.76, 0.77, 0.76], 240), "lindangen": ([0.66, 0.63, 0.55], 300),
    "dalhem": ([0.60, 0.64, 0.68], 330), "drottninghog": ([0.68, 0.66, 0.59], 260),
    "fredriksdal": ([0.70, 0.71, 0.72], 180), "soder": ([0.38, 0.48, 0.52], 120),
}
PROVIDER = {"est-botkyrka": Provider.AKTIVBO, "est-malmo": Provider.AKTIVBO,
            "est-helsingborg": Provider.KUNDBAROMETERN}
TARGET = {"est-botkyrka": 0.78, "est-malmo": 0.70, "est-helsingborg": 0.65}
SPLIT = {  # how the safe and unsafe answers divide between the two answers each side
    "very_safe": 0.35, "fairly_safe": 0.65, "fairly_unsafe": 0.6, "very_unsafe": 0.4}
EXTRA = ["safe_evening", "safe_stairwell", "lighting"]


def _counts(share: float, n: int, rng: random.Random) -> dict[str, int]:
    """Answer counts on the SAFE scale whose share feeling safe is ``share`` of ``n``
    valid answers, plus a few "don't know" (left out of the share)."""
    safe = round(share * n)
    very = round(safe * SPLIT["very_safe"])
    unsafe = n - safe
    fairly_unsafe = round(unsafe * SPLIT["fairly_unsafe"])
    return {"very_safe": very, "fairly_safe": safe - very, "fairly_unsafe": fairly_unsafe,
            "very_unsafe": unsafe - fairly_unsafe, "dont_know": rng.randrange(3, 15)}


def load_surveys(collaboration, housing_company, areas: dict, today: date | None = None
                 ) -> None:
    """Idempotent: does nothing if the collaboration already has surveys."""
    if Survey.objects.filter(collaboration=collaboration).exists():
        return
    today = today or date.today()
    rng = random.Random(f"surveys-{collaboration.slug}")
    latest_year = today.year if today.month >= 11 else today.year - 1
    for round_index, year in enumerate(range(latest_year - 2, latest_year + 1)):
        survey = Survey.objects.create(
            collaboration=collaboration, owner=housing_company,
            provider=PROVIDER.get(collaboration.slug, Provider.AKTIVBO),
            title=f"Hyresgästenkät {year}", period_start=date(year, 9, 1),
            period_end=date(year, 10, 31), questions=[bank.MAIN, *EXTRA], shared=True)
        survey.organisations.add(housing_company)
        rows = []
        for slug, area in areas.items():
            if slug not in STORY:
                continue
            survey.areas.add(area)
            shares, n = STORY[slug]
            for question in [bank.MAIN, *EXTRA]:
                # The other questions follow the main one at a distance.
                offset = {"safe_area": 0, "safe_evening": -0.12, "safe_stairwell": 0.04,
                          "lighting": -0.05 + 0.06 * round_index}[question]
                share = min(0.95, max(0.05, shares[round_index] + offset))
                answers = _counts(share, n + rng.randrange(-20, 20), rng)
                if question == "lighting":
                    answers = {k.replace("safe", "satisfied").replace("unsatisfied",
                                                                      "dissatisfied"): v
                               for k, v in answers.items()}
                rows += [AnswerCount(survey=survey, collaboration=collaboration, area=area,
                                     question=question, answer=code, count=count)
                         for code, count in answers.items()]
        AnswerCount.objects.bulk_create(rows)
        Target.objects.create(collaboration=collaboration, organisation=housing_company,
                              year=year, share=TARGET.get(collaboration.slug, 0.7))
