"""Swedish first, English second: English only for those who chose it in the header."""

import json

from django.utils.translation import gettext

from tryggve.test import BaseTestCase


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
        r = self.client.post("/api/reports", json.dumps({"category": "ufo"}),
                             content_type="application/json")
        self.assertEqual(r.status_code, 422)
        body = r.json()
        self.assertEqual(body["detail"], "The report could not be accepted.")
        self.assertEqual(body["errors"]["category"], ["Unknown category 'ufo'."])

    def test_it_leaves_no_english_behind_after_an_english_request(self):
        self.choose("en")
        self.client.get("/reports/new/")
        self.assertEqual(gettext("Välj en kategori."), "Välj en kategori.")
