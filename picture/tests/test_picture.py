from datetime import timedelta

from orgs.models import Place
from picture.recurrence import recurring_places, recurs
from picture.weekly import PictureFilter, build_picture
from reports import weeks
from reports.intake import do_create_report
from tryggve.test import BaseTestCase

WEEK = 202523  # 2 June 2025


def in_week(key: int, hours: int = 20) -> str:
    return (weeks.week_bounds(key)[0] + timedelta(hours=hours)).isoformat()


def report(user, key: int, **data):
    base = {"category": "graffiti", "place": "Fittja torg", "occurred_at": in_week(key)}
    return do_create_report(user, base | data).report


def test_it_recurs_at_exactly_the_threshold():
    window = [202520, 202521, 202522, 202523]
    assert recurs({202521, 202522, 202523}, window, 3)
    assert not recurs({202522, 202523}, window, 3)
    assert not recurs({202518, 202519, 202523}, window, 3)  # outside the window
    assert recurs({202520, 202523}, window, 2)


class WeeklyPictureTestCase(BaseTestCase):
    def test_it_counts_the_week_against_previous_weeks_and_last_year(self):
        for _ in range(6):
            report(self.alice, WEEK)
        for back in range(1, 5):
            report(self.alice, weeks.shift(WEEK, -back))  # one a week before
        report(self.alice, weeks.same_week_last_year(WEEK))
        report(self.alice, weeks.same_week_last_year(WEEK))
        picture = build_picture(self.bob, self.est, WEEK)
        self.assertEqual(picture.total.now, 6)
        self.assertEqual(picture.total.previous_mean, 1.0)
        self.assertEqual(picture.total.vs_previous, 500.0)
        self.assertEqual(picture.total.last_year, 2)
        self.assertEqual(picture.total.trend, "up")
        fittja = next(row for row in picture.areas if row.area == self.fittja)
        self.assertEqual(fittja.by_group["physical_disorder"].now, 6)
        self.assertEqual(picture.categories[0][0].code, "graffiti")
        self.assertEqual(sum(dict(picture.series)["Fittja"]), 6 + 4)

    def test_it_counts_only_what_the_user_may_see(self):
        report(self.alice, WEEK)
        report(self.alice, WEEK, visibility="internal")
        self.assertEqual(build_picture(self.alice, self.est, WEEK).total.now, 2)
        self.assertEqual(build_picture(self.bob, self.est, WEEK).total.now, 1)
        self.assertEqual(build_picture(self.charlie, self.est, WEEK).total.now, 0)

    def test_it_filters_by_group_area_and_level(self):
        report(self.alice, WEEK)
        report(self.alice, WEEK, category="shooting")
        report(self.alice, WEEK, category="noise", place="", property="Albyvägen 10")
        self.assertEqual(build_picture(self.bob, self.est, WEEK,
                                       PictureFilter(group="violence")).total.now, 1)
        self.assertEqual(build_picture(self.bob, self.est, WEEK,
                                       PictureFilter(area_id=self.alby.pk)).total.now, 1)
        self.assertEqual(build_picture(self.bob, self.est, WEEK,
                                       PictureFilter(level="acute")).total.now, 1)

    def test_it_handles_the_turn_of_the_year(self):
        report(self.alice, 202601)
        report(self.alice, 202552)
        picture = build_picture(self.bob, self.est, 202601)
        self.assertEqual(picture.total.now, 1)
        self.assertEqual(picture.total.previous, [0, 0, 0, 1])
        self.assertEqual(picture.previous_week, 202552)


class RecurrenceTestCase(BaseTestCase):
    def test_it_flags_a_place_with_reports_in_three_of_four_weeks(self):
        for key in (202521, 202522, 202523):
            report(self.alice, key)
        spots = recurring_places(self.bob, self.est, WEEK)
        place = next(s for s in spots if s.kind == "place")
        self.assertEqual(place.label, "Fittja torg (Fittja)")
        self.assertEqual(place.group, "physical_disorder")
        self.assertEqual(place.weeks, {202521, 202522, 202523})
        # The H3 cell of the place is not flagged a second time.
        self.assertFalse([s for s in spots if s.kind == "cell"
                          and s.group == "physical_disorder"])

    def test_it_does_not_flag_two_weeks_or_another_group(self):
        report(self.alice, 202522)
        report(self.alice, 202523)
        report(self.alice, 202521, category="noise")
        self.assertEqual(recurring_places(self.bob, self.est, WEEK), [])

    def test_it_follows_the_collaborations_thresholds(self):
        for key in (202522, 202523):
            report(self.alice, key)
        self.est.recurrence_window_weeks, self.est.recurrence_min_weeks = 3, 2
        self.est.save()
        self.assertEqual(len([s for s in recurring_places(self.bob, self.est, WEEK)
                              if s.kind == "place"]), 1)

    def test_it_flags_an_unnamed_spot_by_its_h3_cell(self):
        for key in (202521, 202522, 202523):
            report(self.alice, key, place="", latitude=59.2501, longitude=17.8702)
        spots = recurring_places(self.bob, self.est, WEEK)
        self.assertEqual([s.kind for s in spots], ["cell"])

    def test_it_ignores_internal_reports_of_other_organisations(self):
        for key in (202521, 202522, 202523):
            report(self.alice, key, visibility="internal")
        self.assertEqual(recurring_places(self.bob, self.est, WEEK), [])
        [spot] = recurring_places(self.alice, self.est, WEEK)
        self.assertTrue(spot.rests_on_internal)
        report(self.alice, 202520)
        report(self.alice, 202521)
        report(self.alice, 202522)
        [spot] = recurring_places(self.alice, self.est, WEEK)
        self.assertFalse(spot.rests_on_internal)


