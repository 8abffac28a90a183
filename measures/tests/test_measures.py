from datetime import date

from django.core.exceptions import PermissionDenied

from audit.models import AuditEntry
from measures import services
from measures.models import Measure
from meetings import cases
from orgs.models import ApiToken
from tryggve.errors import InputError
from tryggve.test import BaseTestCase


class MeasuresTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # alice (Fittjabyggen): a shared lighting measure at the house, and an internal one.
        cls.lamps = services.do_create_measure(cls.alice, cls.est, {
            "title": "Ny belysning på gården", "kind": "lighting", "corner": "place",
            "property": cls.house.pk, "status": "ongoing", "started_on": "2025-06-01",
            "cost": "45000", "shared": "on"})
        cls.secret = services.do_create_measure(cls.alice, cls.est, {
            "title": "Byte av lås i källaren", "kind": "locks", "corner": "target",
            "area": cls.alby.pk, "status": "planned", "planned_on": "2025-09-01"})
        # bob (Testkommun): a shared pruning measure at the square, done.
        cls.pruning = services.do_create_measure(cls.bob, cls.est, {
            "title": "Beskärning vid torget", "kind": "pruning", "corner": "place",
            "place": cls.square.pk, "status": "done", "started_on": "2024-04-01",
            "ended_on": "2024-04-20", "shared": "on"})

    def form(self, **overrides) -> dict:
        data = {"collaboration": "test", "title": "Rondering kvällstid",
                "kind": "patrol_rounds", "corner": "offender", "area": str(self.fittja.pk),
                "status": "ongoing", "started_on": "2025-05-01", "cost": "12000",
                "shared": "on"}
        return data | overrides


