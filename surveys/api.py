"""Survey indicators as JSON: the share per area and period, with n, interval, change and
target status (never a share without its n)."""

from datetime import date

from django.http import Http404
from ninja import Field, Router, Schema

from orgs.permissions import visible_collaborations
from surveys import bank, shares
from surveys.indicators import BETTER
from surveys.targets import overview
from tryggve.bounds import is_slug
from tryggve.schemas import Slug, choices, errors

router = Router(tags=["surveys"])

Question = choices("Question", bank.QUESTIONS, "A question of the question bank.")
MAIN = Question(bank.MAIN)
TargetStatus = choices("TargetStatus", (shares.MET, shares.WITHIN_REACH, shares.MISSED))


class PeriodShareOut(Schema):
    survey: int = Field(..., description="The survey (one period).")
    title: str
    period_start: date
    period_end: date
    k: int | None = Field(..., description="Answered safe/satisfied (null when suppressed).")
    n: int = Field(..., description="All who answered, 'don't know' left out.")
    share: float | None = Field(..., description="k / n (0..1); null when suppressed.")
    low: float | None = Field(
        ..., description="95 % Wilson interval, lower bound (0..1); null when suppressed.")
    high: float | None = Field(
        ..., description="95 % Wilson interval, upper bound (0..1); null when suppressed.")
    uncertain: bool = Field(..., description="n under 30.")
    suppressed: bool = Field(
        ..., description="Only n is given: fewer than 10 answers, or the survey is still "
                         "open for answers. k, share, interval, change and status are null.")
    is_open: bool = Field(..., description="The survey is still open for answers.")
    shared: bool = Field(..., description="The survey is shared with the collaboration "
                                          "(false: your organisation's internal survey).")
    provider: str = Field(..., description="Changes are measured against the previous "
                                           "round of the same provider.")
    change_pp: float | None = Field(
        ..., description="Change against the area's previous period, percentage points.")
    change_p: float | None = Field(..., description="Two-proportion test p-value.")
    significant: bool | None
    target: float | None = Field(..., description="Target of the period_end's year (0..1).")
    target_status: TargetStatus | None = Field(
        ..., description="met, within_reach or missed.")


class AreaSharesOut(Schema):
    area_id: int
    area: str
    slug: str
    periods: list[PeriodShareOut]


class SharesOut(Schema):
    collaboration: str
    question: Question
    question_text: str
    better: str = Field(..., description="The direction in which better lies: higher.")
    areas: list[AreaSharesOut]


def _period(point) -> dict:
    share, change = point.share, point.change
    common = {"survey": point.period.survey_id, "title": point.period.title,
              "period_start": point.period.period_start,
              "period_end": point.period.period_end, "n": share.n,
              "uncertain": share.uncertain, "suppressed": point.hidden,
              "is_open": point.period.is_open, "shared": point.period.shared,
              "provider": point.period.provider}
    if point.hidden:  # minimum cell size / open survey: n only
        return {**common, "k": None, "share": None, "low": None, "high": None,
                "change_pp": None, "change_p": None, "significant": None,
                "target": point.target, "target_status": None}
    low, high = share.interval
    return {**common, "k": share.k, "share": share.p, "low": low, "high": high,
            "change_pp": change.pp if change else None,
            "change_p": change.p_value if change else None,
            "significant": change.significant if change else None,
            "target": point.target, "target_status": point.target_status}


@router.get("/surveys/{collaboration}/shares", url_name="survey_shares",
            response={200: SharesOut, **errors(401, 404, 422)})
def survey_shares(request, collaboration: Slug, question: Question = MAIN):
    """The share answering safe/satisfied per area and survey period of the surveys you
    may see, ordered by period_end: k, n, share, 95 % Wilson interval, uncertain (n < 30),
    the change in percentage points against the previous round of the same provider with
    the two-proportion test's p, and the status against the target of the period_end's
    year. Under 10 answers, and while a survey is open, only n is given (suppressed)."""
    collab = (visible_collaborations(request.auth).filter(slug=collaboration).first()
              if is_slug(collaboration) else None)
    if collab is None:
        raise Http404
    view = overview(request.auth, collab, question.value)
    slugs = {a.pk: a.slug for a in view.data.areas}
    return {
        "collaboration": collab.slug, "question": view.data.question.code,
        "question_text": view.data.question.text, "better": BETTER,
        "areas": [{"area_id": s.key, "area": s.name, "slug": slugs[s.key],
                   "periods": [_period(p) for p in s.points]} for s in view.areas],
    }
