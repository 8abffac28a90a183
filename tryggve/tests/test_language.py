"""Swedish first, English second: English only for those who chose it in the header."""

import json
from datetime import timedelta

from django.utils import translation
from django.utils.translation import gettext

from picture.pdf import render_html
from reports import weeks
from reports.intake import do_create_report
from tryggve.test import BaseTestCase

WEEK = 202523


def in_week(key: int) -> str:
    return (weeks.week_bounds(key)[0] + timedelta(hours=20)).isoformat()


class LanguageTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.alice)

    def choose(self, language: str, next_url: str = "/reports/new/"):
        r = self.client.post("/i18n/setlang/", {"language": language, "next": next_url})
        self.assertRedirects(r, next_url, fetch_redirect_response=False)
        return r

    def bad_form(self):
        return self.client.post("/reports/new/", {"category": "", "text": "Behåll texten"})

    def test_it_shows_the_form_in_swedish_even_when_the_browser_asks_for_english(self):
        r = self.client.get("/reports/new/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(r, '<html lang="sv">')
        self.assertContains(r, "<h1>Rapportera avvikelse</h1>")
        self.assertContains(r, '<optgroup label="Fysisk miljö och skadegörelse">')
        self.assertContains(r, ">Klotter</option>")
        self.assertContains(r, ">English</button>")
        self.assertNotContains(r, "Report a deviation")
        self.assertEqual(r["Content-Language"], "sv")

    def test_it_shows_the_form_in_english_after_choosing_english(self):
        self.choose("en")
        r = self.client.get("/reports/new/")
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "<h1>Report a deviation</h1>")
        self.assertContains(r, '<optgroup label="Physical disorder">')
        self.assertContains(r, ">Graffiti</option>")
        self.assertContains(r, ">Preventive</option>")  # the level labels
        self.assertContains(r, ">Shared with the collaboration</option>")
        self.assertContains(r, 'data-chosen="Chosen point"')  # the map script's sentences
        self.assertContains(r, ">Svenska</button>")
        self.assertNotContains(r, "Rapportera avvikelse")

    def test_it_explains_bad_input_in_english_after_choosing_english(self):
        self.choose("en")
        r = self.bad_form()
        self.assertContains(r, "The report was not saved.", status_code=400)
        self.assertContains(r, "Choose a category.", status_code=400)
        self.assertContains(r, "Behåll texten", status_code=400)
        self.assertNotContains(r, "Välj en kategori.", status_code=400)

    def test_it_goes_back_to_swedish_when_swedish_is_chosen(self):
        self.choose("en")
        self.choose("sv")
        r = self.client.get("/reports/new/")
        self.assertContains(r, "<h1>Rapportera avvikelse</h1>")
        self.assertContains(r, ">Klotter</option>")
        self.assertContains(self.bad_form(), "Välj en kategori.", status_code=400)

    def test_it_falls_back_to_swedish_for_a_language_it_does_not_offer(self):
        self.client.cookies["django_language"] = "de"
        r = self.client.get("/reports/new/")
        self.assertContains(r, '<html lang="sv">')
        self.assertContains(r, "<h1>Rapportera avvikelse</h1>")

    def test_it_tells_in_english_what_was_masked_and_lists_reports_in_english(self):
        self.choose("en")
        r = self.client.post("/reports/new/", self.report_data(text="Mejla anna@example.se"),
                             follow=True)
        self.assertContains(r, "Thank you! The report has been saved.")
        self.assertContains(r, "The text contained an e-mail address, which has been masked.")
        r = self.client.get("/reports/")
        self.assertContains(r, "<strong>Graffiti</strong>")
        self.assertContains(r, "1 deviation<")

    def test_it_offers_the_switch_on_the_login_page(self):
        self.client.logout()
        r = self.client.get("/login/")
        self.assertContains(r, 'action="/i18n/setlang/"')
        self.assertContains(r, "<h1>Logga in</h1>")
        self.choose("en", "/login/")
        self.assertContains(self.client.get("/login/"), "<h1>Log in</h1>")

    def test_it_answers_the_api_in_the_chosen_language(self):
        self.choose("en")
        r = self.client.post("/api/reports", json.dumps({"category": "graffiti",
                                                         "place": "Månen"}),
                             content_type="application/json")
        self.assertEqual(r.status_code, 422)
        body = r.json()
        self.assertEqual(body["detail"], "The report could not be accepted.")
        self.assertEqual(body["errors"]["place"],
                         ["Cannot find the place 'Månen' in EST Testkommun."])
        r = self.client.get("/api/reports", {"week": "2025-W54"})
        self.assertEqual(r.json()["errors"]["week"], ["Year 2025 has no week 54 (it has 52)."])

    def test_it_leaves_no_english_behind_after_an_english_request(self):
        self.choose("en")
        self.client.get("/reports/new/")
        self.assertEqual(gettext("Välj en kategori."), "Välj en kategori.")

    def report_at_the_square(self, key: int, **extra):
        data = {"category": "graffiti", "place": "Fittja torg", "occurred_at": in_week(key)}
        return do_create_report(self.alice, data | extra).report

    def test_it_shows_the_picture_in_english(self):
        for key in (202521, 202522, WEEK):
            self.report_at_the_square(key)
        self.client.force_login(self.bob)
        self.choose("en")
        r = self.client.get("/picture/test/2025-W23/")
        self.assertContains(r, '<html lang="en">')
        self.assertContains(r, "<h1>Situational picture, week 2025-W23")
        self.assertContains(r, "<h2>Area × category group</h2>")
        self.assertContains(r, "<h2>Categories</h2>")
        self.assertContains(r, "<th>Physical disorder</th>")  # the group labels
        self.assertContains(r, ">Physical disorder</option>")
        self.assertContains(r, "Fittja torg (Fittja)</strong> · Physical disorder")
        self.assertContains(r, "Reports in 3 of 4 weeks")
        self.assertContains(r, ">Graffiti</a>")
        self.assertNotContains(r, "Lägesbild vecka")
        self.assertNotContains(r, "Fysisk miljö")

    def test_it_runs_the_meeting_in_english(self):
        self.client.force_login(self.bob)
        self.choose("en")
        r = self.client.post("/meetings/test/2025-W23/assignments/", {
            "resource": "police", "place": self.square.pk, "starts_at": "2025-06-09T19:00",
            "ends_at": "2025-06-09T23:00"}, follow=True)
        self.assertContains(r, "<h1>EST meeting, week 2025-W23")
        self.assertContains(r, "<h2>Agenda</h2>")
        self.assertContains(r, "<h2>Priorities</h2>")
        self.assertContains(r, "<summary>Add an assignment</summary>")
        self.assertContains(r, ">Security guards</option>")  # the resource choices
        self.assertContains(r, "Say which organisation is responsible.")
        self.assertNotContains(r, "Ange vilken organisation som ansvarar.")
        self.assertNotContains(r, "Dagordning")

    def test_it_prints_the_pdf_in_english(self):
        self.report_at_the_square(WEEK)
        with translation.override("en"):
            html = render_html(self.alice, self.est, WEEK)
        self.assertIn('<html lang="en">', html)
        self.assertIn("<h1>Situational picture w. 2025-W23 – EST Testkommun</h1>", html)
        self.assertIn("Week 23: 2 June – 8 June 2025", html)
        self.assertIn("Shows what alice may see", html)
        self.assertIn("Physical disorder", html)
        self.assertIn("No meeting has been recorded for the week.", html)
        self.assertIn(">Acute</text>", html)  # the map's legend
        self.assertNotIn("Lägesbild", html)
        self.assertNotIn("Fysisk miljö", html)
        # Asked for explicitly, and Swedish again by default.
        self.assertIn("Page ", render_html(self.alice, self.est, WEEK, language="en"))
        self.assertIn("<h1>Lägesbild v. 2025-W23", render_html(self.alice, self.est, WEEK))

    def test_it_answers_the_picture_api_in_the_chosen_language(self):
        self.report_at_the_square(WEEK, place="", latitude=59.247, longitude=17.86)
        self.choose("en")
        r = self.client.get("/api/picture/test/2025-W23", {"area": "nowhere"})
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["errors"]["area"], ["Cannot find the area 'nowhere'."])
        data = self.client.get("/api/picture/test/2025-W23/map").json()
        self.assertEqual([p["category_label"] for p in data["points"]], ["Graffiti"])