class PagesTestCase(MeasuresTestCase):
    def test_it_creates_and_edits_a_measure_through_the_pages(self):
        self.client.force_login(self.alice)
        r = self.client.get("/measures/new/")
        self.assertContains(r, "Ny åtgärd")
        self.assertContains(r, "Fittjabyggen")
        r = self.client.post("/measures/new/", self.form(description="Ring 070-123 45 67"))
        measure = Measure.objects.get(title="Rondering kvällstid")
        self.assertRedirects(r, f"/measures/{measure.pk}/")
        self.assertEqual(measure.responsible, self.housing)
        self.assertEqual(measure.cost, 12000)
        self.assertEqual(measure.created_by, self.alice)
        self.assertNotIn("070-123", measure.description)
        self.assertTrue(AuditEntry.objects.filter(action="measure_create",
                                                  detail__measure=measure.pk).exists())
        r = self.client.get(f"/measures/{measure.pk}/")
        self.assertContains(r, "Rondering kvällstid")
        self.assertContains(r, "Ändra")

        r = self.client.get(f"/measures/{measure.pk}/edit/")
        self.assertContains(r, 'value="Rondering kvällstid"')
        r = self.client.post(f"/measures/{measure.pk}/edit/", self.form(
            status="done", ended_on="2025-06-30", responsible=str(self.housing.pk)))
        self.assertRedirects(r, f"/measures/{measure.pk}/")
        measure.refresh_from_db()
        self.assertEqual(measure.status, "done")
        self.assertEqual(measure.ended_on, date(2025, 6, 30))
        entry = AuditEntry.objects.get(action="measure_update")
        self.assertEqual(entry.detail["changed"]["status"], ["ongoing", "done"])

    def test_it_prefills_the_form_from_the_query(self):
        case = cases.do_open_case(self.bob, self.est, {"title": "Klotter vid torget",
                                                        "place": self.square.pk})
        self.client.force_login(self.bob)
        r = self.client.get(f"/measures/new/?case={case.pk}&place={self.square.pk}"
                            "&title=Klottersanering&kind=other")
        self.assertContains(r, 'value="Klottersanering"')
        self.assertContains(r, f'<option value="{case.pk}" selected>')
        self.assertContains(r, f'<option value="{self.square.pk}" selected>')
        self.assertContains(r, '<option value="other" selected>')

    def test_it_answers_invalid_input_in_swedish_and_saves_nothing(self):
        self.client.force_login(self.alice)
        before = Measure.objects.count()
        r = self.client.post("/measures/new/", self.form(
            title="", kind="", corner="", area="", started_on="2025-06-10",
            ended_on="2025-06-01", status="done", cost="-5"))
        self.assertEqual(r.status_code, 422)
        for message in ("Ange en rubrik.", "Välj en typ av åtgärd.",
                        "Välj vilket hörn i brottstriangeln åtgärden verkar på.",
                        "Ange område, plats eller fastighet.",
                        "Slutdatum kan inte vara före startdatum.",
                        "Kostnaden kan inte vara negativ."):
            self.assertContains(r, message, status_code=422)
        r = self.client.post("/measures/new/", self.form(status="done", cost="12.5"))
        self.assertContains(r, "En genomförd åtgärd behöver ett slutdatum.", status_code=422)
        self.assertContains(r, "Ange kostnaden i hela kronor.", status_code=422)
        self.assertEqual(Measure.objects.count(), before)

    def test_it_refuses_a_responsible_organisation_that_is_not_the_users(self):
        with self.assertRaises(InputError) as caught:
            services.do_create_measure(self.alice, self.est,
                                       self.form(responsible=str(self.municipality.pk)))
        self.assertIn("responsible", caught.exception.errors)
        with self.assertRaises(InputError) as caught:
            services.do_create_measure(self.bob, self.est,
                                       self.form(case="999", area=str(self.rosengard.pk),
                                                 place=str(self.square.pk)))
        # Rosengård is an area of the other collaboration.
        self.assertEqual(set(caught.exception.errors), {"case", "area"})

    def test_it_lets_an_organisation_edit_only_its_own_measures(self):
        self.client.force_login(self.alice)
        r = self.client.get(f"/measures/{self.pruning.pk}/")
        self.assertContains(r, "Beskärning vid torget")
        self.assertNotContains(r, f"/measures/{self.pruning.pk}/edit/")
        self.assertEqual(self.client.get(f"/measures/{self.pruning.pk}/edit/").status_code, 403)
        r = self.client.post(f"/measures/{self.pruning.pk}/edit/", self.form())
        self.assertEqual(r.status_code, 403)
        self.pruning.refresh_from_db()
        self.assertEqual(self.pruning.title, "Beskärning vid torget")
        with self.assertRaises(PermissionDenied):
            services.do_update_measure(self.bob, self.lamps, self.form())
        # Both see the shared ones.
        self.client.force_login(self.bob)
        r = self.client.get("/measures/")
        self.assertContains(r, "Ny belysning på gården")
        self.assertContains(r, "Beskärning vid torget")

    def test_it_hides_an_unshared_measure_from_other_organisations(self):
        self.client.force_login(self.bob)
        self.assertNotContains(self.client.get("/measures/"), "Byte av lås")
        self.assertEqual(self.client.get(f"/measures/{self.secret.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/measures/{self.secret.pk}/edit/").status_code, 404)
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/measures/"), "Byte av lås")
        self.assertContains(self.client.get(f"/measures/{self.secret.pk}/"), "Intern")

    def test_it_shows_charlie_nothing(self):
        self.client.force_login(self.charlie)
        r = self.client.get("/measures/")
        self.assertContains(r, "Inga åtgärder matchar filtret.")
        self.assertContains(r, "/measures/new/?collaboration=annan")  # his own, empty
        for m in (self.lamps, self.secret, self.pruning):
            self.assertEqual(self.client.get(f"/measures/{m.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/measures/new/?collaboration=test").status_code, 404)
        with self.assertRaises(PermissionDenied):
            services.do_create_measure(self.charlie, self.est, self.form())

    def test_it_filters_the_list(self):
        self.client.force_login(self.alice)

        def titles(**params):
            r = self.client.get("/measures/", params)
            self.assertEqual(r.status_code, 200)
            return {m.title for m in r.context["page"]}

        everything = {"Ny belysning på gården", "Byte av lås i källaren",
                      "Beskärning vid torget"}
        self.assertEqual(titles(), everything)
        self.assertEqual(titles(kind="pruning"), {"Beskärning vid torget"})
        self.assertEqual(titles(corner="target"), {"Byte av lås i källaren"})
        self.assertEqual(titles(status="ongoing"), {"Ny belysning på gården"})
        self.assertEqual(titles(area=self.fittja.pk), {"Beskärning vid torget"})
        self.assertEqual(titles(area=self.alby.pk),
                         {"Ny belysning på gården", "Byte av lås i källaren"})
        self.assertEqual(titles(year="2024"), {"Beskärning vid torget"})
        self.assertEqual(titles(year="2025"),
                         {"Ny belysning på gården", "Byte av lås i källaren"})
        self.assertEqual(titles(kind="nonsense", area="²", year="x"), everything)

    def test_it_offers_no_new_measure_to_a_viewer(self):
        self.client.force_login(self.polly)
        r = self.client.get("/measures/")
        self.assertContains(r, "Beskärning vid torget")
        self.assertNotContains(r, "Ny åtgärd")
        self.assertEqual(self.client.get("/measures/new/").status_code, 403)

    def test_it_lists_with_a_fixed_number_of_queries(self):
        self.client.force_login(self.alice)
        self.client.get("/measures/")
        for i in range(5):
            services.do_create_measure(self.alice, self.est, self.form(title=f"Extra {i}"))
        # session, user, memberships, collaborations ×2, areas, count, page.
        with self.assertNumQueries(8):
            r = self.client.get("/measures/")
        self.assertEqual(len(r.context["points"]), 8)

    def test_it_maps_the_listed_measures(self):
        self.client.force_login(self.alice)
        r = self.client.get("/measures/")
        self.assertContains(r, 'id="measures-map"')
        self.assertContains(r, "vendor/leaflet/leaflet.js")
        points = {p["title"]: p for p in r.context["points"]}
        self.assertEqual((points["Ny belysning på gården"]["latitude"],
                          points["Ny belysning på gården"]["longitude"]), (59.238, 17.840))
        self.assertEqual(points["Beskärning vid torget"]["latitude"], 59.2475)
        # An area measure sits at the area's centroid.
        self.assertAlmostEqual(points["Byte av lås i källaren"]["latitude"], 59.2375)
        self.assertAlmostEqual(points["Byte av lås i källaren"]["longitude"], 17.8395)


