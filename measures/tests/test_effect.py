"""The effect of a measure: planted effects on constructed data, then the database side."""

import math
import random
from datetime import date, datetime, timedelta
from xml.etree import ElementTree

from django.template.loader import render_to_string
from django.urls import reverse

from measures import effect
from measures.effect import rate_ratio, survey_change
from measures.effect_data import effect_for
from measures.models import Measure, MeasureStatus
from reports.models import Report, Visibility
from surveys.bank import MAIN
from surveys.models import AnswerCount, Survey
from surveys.shares import Share
from tryggve.test import BaseTestCase

# Plain arithmetic on constructed counts -------------------------------------------------


def test_a_halved_rate_against_flat_comparison_is_fewer_reports():
    result = rate_ratio(a0=400, a1=200, c0=1000, c1=1000)
    assert math.isclose(result.ratio, 0.5)
    assert result.low < 0.5 < result.high < 1
    assert result.verdict == effect.FEWER
    assert math.isclose(result.percent_change, -50)
    # The log-scale standard error of the four counts.
    se = math.sqrt(1 / 400 + 1 / 200 + 2 / 1000)
    assert math.isclose(result.high, 0.5 * math.exp(effect.Z95 * se))


def test_a_common_trend_is_not_an_effect():
    # Both halve: the ratio of ratios is 1 and the interval covers it.
    result = rate_ratio(a0=200, a1=100, c0=600, c1=300)
    assert math.isclose(result.ratio, 1.0)
    assert result.low < 1 < result.high
    assert result.verdict == effect.NO_CLEAR_CHANGE


def test_more_reports_than_comparable_areas():
    result = rate_ratio(a0=100, a1=200, c0=500, c1=500)
    assert result.low > 1
    assert result.verdict == effect.MORE


def test_tiny_counts_are_too_little_data():
    assert rate_ratio(3, 1, 200, 210).verdict == effect.TOO_LITTLE_DATA  # a0 + a1 < 10
    assert rate_ratio(30, 10, 4, 5).verdict == effect.TOO_LITTLE_DATA  # c0 + c1 < 10
    assert rate_ratio(0, 0, 0, 0).ratio is None


def test_a_zero_count_is_corrected_and_too_little_data():
    result = rate_ratio(a0=12, a1=0, c0=100, c1=100)
    assert result.corrected
    assert math.isclose(result.ratio, (0.5 / 12.5) / (100.5 / 100.5))
    assert result.high < 1  # even though the interval is below 1, a zero says: too thin
    assert result.verdict == effect.TOO_LITTLE_DATA


def poisson(rng: random.Random, mean: float) -> int:
    """Knuth's method; fine for the means used here."""
    limit, k, p = math.exp(-mean), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def test_the_interval_covers_a_planted_effect_in_most_trials():
    rng = random.Random(20251126)
    planted, covered, fewer = 0.6, 0, 0
    for _ in range(200):
        a0, a1 = poisson(rng, 60), poisson(rng, 60 * planted * 1.1)
        c0, c1 = poisson(rng, 240), poisson(rng, 240 * 1.1)  # a common 10 % rise
        result = rate_ratio(a0, a1, c0, c1)
        covered += result.low <= planted <= result.high
        fewer += result.verdict == effect.FEWER
    assert covered / 200 >= 0.9
    assert fewer / 200 >= 0.5  # and the effect is usually found


def test_survey_change_verdicts():
    safer = survey_change(Share(500, 1000), Share(600, 1000))
    assert math.isclose(safer.pp, 10)
    assert safer.interval_pp[0] > 0 and safer.p_value < 0.05
    assert safer.verdict == effect.SAFER
    assert survey_change(Share(600, 1000), Share(500, 1000)).verdict == effect.LESS_SAFE
    assert survey_change(Share(60, 100), Share(62, 100)).verdict == effect.NO_CLEAR_CHANGE
    assert survey_change(Share(10, 20), Share(28, 29)).verdict == effect.TOO_LITTLE_DATA


