"""The survey pages, the JSON API and the survey section of the weekly picture's PDF."""

import os
from datetime import date
from types import SimpleNamespace
from unittest import mock
from xml.etree import ElementTree

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from meetings.models import Meeting, Priority
from orgs.models import Role
from picture.pdf import render_html
from surveys.models import Target
from surveys.tests.test_indicators import NOW, SurveyCase, make_survey
from tryggve.test import PASSWORD, build_cast, make_user
from tryggve.tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, watch


class PageCase(SurveyCase):
    def login(self, user):
        self.client.force_login(user)

    def falling(self):
        """Fittja falls significantly: 64 % → 58 % (n = 1000 each)."""
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (640, 1000)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (580, 1000)})


class DashboardTests(PageCase):
    def test_it_shows_each_area_with_n_interval_change_target_and_chart(self):
        self.survey("Kundbarometern 2021", date(2021, 12, 31), {self.fittja: (54, 100)})
        self.survey("Kundbarometern 2022", date(2022, 12, 31), {self.fittja: (64, 100)})
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2022, share=0.65)
        self.login(self.bob)
        r = self.client.get("/surveys/")
        self.assertContains(r, "<span class=\"share-big\">64 %</span> "
                               "<span class=\"share-n nowrap\">(n = 100, 95 % KI 54–73 %)</span>",
                            html=False)
        self.assertContains(r, "+10,0 procentenheter (p = 0,15, inte signifikant)")
        self.assertContains(r, "Mål 2022: 65 %")
        self.assertContains(r, '<span class="status within_reach">inom räckhåll</span>')
        self.assertContains(r, 'class="share-chart"')
        self.assertContains(r, "Utan mätning: Alby.")
        self.assertNotContains(r, "Osäkert")
        card = r.content.decode().split('id="area-cards"')[1].split("</ul>")[0]
        ElementTree.fromstring(card[card.index("<svg"):card.index("</svg>") + 6])

    def test_it_marks_small_n_as_uncertain(self):
        self.survey("Egen enkät 2024", date(2024, 5, 31), {self.alby: (20, 25)})
        self.login(self.bob)
        r = self.client.get("/surveys/?collaboration=test")
        self.assertContains(r, "(n = 25, 95 % KI")
        self.assertContains(r, "Osäkert: n &lt; 30")

    def test_met_and_missed_are_shown(self):
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (700, 1000),
                                                         self.alby: (500, 1000)})
        Target.objects.create(collaboration=self.est, organisation=self.housing, year=2024,
                              share=0.65)
        self.login(self.bob)
        r = self.client.get("/surveys/")
        self.assertContains(r, '<span class="status met">uppnått</span>')
        self.assertContains(r, '<span class="status missed">missat</span>')
        self.assertContains(r, 'id="organisation-table"')  # Fittjabyggen: 60 % of 2000

    def test_charlie_sees_nothing_of_test(self):
        self.falling()
        self.login(self.charlie)
        for url in ("/surveys/?collaboration=test", "/surveys/targets/?collaboration=test",
                    "/surveys/attention/?collaboration=test", "/api/surveys/test/shares"):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        r = self.client.get("/surveys/")  # his own collaboration, without surveys
        self.assertContains(r, "EST Annanstad")
        self.assertNotContains(r, "AktivBo")

    def test_an_unshared_survey_of_alices_organisation_is_not_on_bobs_dashboard(self):
        self.survey("Fittjabyggens interna mätning", date(2024, 12, 31),
                    {self.fittja: (300, 1000)}, shared=False)
        self.login(self.bob)
        r = self.client.get("/surveys/")
        self.assertNotContains(r, "Fittjabyggens interna mätning")
        self.assertContains(r, 'id="no-data"')
        self.login(self.alice)
        r = self.client.get("/surveys/")
        self.assertContains(r, "Fittjabyggens interna mätning")
        self.assertContains(r, 'class="badge internal"')
        self.assertContains(r, 'id="unshared-notice"')

    def test_the_card_compares_with_the_previous_round_of_the_same_provider(self):
        self.survey("AktivBo 2022", date(2022, 12, 31), {self.fittja: (500, 1000)})
        police = self.survey("Polisen 2023", date(2023, 6, 30), {self.fittja: (900, 1000)})
        police.provider = "police"
        police.save()
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (600, 1000)})
        self.login(self.bob)
        card = self.client.get("/surveys/").content.decode().split('id="area-cards"')[1]
        self.assertIn("Mot AktivBo 2022:", card)
        self.assertIn("+10,0 procentenheter", card)

    def test_it_offers_a_selector_when_the_user_is_in_several_collaborations(self):
        self.other_est.organisations.add(self.municipality)
        self.login(self.bob)
        r = self.client.get("/surveys/?collaboration=annan")
        self.assertContains(r, '<select name="collaboration">')
        self.assertContains(r, "EST Annanstad")

    def test_the_nav_links_to_the_dashboard(self):
        self.login(self.alice)
        self.assertContains(self.client.get("/surveys/"), '<a href="/surveys/">Trygghet</a>')

    def test_the_dashboard_runs_a_fixed_number_of_queries(self):
        self.survey("AktivBo 2021", date(2021, 12, 31), {self.fittja: (60, 100)})
        self.login(self.bob)
        self.client.get("/surveys/")  # warm up (sessions, content types)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get("/surveys/").status_code, 200)
        for year in (2022, 2023, 2024):
            self.survey(f"AktivBo {year}", date(year, 12, 31),
                        {self.fittja: (55, 100), self.alby: (70, 90),
                         (self.alby, self.house): (20, 30)}, covers=[self.municipality])
            Target.objects.create(collaboration=self.est, area=self.alby, year=year,
                                  share=0.7)
        with self.assertNumQueries(len(few)):
            r = self.client.get("/surveys/")
        self.assertContains(r, 'id="property-table"')
        self.assertEqual(r.content.decode().count('class="share-chart"'), 2)