class PicturePageTestCase(BaseTestCase):
    def test_it_shows_the_picture_with_drill_down_links(self):
        report(self.alice, WEEK)
        report(self.alice, WEEK, visibility="internal", category="drugs_found")
        self.client.force_login(self.bob)
        r = self.client.get("/picture/test/2025-W23/")
        self.assertContains(r, "Lägesbild vecka 2025-W23")
        self.assertContains(r, "1 rapporter")
        self.assertContains(r, f"collaboration=test&amp;week=2025-W23&amp;area={self.fittja.pk}"
                               "&amp;group=physical_disorder")
        self.assertNotContains(r, "Fynd av narkotika")
        self.assertContains(r, 'rel="prev"')

    def test_it_builds_the_page_in_a_fixed_number_of_queries(self):
        for key in (202521, 202522, 202523):
            for _ in range(3):
                report(self.alice, key)
        for i in range(5):
            Place.objects.create(collaboration=self.est, area=self.fittja, name=f"Plats {i}",
                                 latitude=59.245 + i / 1000, longitude=17.86)
        self.client.force_login(self.bob)
        with self.assertNumQueries(14):
            self.client.get("/picture/test/2025-W23/")

    def test_it_refuses_a_week_that_does_not_exist(self):
        self.client.force_login(self.bob)
        r = self.client.get("/picture/test/2025-W54/")
        self.assertContains(r, "ingen vecka 54", status_code=400)
        r = self.client.get("/api/picture/test/2025-W54", headers={})
        self.assertEqual(r.status_code, 422)
        self.assertIn("week", r.json()["errors"])

    def test_it_hides_collaborations_the_user_is_not_a_member_of(self):
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get("/picture/test/2025-W23/").status_code, 404)
        self.assertEqual(self.client.get("/api/picture/test/2025-W23").status_code, 404)
        self.assertEqual(self.client.get("/api/picture/test/2025-W23/map").status_code, 404)

    def test_it_keeps_internal_reports_of_others_off_the_map(self):
        mine = report(self.alice, WEEK, visibility="internal", place="",
                      latitude=59.2501, longitude=17.8702)
        shared = report(self.alice, WEEK)
        self.client.force_login(self.bob)
        data = self.client.get("/api/picture/test/2025-W23/map").json()
        self.assertEqual([p["id"] for p in data["points"]], [str(shared.pk)])
        self.assertNotIn(mine.h3_cell, [c["cell"] for c in data["cells"]])
        self.client.force_login(self.alice)
        data = self.client.get("/api/picture/test/2025-W23/map").json()
        self.assertEqual(len(data["points"]), 2)

    def test_it_serves_the_picture_as_json(self):
        report(self.alice, WEEK)
        self.client.force_login(self.bob)
        data = self.client.get("/api/picture/test/2025-W23", {"group": "physical_disorder"}).json()
        self.assertEqual(data["total"]["now"], 1)
        self.assertEqual(data["week"], "2025-W23")
        r = self.client.get("/api/picture/test/2025-W23", {"group": "ufo"})
        self.assertEqual(r.status_code, 422)
        self.assertIn("group", r.json()["errors"])


class DrillDownTestCase(BaseTestCase):
    def test_it_lists_the_reports_behind_a_recurring_place(self):
        for key in (202521, 202522, 202523):
            report(self.alice, key)
        report(self.alice, 202523, category="noise")  # same place, another group
        report(self.alice, 202523, visibility="internal")  # not bob's to see
        spot = recurring_places(self.bob, self.est, WEEK)[0]
        self.client.force_login(self.bob)
        r = self.client.get("/reports/", spot.report_filter | {"collaboration": "test"})
        self.assertContains(r, "3 avvikelser")
        self.assertContains(r, "Fittja torg")
        self.assertContains(r, "från 2025-W21")
        # Changing a form filter keeps the drill-down.
        self.assertContains(r, '<input type="hidden" name="place"')

    def test_it_refuses_nonsense_drill_downs(self):
        self.client.force_login(self.bob)
        r = self.client.get("/reports/", {"week_from": "2025-W54", "level": "extreme"})
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Okänd nivå", status_code=400)
