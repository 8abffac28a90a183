from audit.models import Action, AuditEntry
from reports.intake import do_create_report
from reports.models import Report, Source, Status
from tryggve.test import BaseTestCase, ReportsTestCase


class ReportFormTestCase(BaseTestCase):
    def setUp(self):
        self.client.force_login(self.alice)

    def form(self, **overrides):
        data = {"id": "1b9d6bcd-bbfd-4b2d-9b5d-ab8dfbbd4bed", "category": "graffiti",
                "latitude": "59.2470", "longitude": "17.8600", "occurred_at": "2025-06-07T21:30",
                "text": "Klotter vid tvättstugan", "visibility": "shared"}
        return data | overrides

    def test_it_shows_the_form_with_grouped_categories_and_the_map(self):
        r = self.client.get("/reports/new/")
        self.assertContains(r, '<optgroup label="Narkotika">')
        self.assertContains(r, "Klotter")
        self.assertContains(r, 'id="map"')
        self.assertContains(r, "vendor/leaflet/leaflet.js")
        self.assertContains(r, "Använd min position")

    def test_it_sends_reporters_from_the_front_page_to_the_form(self):
        self.assertRedirects(self.client.get("/"), "/reports/new/")

    def test_it_stores_a_report_and_shows_a_receipt(self):
        r = self.client.post("/reports/new/", self.form(), follow=True)
        self.assertContains(r, "Tack! Rapporten är sparad.")
        report = Report.objects.get()
        self.assertEqual(report.area, self.fittja)
        self.assertEqual(report.source, Source.FORM)
        self.assertEqual(report.iso_week, 202523)

    def test_it_says_on_the_receipt_what_was_masked(self):
        r = self.client.post("/reports/new/", self.form(text="Mejla anna@example.se"),
                             follow=True)
        self.assertContains(r, "e-postadress")
        self.assertNotIn("anna@example.se", Report.objects.get().text)

    def test_it_stores_one_report_when_the_form_is_sent_twice(self):
        self.client.post("/reports/new/", self.form())
        r = self.client.post("/reports/new/", self.form(), follow=True)
        self.assertContains(r, "Tack! Rapporten är sparad.")
        self.assertEqual(Report.objects.count(), 1)

    def test_it_explains_bad_input_in_swedish_and_keeps_what_was_typed(self):
        r = self.client.post("/reports/new/", self.form(category="", latitude="", longitude="",
                                                          text="Behåll denna text"))
        self.assertEqual(r.status_code, 400)
        self.assertContains(r, "Välj en kategori.", status_code=400)
        self.assertContains(r, "Ange var det hände", status_code=400)
        self.assertContains(r, "Behåll denna text", status_code=400)
        self.assertEqual(Report.objects.count(), 0)

    def test_it_warns_while_typing_about_identity_numbers(self):
        r = self.client.post("/reports/scan/", {"text": "Hyresgäst 811218-9876"})
        self.assertContains(r, "personnummer")
        r = self.client.post("/reports/scan/", {"text": "Klotter på väggen"})
        self.assertNotContains(r, "⚠")
        r = self.client.post("/reports/scan/", {"text": "Gäng av invandrare vid porten"})
        self.assertContains(r, "peka ut personer")

    def test_it_does_not_let_a_viewer_use_the_form(self):
        self.client.force_login(self.polly)
        self.assertEqual(self.client.get("/reports/new/").status_code, 403)
        self.assertRedirects(self.client.get("/"), "/picture/", fetch_redirect_response=False)


class ReportListTestCase(ReportsTestCase):
    def test_it_lists_what_the_user_may_see_and_logs_it(self):
        self.client.force_login(self.bob)
        r = self.client.get("/reports/")
        self.assertContains(r, f"/reports/{self.shared.pk}/")
        self.assertNotContains(r, f"/reports/{self.internal.pk}/")
        self.assertNotContains(r, f"/reports/{self.elsewhere.pk}/")
        entry = AuditEntry.objects.get(action=Action.LIST)
        self.assertEqual(entry.report_id, self.shared.pk)

    def test_it_filters_by_week_category_area_and_status(self):
        self.client.force_login(self.alice)
        r = self.client.get("/reports/", {"week": "2025-W23"})
        self.assertContains(r, f"/reports/{self.shared.pk}/")
        self.assertContains(r, f"/reports/{self.internal.pk}/")
        r = self.client.get("/reports/", {"category": "drugs_found", "area": self.fittja.pk})
        self.assertNotContains(r, f"/reports/{self.shared.pk}/")
        self.assertContains(r, f"/reports/{self.internal.pk}/")
        r = self.client.get("/reports/", {"status": "closed"})
        self.assertContains(r, "Inga avvikelser matchar filtret.")

    def test_it_explains_a_week_that_does_not_exist(self):
        self.client.force_login(self.alice)
        r = self.client.get("/reports/", {"week": "2025-W54"})
        self.assertContains(r, "ingen vecka 54", status_code=400)

    def test_it_paginates(self):
        for i in range(30):
            do_create_report(self.alice, {"category": "littering", "place": "Fittja torg",
                                          "occurred_at": f"2025-05-01T{i % 24:02d}:00"})
        self.client.force_login(self.alice)
        r = self.client.get("/reports/")
        self.assertContains(r, "Sida 1 av 2")
        r = self.client.get("/reports/", {"page": 2})
        self.assertContains(r, "Sida 2 av 2")

    def test_it_lists_without_a_query_per_report(self):
        for _ in range(10):
            do_create_report(self.alice, {"category": "littering", "place": "Fittja torg"})
        self.client.force_login(self.alice)
        # session, user, memberships, collaborations, count, page, audit insert,
        # collaborations and areas for the filters
        with self.assertNumQueries(9):
            self.client.get("/reports/")

    def test_it_shows_a_report_and_logs_the_read(self):
        self.client.force_login(self.bob)
        r = self.client.get(f"/reports/{self.shared.pk}/")
        self.assertContains(r, "Klotter")
        self.assertContains(r, "Ändra status")  # bob coordinates the collaboration
        self.assertTrue(AuditEntry.objects.filter(action=Action.READ, actor=self.bob,
                                                  report_id=self.shared.pk).exists())

    def test_it_hides_another_organisations_internal_report(self):
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(f"/reports/{self.internal.pk}/").status_code, 404)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(f"/reports/{self.shared.pk}/").status_code, 404)

    def test_it_changes_status_with_who_and_when(self):
        self.client.force_login(self.bob)
        r = self.client.post(f"/reports/{self.shared.pk}/status/",
                             {"status": "in_progress", "comment": "Sanering beställd"},
                             follow=True)
        self.assertContains(r, "Status ändrad till pågår.")
        self.assertContains(r, "Sanering beställd")
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.status, Status.IN_PROGRESS)
        self.assertEqual(self.shared.status_changed_by, self.bob)

    def test_it_refuses_status_changes_by_a_reporter(self):
        self.client.force_login(self.alice)
        r = self.client.post(f"/reports/{self.shared.pk}/status/", {"status": "closed"})
        self.assertEqual(r.status_code, 403)
        self.shared.refresh_from_db()
        self.assertEqual(self.shared.status, Status.NEW)

    def test_it_sends_anonymous_visitors_to_the_login_page(self):
        for path in ["/", "/reports/", "/reports/new/", f"/reports/{self.shared.pk}/",
                     "/reports/export.csv", "/reports/import/"]:
            r = self.client.get(path)
            self.assertEqual(r.status_code, 302, path)
            self.assertTrue(r["Location"].startswith("/login/"), path)