class TargetPageTests(PageCase):
    def test_it_lists_targets_with_their_outcome(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (66, 100)})
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2023, share=0.65)
        self.login(self.polly)
        r = self.client.get("/surveys/targets/")
        self.assertContains(r, "minst 65 %")
        self.assertContains(r, '66 % <span class="nowrap">(n = 100, 95 % KI')
        self.assertContains(r, '<span class="status met">uppnått</span>')
        self.assertNotContains(r, 'id="target-form"')  # viewers don't set targets

    def test_a_coordinator_sets_a_target_with_the_form(self):
        self.login(self.bob)
        self.assertContains(self.client.get("/surveys/targets/"), 'id="target-form"')
        r = self.client.post("/surveys/targets/?collaboration=test",
                             {"collaboration": "test", "target_for": f"area:{self.fittja.pk}",
                              "year": "2023", "share": "65", "question": "safe_area"},
                             follow=True)
        self.assertContains(r, "Målet är sparat: 65 % för 2023.")
        target = Target.objects.get()
        self.assertEqual((target.area, target.year, float(target.share)), (self.fittja, 2023,
                                                                          0.65))

    def test_bad_input_is_shown_beside_the_field(self):
        self.login(self.bob)
        r = self.client.post("/surveys/targets/", {
            "collaboration": "test", "target_for": f"organisation:{self.housing.pk}",
            "year": "2023", "share": "650"})
        self.assertEqual(r.status_code, 422)
        self.assertContains(r, "Ange målet i procent", status_code=422)
        self.assertContains(r, "Du kan bara sätta mål för din egen organisation",
                            status_code=422)
        self.assertContains(r, 'value="650"', status_code=422)
        self.assertFalse(Target.objects.exists())

    def test_reporters_cannot_set_targets(self):
        self.login(self.alice)
        r = self.client.post("/surveys/targets/", {
            "collaboration": "test", "target_for": f"area:{self.fittja.pk}", "year": "2023",
            "share": "65"})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Target.objects.exists())