def test_windows_leave_out_the_implementation_and_are_equal():
    # Start Monday of 2025-W10, end Sunday of 2025-W11; today in W27 → W12..W26 after.
    wins = effect.windows(date(2025, 3, 3), date(2025, 3, 16), date(2025, 7, 2), 202401)
    assert wins.weeks == 15
    assert wins.before == tuple(range(202447, 202453)) + tuple(range(202501, 202510))
    assert wins.before[-1] == 202509 and wins.after[0] == 202512
    assert wins.after[-1] == 202526
    assert wins.implementation == (202510, 202511)
    # Data only since 2025-W05: four weeks before.
    assert effect.windows(date(2025, 3, 3), date(2025, 3, 16), date(2025, 7, 2),
                          202505).weeks == 5
    # Capped at 26, and nothing yet the week after the end.
    assert effect.windows(date(2023, 3, 3), date(2023, 3, 16), date(2025, 7, 2),
                          202001).weeks == 26
    assert effect.windows(date(2025, 3, 3), date(2025, 3, 16), date(2025, 3, 18),
                          202001).weeks == 0


def test_the_comparison_line_is_scaled_to_the_treated_level_before():
    line = effect.scaled_comparison([1, 2, 3], (1, 2), {1: 5, 2: 5}, {1: 40, 2: 40, 3: 20}, 2)
    assert line == [5.0, 5.0, 2.5]


# The database side ------------------------------------------------------------------------

def moment(week: int) -> datetime:
    from reports.weeks import week_bounds

    return week_bounds(week)[0] + timedelta(days=2, hours=20)