class ApiTestCase(MeasuresTestCase):
    def get(self, user, path, **params):
        _, token = ApiToken.issue(user)
        return self.client.get(path, params, headers={"Authorization": f"Bearer {token}"})

    def test_it_lists_visible_measures_in_the_api(self):
        body = self.get(self.alice, "/api/measures", collaboration="test").json()
        self.assertEqual(body["count"], 3)
        lamps = next(m for m in body["items"] if m["id"] == self.lamps.pk)
        self.assertEqual(lamps["responsible"], "fittjabyggen")
        self.assertEqual(lamps["property"], "Albyvägen 10")
        self.assertEqual(lamps["cost"], 45000)
        body = self.get(self.bob, "/api/measures", collaboration="test").json()
        self.assertEqual({m["id"] for m in body["items"]}, {self.lamps.pk, self.pruning.pk})
        self.assertEqual(self.get(self.charlie, "/api/measures").json()["count"], 0)
        r = self.get(self.charlie, "/api/measures", collaboration="test")
        self.assertEqual(r.status_code, 404)

    def test_it_puts_visible_measures_of_the_week_on_the_picture_map(self):
        body = self.get(self.bob, "/api/picture/test/2025-W23/map").json()
        self.assertEqual([m["id"] for m in body["measures"]], [self.lamps.pk])
        self.assertEqual(body["measures"][0]["latitude"], 59.238)
        body = self.get(self.alice, "/api/picture/test/2025-W36/map").json()
        # The pruning ended in 2024; the planned lock change (internal) shows for alice.
        self.assertEqual({m["id"] for m in body["measures"]}, {self.lamps.pk, self.secret.pk})
        body = self.get(self.bob, "/api/picture/test/2025-W36/map").json()
        self.assertEqual({m["id"] for m in body["measures"]}, {self.lamps.pk})
        body = self.get(self.bob, "/api/picture/test/2024-W16/map").json()
        self.assertEqual({m["id"] for m in body["measures"]}, {self.pruning.pk})


class ReviewFindingsTestCase(BaseTestCase):
    """Edges found by a security review."""

    def test_it_refuses_dates_far_from_now_and_huge_offsets(self):
        from measures.services import do_create_measure
        from tryggve.errors import InputError

        with self.assertRaises(InputError) as caught:
            do_create_measure(self.bob, self.est, {
                "title": "Belysning", "kind": "lighting", "corner": "place",
                "area": self.fittja.pk, "status": "done", "started_on": "2020-01-01",
                "ended_on": "9999-12-31"})
        self.assertIn("ended_on", caught.exception.errors)
        self.client.force_login(self.bob)
        r = self.client.get("/api/measures", {"offset": "99999999999999999999"})
        self.assertLess(r.status_code, 500)

    def test_it_refuses_an_area_that_is_not_the_places_own(self):
        from measures.services import do_create_measure
        from tryggve.errors import InputError

        with self.assertRaises(InputError) as caught:
            do_create_measure(self.bob, self.est, {
                "title": "Belysning", "kind": "lighting", "corner": "place",
                "area": self.alby.pk, "place": self.square.pk})
        self.assertIn("area", caught.exception.errors)
        measure = do_create_measure(self.bob, self.est, {
            "title": "Belysning", "kind": "lighting", "corner": "place",
            "place": self.square.pk})
        self.assertEqual(measure.area, self.fittja)