@mock.patch("django.utils.timezone.now", return_value=NOW)
class AttentionPageTests(PageCase):
    def send(self):
        return self.client.post("/surveys/attention/send/", {
            "collaboration": "test", "area": self.fittja.pk, "rule": "fell"})

    def test_a_coordinator_sends_an_item_to_the_meeting_once(self, _now):
        self.falling()
        self.login(self.bob)
        r = self.client.get("/surveys/attention/")
        self.assertContains(r, "I Fittja föll andelen ”Trygg i bostadsområdet” från 64 %")
        self.assertContains(r, "Förslag: Trygghetsvandring")
        self.assertContains(r, "Skicka till mötet")
        r = self.send()
        self.assertRedirects(r, "/surveys/attention/?collaboration=test",
                             fetch_redirect_response=False)
        r = self.client.get(r.url)
        self.assertContains(r, "Lagt på mötet v. 2025-W25: Trygghetsvandring i Fittja")
        self.assertContains(r, "Finns på mötet v. 2025-W25.")
        self.assertNotContains(r, "Skicka till mötet</button>")
        self.send()
        self.assertEqual(Priority.objects.count(), 1)
        meeting = Meeting.objects.get()
        self.assertEqual(meeting.iso_week, 202525)
        r = self.client.get("/meetings/test/2025-W25/")
        self.assertContains(r, "Trygghetsvandring i Fittja")

    def test_reporters_cannot_send(self, _now):
        self.falling()
        self.login(self.alice)
        r = self.client.get("/surveys/attention/")
        self.assertContains(r, "Förslag: Trygghetsvandring")
        self.assertNotContains(r, "Skicka till mötet")
        self.assertEqual(self.send().status_code, 403)
        self.assertFalse(Priority.objects.exists())
        self.assertFalse(Meeting.objects.exists())

    def test_an_item_that_no_longer_applies_is_not_sent(self, _now):
        self.login(self.bob)
        r = self.client.get("/surveys/attention/")
        self.assertContains(r, 'id="attention-empty"')
        r = self.send()
        self.assertFalse(Priority.objects.exists())
        self.assertContains(self.client.get(r.url), "Förslaget gäller inte längre")

    def test_items_from_unshared_surveys_are_shown_but_cannot_be_sent(self, _now):
        hugo = make_user("hugo", self.housing, Role.COORDINATOR)
        self.survey("Intern 2023", date(2023, 12, 31), {self.fittja: (640, 1000)},
                    shared=False)
        self.survey("Intern 2024", date(2024, 12, 31), {self.fittja: (580, 1000)},
                    shared=False)
        self.login(hugo)
        r = self.client.get("/surveys/attention/")
        self.assertContains(r, "Bygger på interna uppgifter – kan inte skickas")
        self.assertNotContains(r, "Skicka till mötet</button>")
        r = self.send()
        self.assertFalse(Priority.objects.exists())
        self.assertContains(self.client.get(r.url), "Förslaget gäller inte längre")
        self.login(self.bob)
        self.assertContains(self.client.get("/surveys/attention/"), 'id="attention-empty"')

    def test_sending_needs_post(self, _now):
        self.login(self.bob)
        self.assertEqual(self.client.get("/surveys/attention/send/").status_code, 405)


class ApiTests(PageCase):
    def test_it_gives_each_area_and_period_with_n_interval_change_and_status(self):
        self.survey("Kundbarometern 2021", date(2021, 12, 31), {self.fittja: (38, 100)})
        self.survey("Kundbarometern 2022", date(2022, 12, 31), {self.fittja: (48, 100)})
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2022, share=0.5)
        self.login(self.bob)
        body = self.client.get("/api/surveys/test/shares").json()
        self.assertEqual((body["collaboration"], body["question"], body["better"]),
                         ("test", "safe_area", "higher"))
        areas = {a["area"]: a for a in body["areas"]}
        self.assertEqual(areas["Alby"]["periods"], [])
        first, second = areas["Fittja"]["periods"]
        self.assertIsNone(first["change_pp"])
        self.assertEqual((second["k"], second["n"], second["uncertain"]), (48, 100, False))
        self.assertAlmostEqual(second["share"], 0.48)
        self.assertAlmostEqual(second["change_pp"], 10.0)
        self.assertAlmostEqual(second["change_p"], 0.153, places=3)
        self.assertFalse(second["significant"])
        self.assertLess(second["low"], 0.48)
        self.assertGreater(second["high"], 0.48)
        self.assertEqual((second["target"], second["target_status"]), (0.5, "within_reach"))
        self.assertEqual(second["period_end"], "2022-12-31")

    def test_tiny_and_open_cells_give_only_n(self):
        own = self.survey("Egen enkät", date(2025, 3, 31), {self.fittja: (0, 1)},
                          is_open=True)
        self.login(self.bob)
        [period] = {a["area"]: a for a in self.client.get(
            "/api/surveys/test/shares").json()["areas"]}["Fittja"]["periods"]
        self.assertEqual((period["n"], period["k"], period["share"], period["low"],
                          period["high"], period["suppressed"]), (1, None, None, None, None,
                                                                  True))
        own.is_open = False
        own.save()
        [period] = {a["area"]: a for a in self.client.get(
            "/api/surveys/test/shares").json()["areas"]}["Fittja"]["periods"]
        self.assertEqual((period["k"], period["share"], period["suppressed"]),
                         (None, None, True))
        r = self.client.get("/surveys/")
        self.assertContains(r, "för få svar (n = 1)")
        self.assertNotContains(r, "0 %")

    def test_it_refuses_an_unknown_question_and_strangers(self):
        self.login(self.bob)
        r = self.client.get("/api/surveys/test/shares?question=nope")
        self.assertEqual(r.status_code, 422)
        self.assertIn("question", r.json()["errors"])
        self.client.logout()
        self.assertEqual(self.client.get("/api/surveys/test/shares").status_code, 401)

    def test_it_is_documented(self):
        schema = self.client.get("/api/openapi.json").json()
        operation = schema["paths"]["/api/surveys/{collaboration}/shares"]["get"]
        self.assertIn("200", operation["responses"])
        self.assertIn("404", operation["responses"])


