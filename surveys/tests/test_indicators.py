"""Indicators, targets and the attention list, from answer counts in the database."""

from datetime import date, datetime, timedelta
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from audit.models import AuditEntry
from meetings.models import Meeting, Priority
from orgs.models import Role
from orgs.permissions import access_for
from reports import weeks
from reports.models import Report, Visibility
from surveys import attention, charts, indicators
from surveys.bank import MAIN, NEGATIVE, POSITIVE
from surveys.models import AnswerCount, Survey, Target
from surveys.shares import MET, MISSED, WITHIN_REACH, Share
from surveys.targets import do_set_target, load_targets, overview, parse_target_percent
from tryggve.errors import InputError
from tryggve.test import BaseTestCase, make_user


def answers(k: int, n: int, dont_know: int = 0) -> dict[str, int]:
    """Counts per answer code giving k safe out of n (plus some "don't know")."""
    return {"very_safe": k // 2, "fairly_safe": k - k // 2, "fairly_unsafe": (n - k) // 2,
            "very_unsafe": n - k - (n - k) // 2, "dont_know": dont_know}


def make_survey(cast, title: str, end: date, shares: dict, owner=None, shared=True,
                is_open=False, covers=(), question=MAIN) -> Survey:
    """A survey of ``cast.est`` stored as answer counts. ``shares``: {area or (area,
    property): (k, n) or (k, n, don't know)}."""
    survey = Survey.objects.create(
        collaboration=cast.est, owner=owner or cast.housing, provider="aktivbo",
        title=title, period_start=end - timedelta(days=60), period_end=end,
        questions=[question], shared=shared, is_open=is_open)
    survey.organisations.add(*covers)
    rows = []
    for where, figures in shares.items():
        area, prop = where if isinstance(where, tuple) else (where, None)
        for answer, count in answers(*figures).items():
            if count:
                rows.append(AnswerCount(survey=survey, collaboration=cast.est, area=area,
                                        property=prop, question=question, answer=answer,
                                        count=count))
    AnswerCount.objects.bulk_create(rows)
    return survey


class SurveyCase(BaseTestCase):
    """The test cast plus helpers that store surveys as answer counts."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.hanna = make_user("hanna", cls.housing, Role.ANALYST)  # manages its surveys

    def survey(self, title: str, end: date, shares: dict, **options) -> Survey:
        return make_survey(self, title, end, shares, **options)

    def area_series(self, user, name="Fittja"):
        return next(s for s in indicators.shares_by_area(user, self.est) if s.name == name)


class IndicatorTests(SurveyCase):
    def test_38_to_48_percent_is_plus_10_pp_from_counts(self):
        # Helsingborgshem at Söder: 38 % → 48 % during 2022 (seed 004).
        self.survey("Kundbarometern 2021", date(2021, 12, 31), {self.fittja: (38, 100, 12)})
        self.survey("Kundbarometern 2022", date(2022, 12, 31), {self.fittja: (48, 100, 9)})
        series = self.area_series(self.bob)
        self.assertEqual([p.period.title for p in series.points],
                         ["Kundbarometern 2021", "Kundbarometern 2022"])
        latest = series.latest
        self.assertEqual((latest.share.k, latest.share.n), (48, 100))  # "don't know" left out
        self.assertAlmostEqual(series.change.pp, 10.0)
        self.assertAlmostEqual(series.change.p_value, 0.153, places=3)
        self.assertFalse(series.change.significant)
        self.assertIsNone(series.points[0].change)
        self.assertEqual(indicators.change_text(series.change),
                         "+10,0 procentenheter (p = 0,15, inte signifikant)")

    def test_it_writes_64_of_100_with_n_and_the_interval_54_to_73(self):
        self.survey("AktivBo 2022", date(2022, 12, 31), {self.fittja: (64, 100)})
        share = self.area_series(self.bob).latest.share
        self.assertEqual(share, Share(64, 100))
        self.assertEqual(indicators.share_text(share), "64 % (n = 100, 95 % KI 54–73 %)")
        self.assertFalse(share.uncertain)

    def test_small_n_is_uncertain(self):
        self.survey("Egen enkät", date(2024, 5, 31), {self.fittja: (20, 29)})
        self.assertTrue(self.area_series(self.bob).latest.share.uncertain)
        svg = charts.share_svg(self.area_series(self.bob))
        ElementTree.fromstring(svg)
        self.assertIn('class="dot uncertain"', svg)

    def test_an_aggregate_given_as_n_and_share_counts_like_answers(self):
        survey = Survey.objects.create(collaboration=self.est, owner=self.housing,
                                       provider="police", title="Polisens mätning",
                                       period_start=date(2023, 3, 1),
                                       period_end=date(2023, 4, 30))
        AnswerCount.objects.bulk_create([
            AnswerCount(survey=survey, collaboration=self.est, area=self.alby, question=MAIN,
                        answer=POSITIVE, count=260),
            AnswerCount(survey=survey, collaboration=self.est, area=self.alby, question=MAIN,
                        answer=NEGATIVE, count=140)])
        self.assertEqual(self.area_series(self.bob, "Alby").latest.share, Share(260, 400))

    def test_areas_sum_their_properties_and_properties_get_their_own_series(self):
        self.survey("AktivBo 2023", date(2023, 12, 31),
                    {(self.alby, self.house): (30, 50), self.alby: (70, 100)})
        self.assertEqual(self.area_series(self.bob, "Alby").latest.share, Share(100, 150))
        [prop] = indicators.shares_by_property(self.bob, self.est)
        self.assertEqual((prop.name, prop.extra), ("Albyvägen 10", "Alby"))
        self.assertEqual(prop.latest.share, Share(30, 50))

    def test_organisations_get_their_surveys_and_the_surveys_they_are_covered_by(self):
        self.survey("AktivBo 2022", date(2022, 12, 31),
                    {self.fittja: (60, 100), self.alby: (40, 100)},
                    covers=[self.municipality])
        by_name = {s.name: s for s in indicators.shares_by_organisation(self.bob, self.est)}
        self.assertEqual(by_name["Fittjabyggen"].latest.share, Share(100, 200))
        self.assertEqual(by_name["Testkommun"].latest.share, Share(100, 200))

    def test_areas_without_answers_are_listed_empty(self):
        self.survey("AktivBo 2022", date(2022, 12, 31), {self.fittja: (60, 100)})
        series = {s.name: s for s in indicators.shares_by_area(self.bob, self.est)}
        self.assertEqual(series["Alby"].points, [])
        self.assertIsNone(series["Alby"].change)

    def test_only_surveys_the_user_may_see_are_counted(self):
        self.survey("Internt", date(2022, 12, 31), {self.fittja: (10, 100)}, shared=False)
        self.survey("Delat", date(2023, 12, 31), {self.fittja: (60, 100)})
        titles = lambda user: [p.period.title for p in self.area_series(user).points]  # noqa: E731
        self.assertEqual(titles(self.alice), ["Internt", "Delat"])  # her organisation's
        self.assertEqual(titles(self.bob), ["Delat"])
        # bob's change has no previous period: alice's unshared survey does not leak into it
        self.assertIsNone(self.area_series(self.bob).change)
        data = indicators.load(self.charlie, self.est)
        self.assertFalse(data.has_data)
        self.assertEqual(data.periods, {})

    def test_the_number_of_queries_does_not_grow_with_areas_and_surveys(self):
        self.survey("AktivBo 2021", date(2021, 12, 31), {self.fittja: (60, 100)})
        access_for(self.bob)
        with CaptureQueriesContext(connection) as few:
            overview(self.bob, self.est)
        for year in (2022, 2023, 2024):
            self.survey(f"AktivBo {year}", date(year, 12, 31),
                        {self.fittja: (55, 100), self.alby: (70, 90),
                         (self.alby, self.house): (20, 30)}, covers=[self.municipality])
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2023, share=0.65)
        with self.assertNumQueries(len(few)):
            view = overview(self.bob, self.est)
            [s.points for s in view.areas + view.organisations + view.properties]
        self.assertEqual(len(few), 6)


class TargetTests(SurveyCase):
    def test_it_sets_an_area_target_from_a_percentage(self):
        target = do_set_target(self.bob, self.est, {"area": str(self.fittja.pk),
                                                    "year": "2023", "share": "65 %"})
        self.assertEqual((target.area, target.year, target.question), (self.fittja, 2023, MAIN))
        self.assertEqual(float(target.share), 0.65)
        entry = AuditEntry.objects.get(action="survey_target")
        self.assertEqual(entry.detail["after"], "0.650")
        self.assertEqual(entry.actor_username, "bob")

    def test_setting_it_again_replaces_it(self):
        data = {"organisation": self.housing.pk, "year": 2023, "share": "65"}
        do_set_target(self.hanna, self.est, data)
        do_set_target(self.hanna, self.est, data | {"share": "66,5"})
        self.assertEqual(Target.objects.count(), 1)
        self.assertEqual(float(Target.objects.get().share), 0.665)

    def test_only_managers_of_surveys_set_targets_and_only_for_their_organisation(self):
        with self.assertRaises(PermissionDenied):  # reporter
            do_set_target(self.alice, self.est, {"area": self.fittja.pk, "year": 2023,
                                                 "share": "65"})
        with self.assertRaises(PermissionDenied):  # not a member
            do_set_target(self.charlie, self.est, {"area": self.fittja.pk, "year": 2023,
                                                   "share": "65"})
        with self.assertRaises(InputError) as caught:  # someone else's organisation
            do_set_target(self.bob, self.est, {"organisation": self.housing.pk, "year": 2023,
                                               "share": "65"})
        self.assertIn("organisation", caught.exception.errors)
        do_set_target(self.bob, self.est, {"organisation": self.municipality.pk,
                                           "year": 2023, "share": "65"})

    def test_it_refuses_bad_input(self):
        bad = [({"area": self.fittja.pk, "year": 2023, "share": "120"}, "share"),
               ({"area": self.fittja.pk, "year": 2023, "share": "mycket"}, "share"),
               ({"area": self.fittja.pk, "year": 2023, "share": ""}, "share"),
               ({"area": self.fittja.pk, "year": 1999, "share": "65"}, "year"),
               ({"area": self.fittja.pk, "year": "²", "share": "65"}, "year"),
               ({"year": 2023, "share": "65"}, "organisation"),
               ({"area": self.fittja.pk, "organisation": self.municipality.pk, "year": 2023,
                 "share": "65"}, "organisation"),
               ({"area": self.rosengard.pk, "year": 2023, "share": "65"}, "area"),
               ({"area": self.fittja.pk, "year": 2023, "share": "65", "question": "x"},
                "question")]
        for data, field in bad:
            with self.subTest(data=data), self.assertRaises(InputError) as caught:
                do_set_target(self.bob, self.est, data)
            self.assertIn(field, caught.exception.errors)
        self.assertFalse(Target.objects.exists())

    def test_it_parses_shares(self):
        self.assertEqual(str(parse_target_percent("65")), "0.650")
        self.assertEqual(str(parse_target_percent(" 64,5 % ")), "0.645")
        self.assertEqual(str(parse_target_percent("0")), "0.000")
        self.assertIsNone(parse_target_percent("100.5"))
        self.assertIsNone(parse_target_percent("-3"))

    def status(self, k, n, **target):
        Target.objects.all().delete()
        AnswerCount.objects.all().delete()
        Survey.objects.all().delete()
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (k, n)})
        Target.objects.create(collaboration=self.est, year=2023, **target)
        view = overview(self.bob, self.est)
        return next(s for s in view.areas if s.name == "Fittja").latest

    def test_status_is_met_within_reach_or_missed(self):
        self.assertEqual(self.status(66, 100, area=self.fittja, share=0.65).target_status, MET)
        self.assertEqual(self.status(60, 100, area=self.fittja, share=0.65).target_status,
                         WITHIN_REACH)
        self.assertEqual(self.status(500, 1000, area=self.fittja, share=0.65).target_status,
                         MISSED)

    def test_an_area_is_held_against_its_own_target_first_else_the_owners(self):
        point = self.status(66, 100, organisation=self.housing, share=0.70)
        self.assertEqual((point.target, point.target_status), (0.70, WITHIN_REACH))
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2023, share=0.65)
        point = next(s for s in overview(self.bob, self.est).areas if s.name == "Fittja").latest
        self.assertEqual((point.target, point.target_status), (0.65, MET))

    def test_the_target_is_the_one_of_the_year_of_period_end(self):
        # Helsingborgshem: 64 % at the end of 2022, the target of 65 % is for 2023.
        self.survey("Kundbarometern 2022", date(2022, 12, 31), {self.fittja: (64, 100)})
        Target.objects.create(collaboration=self.est, organisation=self.housing, year=2023,
                              share=0.65)
        view = overview(self.bob, self.est)
        fittja = next(s for s in view.areas if s.name == "Fittja")
        self.assertIsNone(fittja.latest.target_status)
        self.assertEqual(view.book.next_for(fittja), (2023, 0.65))
        svg = charts.share_svg(fittja, view.lines(fittja))
        ElementTree.fromstring(svg)
        self.assertIn('class="target"', svg)
        self.assertIn("Mål 2023: 65 %", svg)
        org = next(s for s in view.organisations if s.name == "Fittjabyggen")
        self.assertEqual(load_targets(self.est).for_organisation(org.key, 2023), 0.65)


NOW = datetime(2025, 6, 18, 10, 0).astimezone(weeks.STOCKHOLM)  # a Wednesday in 2025-W25


class SuppressionAndProviderTests(SurveyCase):
    def test_a_change_is_only_measured_against_the_same_provider(self):
        self.survey("AktivBo 2022", date(2022, 12, 31), {self.fittja: (500, 1000)})
        police = self.survey("Polisen 2023", date(2023, 6, 30), {self.fittja: (900, 1000)})
        police.provider = "police"
        police.save()
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (600, 1000)})
        latest = self.area_series(self.bob).latest
        self.assertEqual(latest.before.period.title, "AktivBo 2022")
        self.assertAlmostEqual(latest.change.pp, 10.0)

    def test_an_overlapping_round_is_not_compared(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (500, 1000)})
        self.survey("AktivBo 2023b", date(2024, 1, 31), {self.fittja: (600, 1000)})
        self.assertIsNone(self.area_series(self.bob).latest.change)

    def test_tiny_and_open_cells_are_hidden_and_not_compared(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (500, 1000)})
        self.survey("Liten", date(2024, 12, 31), {self.fittja: (0, 1)})
        series = self.area_series(self.bob)
        self.assertTrue(series.latest.hidden)
        self.assertIsNone(series.latest.change)
        self.assertEqual(indicators.hidden_text(series.latest), "för få svar (n = 1)")
        self.survey("Öppen", date(2025, 12, 31), {self.fittja: (300, 1000)}, is_open=True)
        latest = self.area_series(self.bob).latest
        self.assertTrue(latest.hidden)
        self.assertIsNone(latest.change)

    def test_shared_only_leaves_out_unshared_surveys(self):
        self.survey("Intern", date(2023, 12, 31), {self.fittja: (10, 100)}, shared=False)
        self.assertTrue(indicators.load(self.alice, self.est).has_unshared)
        data = indicators.load(self.alice, self.est, shared_only=True)
        self.assertFalse(data.has_data)

    def test_targets_load_in_a_fixed_order(self):
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2024,
                              share=0.70)
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2024,
                              share=0.60)
        with CaptureQueriesContext(connection) as queries:
            book = load_targets(self.est)
        self.assertIn("ORDER BY", queries[0]["sql"])
        self.assertEqual(book.for_area(self.fittja.pk, None, 2024), 0.60)  # newest wins


class AttentionTests(SurveyCase):
    def items(self, user=None):
        return attention.attention_items(user or self.bob, self.est)

    def rules(self, user=None):
        return [(i.area.name, i.rule, i.action) for i in self.items(user)]

    def test_a_significant_fall_suggests_a_safety_walk(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (640, 1000)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (580, 1000)})
        self.assertEqual(self.rules(), [("Fittja", attention.FELL, attention.SAFETY_WALK)])
        [item] = self.items()
        self.assertEqual(item.problem, "Trygghetsvandring i Fittja")
        self.assertIn("från 64 % (n = 1000, AktivBo 2023) till 58 % (n = 1000, AktivBo 2024)",
                      item.reason)
        self.assertIn("−6,0 procentenheter", item.reason)

    def test_a_fall_that_is_not_significant_is_not_listed(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (64, 100)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (58, 100)})
        self.assertEqual(self.rules(), [])

    def test_a_rise_is_never_listed(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (580, 1000)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (640, 1000)})
        self.assertEqual(self.rules(), [])

    def test_below_target_suggests_door_knocking(self):
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (60, 100),
                                                         self.alby: (70, 100)})
        Target.objects.create(collaboration=self.est, organisation=self.housing, year=2024,
                              share=0.65)
        self.assertEqual(self.rules(),
                         [("Fittja", attention.BELOW_TARGET, attention.DOOR_KNOCKING)])
        [item] = self.items()
        self.assertEqual(item.reason, "I Fittja är andelen ”Trygg i bostadsområdet” 60 % "
                                      "(n = 100, 95 % KI 50–69 %) i AktivBo 2024, under målet "
                                      "65 % för 2024 (inom räckhåll).")

    def test_an_open_survey_is_not_held_against_anything(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (640, 1000)})
        self.survey("Egen enkät", date(2024, 12, 31), {self.fittja: (400, 1000)}, is_open=True)
        self.assertEqual(self.rules(), [])

    def reports(self, week_key: int, count: int, area=None, organisation=None,
                visibility=Visibility.SHARED):
        moment = weeks.week_bounds(week_key)[0] + timedelta(days=2, hours=20)
        Report.objects.bulk_create(Report(
            collaboration=self.est, organisation=organisation or self.municipality,
            occurred_at=moment, iso_week=week_key, area=area or self.fittja,
            category="graffiti", level="disturbance", visibility=visibility)
            for _ in range(count))

    def rising(self, before: int, after: int, fall=True, **extra):
        # period_end 2024-06-16 is in 2024-W24, 2025-06-15 in 2025-W24.
        self.survey("Trygghetsmätning 2024", date(2024, 6, 16), {self.fittja: (64, 100)})
        self.survey("Trygghetsmätning 2025", date(2025, 6, 15),
                    {self.fittja: (62 if fall else 66, 100)})
        self.reports(202412, before // 2, **extra)  # first of the 13 weeks (W12–W24)
        self.reports(202424, before - before // 2, **extra)
        self.reports(202511, 50, **extra)  # the week before the window: not counted
        self.reports(202512, after, **extra)

    def test_more_reports_while_the_share_fell_suggests_extra_rounds(self):
        self.rising(10, 16)  # +6 reports, +60 %, share 64 % → 62 % (not significant)
        self.assertEqual(self.rules(),
                         [("Fittja", attention.REPORTS_ROSE, attention.EXTRA_ROUNDS)])
        [item] = self.items()
        self.assertEqual((item.reports_before, item.reports_after), (10, 16))
        self.assertIn("från 10 till 16 (+60 %) under de 13 veckorna före mätningen",
                      item.reason)
        self.assertEqual(item.problem, "Extra rundor med trygghetsjour/väktare i Fittja")

    def test_a_small_rise_in_reports_is_not_enough(self):
        self.rising(10, 14)  # +4 reports
        self.assertEqual(self.rules(), [])

    def test_a_rise_under_a_fifth_is_not_enough(self):
        self.rising(40, 47)  # +7 reports but +17.5 %
        self.assertEqual(self.rules(), [])

    def test_more_reports_while_the_share_rose_is_not_listed(self):
        self.rising(10, 30, fall=False)
        self.assertEqual(self.rules(), [])

    def test_reports_the_user_may_not_see_are_not_counted(self):
        self.rising(10, 16, organisation=self.housing, visibility=Visibility.INTERNAL)
        self.assertEqual(self.rules(self.bob), [])
        # alice sees her organisation's internal reports, but they never make an item
        # that can go to the shared meeting …
        self.assertEqual(self.rules(self.alice), [])
        # … only one marked internal on her own page
        [item] = attention.with_internal(self.alice, self.est)
        self.assertEqual((item.rule, item.internal), (attention.REPORTS_ROSE, True))

    def test_unshared_surveys_give_only_internal_items_that_cannot_be_sent(self):
        housing_coordinator = make_user("hugo", self.housing, Role.COORDINATOR)
        self.survey("Intern 2023", date(2023, 12, 31), {self.fittja: (640, 1000)},
                    shared=False)
        self.survey("Intern 2024", date(2024, 12, 31), {self.fittja: (580, 1000)},
                    shared=False)
        self.assertEqual(attention.attention_items(housing_coordinator, self.est), [])
        [item] = attention.with_internal(housing_coordinator, self.est)
        self.assertEqual((item.rule, item.internal), (attention.FELL, True))
        with self.assertRaises(InputError):
            attention.do_send_to_agenda(housing_coordinator, self.est, item)
        self.assertFalse(Priority.objects.exists())

    def test_a_fall_needs_30_answers_on_both_sides(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (20, 20)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (0, 20)})
        self.assertEqual(self.rules(), [])

    def test_cells_under_the_minimum_size_give_no_item(self):
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2024,
                              share=0.65)
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (1, 7)})
        self.assertEqual(self.rules(), [])

    def test_report_windows_are_the_13_weeks_up_to_each_period_end(self):
        self.rising(10, 16)
        [item] = self.items()
        before, after = attention.report_windows(item.latest, item.previous)
        self.assertEqual((before[0], before[-1], len(before)), (202412, 202424, 13))
        self.assertEqual((after[0], after[-1], len(after)), (202512, 202524, 13))

    @mock.patch("django.utils.timezone.now", return_value=NOW)
    def test_sending_puts_one_priority_on_this_weeks_meeting(self, _now):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (640, 1000)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (580, 1000)})
        [item] = self.items()
        priority, created = attention.do_send_to_agenda(self.bob, self.est, item)
        self.assertTrue(created)
        meeting = Meeting.objects.get()
        self.assertEqual((meeting.collaboration, meeting.iso_week), (self.est, 202525))
        self.assertEqual(priority.meeting, meeting)
        self.assertEqual(priority.area, self.fittja)
        self.assertEqual(priority.problem, "Trygghetsvandring i Fittja")
        self.assertIn("(n = 1000, AktivBo 2024)", priority.reason)
        again, created = attention.do_send_to_agenda(self.bob, self.est, self.items()[0])
        self.assertFalse(created)
        self.assertEqual(again, priority)
        self.assertEqual(Priority.objects.count(), 1)
        self.assertEqual(attention.already_on_agenda(self.est, self.items()),
                         {f"{self.fittja.pk}:fell"})

    @mock.patch("django.utils.timezone.now", return_value=NOW)
    def test_the_same_area_may_get_two_different_actions(self, _now):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (640, 1000)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (580, 1000)})
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2024, share=0.65)
        for item in self.items():
            attention.do_send_to_agenda(self.bob, self.est, item)
        self.assertEqual(sorted(Priority.objects.values_list("problem", flat=True)),
                         ["Dörrknackning i Fittja", "Trygghetsvandring i Fittja"])

    def test_reporters_and_viewers_cannot_send(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (640, 1000)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (580, 1000)})
        [item] = self.items()
        for user in (self.alice, self.polly, self.hanna):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                attention.do_send_to_agenda(user, self.est, item)
        self.assertFalse(Meeting.objects.exists())


@pytest.mark.parametrize("values,expected", [([40, 44], (30, 50)), ([2, 9], (0, 20)),
                                             ([95, 99.5], (80, 100))])
def test_the_chart_scale_is_whole_tens_at_least_20_points(values, expected):
    assert charts._y_range(values) == expected