class EffectDataTest(BaseTestCase):
    """Lighting in Fittja, 2025-W10..W11, seen on 2025-07-02 (2025-W27).

    The first report is in 2025-W01, so the windows are W01–W09 and W12–W20 (N = 9)."""

    TODAY = date(2025, 7, 2)

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.measure = Measure.objects.create(
            collaboration=cls.est, responsible=cls.municipality, title="Ny belysning",
            kind="lighting", corner="place", area=cls.fittja, status=MeasureStatus.DONE,
            started_on=date(2025, 3, 3), ended_on=date(2025, 3, 16))
        cls.add(cls.fittja, 202501, 50)
        cls.add(cls.fittja, 202509, 50)  # before: 100
        cls.add(cls.fittja, 202510, 30)  # implementation: not counted
        cls.add(cls.fittja, 202514, 50)  # after: 50
        cls.add(cls.fittja, 202522, 60)  # after the window: not counted
        cls.add(cls.alby, 202503, 100)  # comparison before: 100
        cls.add(cls.alby, 202518, 100)  # comparison after: 100
        # Fittjabyggen's internal reports: bob (municipality) does not see them.
        cls.add(cls.fittja, 202452, 5, cls.housing, Visibility.INTERNAL)
        cls.add(cls.fittja, 202515, 40, cls.housing, Visibility.INTERNAL)
        # Another collaboration's reports never come in.
        Report.objects.create(collaboration=cls.other_est, organisation=cls.outsider,
                              occurred_at=moment(202514), iso_week=202514, area=cls.rosengard,
                              category="graffiti", level="disturbance")

    @classmethod
    def add(cls, area, week, count, organisation=None, visibility=Visibility.SHARED):
        Report.objects.bulk_create(Report(
            collaboration=cls.est, organisation=organisation or cls.municipality,
            occurred_at=moment(week), iso_week=week, area=area, category="graffiti",
            level="disturbance", visibility=visibility) for _ in range(count))

    def survey(self, title, end, k, n):
        survey = Survey.objects.create(
            collaboration=self.est, owner=self.municipality, provider="aktivbo", title=title,
            period_start=end - timedelta(days=60), period_end=end, questions=[MAIN])
        AnswerCount.objects.bulk_create([
            AnswerCount(survey=survey, collaboration=self.est, area=self.fittja,
                        question=MAIN, answer="fairly_safe", count=k),
            AnswerCount(survey=survey, collaboration=self.est, area=self.fittja,
                        question=MAIN, answer="fairly_unsafe", count=n - k)])

    def test_the_planted_halving_is_found_with_visible_reports_only(self):
        result = effect_for(self.bob, self.measure, today=self.TODAY)
        self.assertEqual(result.state, effect.OK)
        self.assertEqual(result.windows.weeks, 9)
        self.assertEqual((result.windows.before[0], result.windows.after[-1]), (202501, 202520))
        rate = result.rate
        self.assertEqual((rate.a0, rate.a1, rate.c0, rate.c1), (100, 50, 100, 100))
        self.assertAlmostEqual(rate.ratio, 0.5)
        self.assertLess(rate.high, 1)
        self.assertEqual(rate.verdict, effect.FEWER)
        self.assertEqual(result.comparison_names, ["Alby"])
        self.assertEqual(str(result.rate_verdict), "Färre rapporter än i jämförbara områden")
        self.assertIn("<svg", result.chart)
        self.assertIn('class="implementation"', result.chart)
        ElementTree.fromstring(result.chart)  # well-formed
        self.assertEqual(sum(result.treated), 100 + 30 + 50)  # the chart shows W10 too

    def test_the_reporting_organisation_sees_its_internal_reports(self):
        # alice (Fittjabyggen) sees her internal reports: a week earlier data, 40 more after.
        result = effect_for(self.alice, self.measure, today=self.TODAY)
        self.assertEqual(result.windows.weeks, 10)
        self.assertEqual((result.rate.a0, result.rate.a1), (105, 90))

    def test_the_query_count_does_not_grow_with_the_data(self):
        effect_for(self.bob, self.measure, today=self.TODAY)  # the user's access, cached
        with self.assertNumQueries(9):
            effect_for(self.bob, self.measure, today=self.TODAY)
        self.add(self.alby, 202505, 30)
        self.add(self.fittja, 202519, 30)
        self.survey("Trygghetsmätning 2024", date(2024, 12, 31), 500, 1000)
        with self.assertNumQueries(9):
            effect_for(self.bob, self.measure, today=self.TODAY)

    def test_areas_with_their_own_lighting_are_not_comparable(self):
        Measure.objects.create(
            collaboration=self.est, responsible=self.housing, title="Belysning i Alby",
            kind="lighting", corner="place", area=self.alby, status=MeasureStatus.ONGOING,
            started_on=date(2025, 4, 1))
        result = effect_for(self.bob, self.measure, today=self.TODAY)
        self.assertEqual(result.state, effect.NO_COMPARISON)
        self.assertEqual(result.excluded_names, ["Alby"])
        self.assertIsNone(result.rate)

    def test_an_unfinished_measure_explains_itself(self):
        self.measure.status = MeasureStatus.ONGOING
        result = effect_for(self.bob, self.measure, today=self.TODAY)
        self.assertEqual(result.state, effect.NOT_FINISHED)
        html = render_to_string("measures/_effect.html", {"effect": result})
        self.assertIn("när åtgärden är genomförd", html)

    def test_too_early_right_after_the_end(self):
        result = effect_for(self.bob, self.measure, today=date(2025, 3, 18))
        self.assertEqual(result.state, effect.TOO_EARLY)

    def test_a_place_counts_in_its_area(self):
        self.measure.area = None
        self.measure.place = self.square  # Fittja torg, in Fittja
        result = effect_for(self.bob, self.measure, today=self.TODAY)
        self.assertEqual(result.area_name, "Fittja")
        self.assertEqual(result.rate.a0, 100)

    def test_survey_before_and_after(self):
        self.survey("Trygghetsmätning 2024", date(2024, 12, 31), 500, 1000)
        self.survey("Under åtgärden", date(2025, 3, 10), 100, 1000)  # neither side
        self.survey("Trygghetsmätning 2025", date(2025, 6, 15), 600, 1000)
        result = effect_for(self.bob, self.measure, today=self.TODAY)
        survey = result.survey
        self.assertEqual((survey.before_label, survey.after_label),
                         ("Trygghetsmätning 2024", "Trygghetsmätning 2025"))
        self.assertAlmostEqual(survey.pp, 10)
        self.assertEqual(survey.verdict, effect.SAFER)
        html = render_to_string("measures/_effect.html", {"effect": result})
        self.assertIn("Tryggare", html)
        self.assertIn("+10,0 procentenheter", html)
        self.assertIn("+5,6 till +14,3 procentenheter", html)
        self.assertIn('data-verdict="fewer"', html)

    def test_the_measure_page_shows_the_effect(self):
        self.client.force_login(self.bob)
        response = self.client.get(reverse("measures:detail", args=[self.measure.pk]))
        self.assertContains(response, 'id="effect"')
        self.assertContains(response, "Färre rapporter än i jämförbara områden")
        self.assertContains(response, "<svg", html=False)