class PdfTests(PageCase):
    def test_the_weekly_picture_shows_the_share_per_area_against_its_target(self):
        self.survey("AktivBo 2023", date(2023, 12, 31), {self.fittja: (640, 1000)})
        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (580, 1000)})
        self.survey("Fittjabyggens interna mätning", date(2025, 3, 31),
                    {self.fittja: (300, 1000), self.alby: (10, 20)}, shared=False)
        Target.objects.create(collaboration=self.est, area=self.fittja, year=2024, share=0.65)
        html = render_html(self.bob, self.est, 202523)
        section = html.split('id="surveys"')[1].split("<h2")[0]
        self.assertIn("Fittja", section)
        self.assertIn("58 % (n = 1000, 95 % KI 55–61 %)", section)
        self.assertIn("Mål 2024: 65 %", section)
        self.assertIn("missat", section)
        self.assertEqual(section.count('class="share-chart"'), 1)
        self.assertIn('class="target"', section)
        self.assertNotIn("interna mätning", html)  # bob may not see it
        self.assertNotIn("Alby", section)
        alice = render_html(self.alice, self.est, 202523)
        self.assertIn("Fittjabyggens interna mätning", alice)

    def test_tiny_cells_and_unshared_surveys_in_the_pdf(self):
        self.survey("Liten", date(2024, 12, 31), {self.fittja: (2, 7)})
        section = render_html(self.bob, self.est, 202523).split('id="surveys"')[1]
        section = section.split("<h2")[0]
        self.assertIn("för få svar (n = 7)", section)
        self.assertNotIn("29 %", section)
        self.assertNotIn('id="survey-unshared"', section)
        self.survey("Intern", date(2025, 3, 31), {self.fittja: (300, 1000)}, shared=False)
        section = render_html(self.alice, self.est, 202523).split('id="surveys"')[1]
        self.assertIn('id="survey-unshared"', section.split("<h2")[0])

    def test_there_is_no_survey_section_without_surveys(self):
        self.assertNotIn('id="surveys"', render_html(self.bob, self.est, 202523))

    def test_the_pdf_renders(self):
        from picture.pdf import render_pdf

        self.survey("AktivBo 2024", date(2024, 12, 31), {self.fittja: (580, 1000),
                                                         self.alby: (20, 25)})
        pdf = render_pdf(self.bob, self.est, 202523)
        self.assertTrue(pdf.startswith(b"%PDF"))


# In the browser: Debian's chromium at 360 px and on a desktop ------------------------------

@pytest.fixture
def page(live_server):
    from playwright.sync_api import sync_playwright

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True,
                                      has_touch=True, locale="sv-SE")
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = watch(page)  # CSP violations and script errors
        yield page
        browser.close()
    assert problems == [], "\n".join(problems)


@pytest.mark.browser
def test_the_dashboard_on_a_phone_and_a_desktop(page, live_server, transactional_db):
    from playwright.sync_api import expect

    cast = SimpleNamespace()
    build_cast(cast)
    for year, fittja, alby in ((2022, (232, 400), None), (2023, (250, 410), (15, 24)),
                               (2024, (236, 415), (60, 90))):
        shares = {cast.fittja: fittja}
        if year != 2023:
            shares[(cast.alby, cast.house)] = (30, 45)
        if alby:
            shares[cast.alby] = alby
        make_survey(cast, f"AktivBo {year}", date(year, 12, 31), shares,
                    covers=[cast.municipality])
    Target.objects.create(collaboration=cast.est, area=cast.fittja, year=2024, share=0.65)
    Target.objects.create(collaboration=cast.est, organisation=cast.housing, year=2025,
                          share=0.65)

    page.goto(f"{live_server.url}/login/?next=/surveys/")
    page.get_by_label("Användarnamn").fill("bob")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Trygghet")).to_be_visible()
    fittja = page.locator("#area-cards li", has_text="Fittja")
    expect(fittja).to_contain_text("57 % (n = 415, 95 % KI 52–62 %)")
    expect(fittja).to_contain_text("missat")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=ARTIFACTS / "surveys-360.png", full_page=True)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.reload()
    expect(page.locator("#organisation-table")).to_contain_text("Fittjabyggen")
    page.screenshot(path=ARTIFACTS / "surveys-1280.png", full_page=True)

    page.get_by_role("link", name="Att uppmärksamma").click()
    item = page.locator("#attention-list li", has_text="Fittja").first
    expect(item).to_contain_text("Förslag: Dörrknackning")
    item.get_by_role("button", name="Skicka till mötet").click()
    expect(page.locator(".msg.success")).to_contain_text("Dörrknackning i Fittja")
    expect(page.locator("#attention-list li", has_text="Dörrknackning").first
           ).to_contain_text("Finns på mötet")
    page.set_viewport_size({"width": 360, "height": 740})
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=ARTIFACTS / "surveys-attention-360.png", full_page=True)
    assert Priority.objects.filter(problem="Dörrknackning i Fittja").count() == 1
