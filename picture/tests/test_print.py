"""The printable picture: charts as SVG, the HTML that goes into the PDF, the PDF, the CLI."""

import io
import tempfile
from pathlib import Path
from xml.etree import ElementTree

import h3
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.core.management.base import CommandError
from weasyprint import HTML

from meetings.models import Meeting
from meetings.services import do_add_assignment, do_add_priority, do_open_meeting
from picture import charts
from picture.hotspots import Hotspot
from picture.map import MapData, map_data
from picture.pdf import render_html, render_pdf
from picture.recurrence import RecurringPlace
from picture.weekly import Change, PictureFilter, WeeklyPicture, build_picture
from reports import weeks
from tryggve.test import FITTJA, ReportsTestCase

WEEK = 202523  # alice's two reports (ReportsTestCase)


class ChartsTestCase(ReportsTestCase):
    def picture(self, series) -> WeeklyPicture:
        return WeeklyPicture(collaboration=self.est, week=WEEK, filter=PictureFilter(),
                             total=Change(), areas=[], groups=[], categories=[],
                             series_weeks=weeks.window(WEEK, 52), series=series)

    def test_it_draws_one_line_per_area_and_escapes_names(self):
        svg = charts.series_svg(self.picture([("Fittja", [1] * 52), ("A<B & C", [0] * 51 + [7])]))
        ElementTree.fromstring(svg)  # well-formed
        self.assertEqual(svg.count("<polyline"), 2)
        self.assertIn("A&lt;B &amp; C", svg)
        self.assertNotIn("A<B", svg)
        self.assertIn(">V23<", svg)  # the picture's week is labelled on the x axis
        self.assertIn('class="this-week"', svg)

    def test_it_draws_a_chart_without_reports(self):
        svg = charts.series_svg(self.picture([]))
        ElementTree.fromstring(svg)
        self.assertNotIn("<polyline", svg)
        self.assertIn("Inga rapporter", svg)

    def test_it_maps_hotspots_points_and_recurring_places(self):
        cell = h3.latlng_to_cell(59.247, 17.86, 9)
        data = MapData(
            points=[{"id": "a", "latitude": 59.247, "longitude": 17.86, "category": "graffiti",
                     "level": "acute", "occurred_at": ""},
                    {"id": "b", "latitude": 59.248, "longitude": 17.861, "category": "graffiti",
                     "level": "preventive", "occurred_at": ""}],
            cells=[{"cell": cell, "count": 2,
                    "boundary": [list(p) for p in h3.cell_to_boundary(cell)]}],
            hotspots=[Hotspot(cell, 2, 2.5, 0.012)],
            areas=[{"id": 1, "name": "Fittja <norr>", "polygon": FITTJA}], truncated=False)
        spot = RecurringPlace("cell", cell, "drugs", {202521, 202522, 202523}, 4,
                              label="Plats & torg", latitude=59.247, longitude=17.86)
        svg = charts.map_svg(data, [spot])
        ElementTree.fromstring(svg)
        self.assertEqual(svg.count('class="hotspot"'), 1)
        self.assertEqual(svg.count('class="point"'), 2)
        self.assertIn(charts.LEVEL_COLOURS["acute"], svg)
        self.assertEqual(svg.count('class="recurring"'), 1)
        self.assertIn("Plats &amp; torg", svg)
        self.assertIn("Fittja &lt;norr&gt;", svg)

    def test_it_maps_a_point_per_visible_report(self):
        for user, expected in ((self.alice, 2), (self.bob, 1)):
            svg = charts.map_svg(map_data(user, self.est, WEEK, PictureFilter()))
            self.assertEqual(svg.count('class="point"'), expected)

    def test_it_maps_nothing_gracefully(self):
        svg = charts.map_svg(MapData([], [], [], [], False))
        ElementTree.fromstring(svg)
        self.assertIn("Inga områden", svg)


class PrintTestCase(ReportsTestCase):
    def test_it_renders_a_pdf(self):
        pdf = render_pdf(self.bob, self.est, WEEK)
        self.assertTrue(pdf.startswith(b"%PDF"))
        document = HTML(string=render_html(self.bob, self.est, WEEK)).render()
        self.assertGreaterEqual(len(document.pages), 1)
        headings = [mark[1] for page in document.pages for mark in page.bookmarks]
        self.assertIn("Lägesbild v. 2025-W23 – EST Testkommun", headings)

    def test_it_shows_the_week_in_numbers(self):
        html = render_html(self.alice, self.est, WEEK)
        self.assertIn("Lägesbild v. 2025-W23 – EST Testkommun", html)
        self.assertIn("2 juni – 8 juni 2025", html)
        self.assertIn("Visar det som alice får se", html)
        self.assertIn("Klotter", html)
        self.assertIn("<svg", html)
        self.assertIn("<polyline", html)

    def test_it_keeps_internal_reports_out_of_bobs_pdf(self):
        bobs = render_html(self.bob, self.est, WEEK)
        self.assertNotIn("Fynd av narkotika", bobs)
        self.assertNotIn("interna rapporter", bobs)
        alices = render_html(self.alice, self.est, WEEK)
        self.assertIn("Fynd av narkotika", alices)
        self.assertIn("interna rapporter", alices)

    def test_it_refuses_non_members(self):
        with self.assertRaises(PermissionDenied):
            render_html(self.charlie, self.est, WEEK)
        with self.assertRaises(PermissionDenied):
            render_pdf(self.charlie, self.est, WEEK)

    def test_it_prints_the_meeting_and_the_follow_up(self):
        before = do_open_meeting(self.bob, self.est, 202522, [self.police.pk])
        do_add_assignment(self.bob, before, {
            "resource": "security_guard", "responsible": self.housing.pk,
            "area": self.fittja.pk, "starts_at": "2025-05-30 19:00",
            "ends_at": "2025-05-30 23:00", "task": "Rondering vid torget"})
        meeting = do_open_meeting(self.bob, self.est, WEEK,
                                  [self.police.pk, self.municipality.pk])
        do_add_priority(self.bob, meeting, {"problem": "Klotter <vid> torget",
                                            "place": self.square.pk})
        do_add_assignment(self.bob, meeting, {
            "resource": "police", "responsible": self.police.pk, "area": self.fittja.pk,
            "starts_at": "2025-06-13 20:00", "ends_at": "2025-06-13 23:30",
            "task": "Synlig närvaro"})
        html = render_html(self.polly, self.est, WEEK)
        self.assertIn("Deltagare:</b> Polisen, Testkommun", html)
        self.assertIn("Klotter &lt;vid&gt; torget", html)
        self.assertIn("Synlig närvaro", html)
        self.assertIn("fre 13/6 20:00–23:30", html)
        self.assertIn("Uppföljning av förra mötets uppdrag (v. 2025-W22)", html)
        self.assertIn("Rondering vid torget", html)
        self.assertIn("Fler rapporter", html)  # polly sees 0 reports in Fittja in W22, 1 in W23
        self.assertEqual(Meeting.objects.count(), 2)

    def test_it_says_when_there_is_no_meeting(self):
        html = render_html(self.bob, self.est, WEEK)
        self.assertIn("Inget möte är registrerat för veckan.", html)

    def test_it_follows_the_filter(self):
        pfilter = PictureFilter(group="drugs")
        html = render_html(self.alice, self.est, WEEK, pfilter)
        self.assertIn("Urval: Narkotika", html)
        self.assertNotIn(">Klotter<", html)
        self.assertEqual(build_picture(self.alice, self.est, WEEK, pfilter).total.now, 1)


class PictureCommandTestCase(ReportsTestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = Path(self.dir.name) / "bild.pdf"

    def tearDown(self):
        self.dir.cleanup()

    def test_it_writes_the_pdf(self):
        call_command("picture", "test", "2025-W23", pdf=str(self.path), user="bob",
                     stdout=(out := io.StringIO()))
        self.assertTrue(self.path.read_bytes().startswith(b"%PDF"))
        self.assertIn(str(self.path), out.getvalue())
        self.assertIn("kB", out.getvalue())

    def test_it_acts_as_the_console_without_a_user(self):
        call_command("picture", "test", "2025W23", pdf=str(self.path), stdout=io.StringIO())
        self.assertTrue(self.path.exists())

    def test_it_rejects_a_week_that_does_not_exist(self):
        with self.assertRaisesMessage(CommandError, "År 2025 har ingen vecka 54"):
            call_command("picture", "test", "2025-W54", pdf=str(self.path))
        self.assertFalse(self.path.exists())

    def test_it_rejects_an_unknown_collaboration(self):
        with self.assertRaisesMessage(CommandError, "Ingen samverkan 'nowhere'"):
            call_command("picture", "nowhere", "2025-W23", pdf=str(self.path))

    def test_it_rejects_users_outside_the_collaboration(self):
        with self.assertRaisesMessage(CommandError, "charlie är inte medlem"):
            call_command("picture", "test", "2025-W23", pdf=str(self.path), user="charlie")
        with self.assertRaises(CommandError):
            call_command("picture", "test", "2025-W23", pdf=str(self.path), user="nobody")
        self.assertFalse(self.path.exists())

