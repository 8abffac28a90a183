import io
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image

from audit.models import AuditEntry
from inspections import default_checklist, services
from inspections.checklists import default_template, load_default_checklist
from inspections.models import ChecklistTemplate, Inspection, Item, Observation, Outcome, SafetyWalk
from orgs.models import Property, Role
from orgs.permissions import visible_inspections
from tryggve.errors import InputError
from tryggve.test import BaseTestCase, make_user


def png_bytes(size=(40, 30), fmt="PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, fmt)
    return out.getvalue()


class InspectionTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.template = default_template()
        cls.mandatory = list(Item.objects.filter(section__template=cls.template,
                                                 mandatory=True))

    def setUp(self):
        self.media = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.media, ignore_errors=True)
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)

    def start(self, user=None, **extra):
        return services.do_start_inspection(user or self.alice,
                                            {"property": self.house.pk} | extra)

    def pass_all_mandatory(self, inspection, user=None):
        for item in self.mandatory:
            services.do_record_result(user or self.alice, inspection, item.pk, {"outcome": "ok"})

    def certify(self, finished: datetime, prop=None, **extra):
        inspection = services.do_start_inspection(
            self.alice, {"property": (prop or self.house).pk} | extra)
        self.pass_all_mandatory(inspection)
        services.do_finish_inspection(self.alice, inspection, when=finished)
        return inspection


class ChecklistTests(InspectionTestCase):
    def test_it_ships_a_default_checklist_of_about_a_hundred_items(self):
        t = self.template
        self.assertTrue(t.is_default)
        self.assertEqual(t.valid_years, 5)
        self.assertEqual(t.sections.count(), 14)
        items = Item.objects.filter(section__template=t)
        self.assertTrue(95 <= items.count() <= 110, items.count())
        mandatory = items.filter(mandatory=True).count()
        self.assertTrue(items.count() / 4 <= mandatory <= items.count() / 2, mandatory)
        for section in t.sections.all():
            self.assertGreaterEqual(section.items.count(), 5, section.title)
            self.assertTrue(section.items.filter(mandatory=True).exists(), section.title)
        titles = [s.title for s in t.sections.all()]
        self.assertIn("Brandskydd", titles)
        self.assertIn("Det sociala", titles)

    def test_it_loads_the_default_checklist_idempotently(self):
        again = load_default_checklist()
        self.assertEqual(again.pk, self.template.pk)
        self.assertEqual(ChecklistTemplate.objects.filter(
            name=default_checklist.NAME).count(), 1)
        self.assertEqual(Item.objects.filter(section__template=again).count(),
                         sum(len(items) for _, _, items in default_checklist.SECTIONS))


class CertificationTests(InspectionTestCase):
    def test_it_certifies_when_all_mandatory_items_pass(self):
        inspection = self.start()
        self.assertEqual(inspection.organisation, self.housing)  # the owner inspects
        self.pass_all_mandatory(inspection)
        optional = Item.objects.filter(section__template=self.template, mandatory=False)
        services.do_record_result(self.alice, inspection, optional[0].pk,
                                  {"outcome": "deficiency", "comment": "Trasig lampa"})
        services.do_record_result(self.alice, inspection, optional[1].pk, {"outcome": "na"})
        verdict = services.do_finish_inspection(
            self.alice, inspection, when=datetime(2025, 6, 10, 12, tzinfo=UTC))
        self.assertTrue(verdict.certified)
        inspection.refresh_from_db()
        self.assertTrue(inspection.certified)
        self.assertEqual(inspection.valid_until, date(2030, 6, 10))
        self.assertTrue(AuditEntry.objects.filter(action="inspection_finish").exists())

    def test_it_does_not_certify_with_one_mandatory_deficiency(self):
        inspection = self.start()
        self.pass_all_mandatory(inspection)
        services.do_record_result(self.alice, inspection, self.mandatory[3].pk,
                                  {"outcome": "deficiency", "comment": "Dörren går inte i lås"})
        verdict = services.do_finish_inspection(self.alice, inspection)
        self.assertFalse(verdict.certified)
        self.assertEqual(verdict.failed, [self.mandatory[3]])
        inspection.refresh_from_db()
        self.assertIs(inspection.certified, False)
        self.assertIsNone(inspection.valid_until)

    def test_it_does_not_certify_with_unanswered_mandatory_items(self):
        inspection = self.start()
        services.do_record_result(self.alice, inspection, self.mandatory[0].pk,
                                  {"outcome": "ok"})
        verdict = services.do_finish_inspection(self.alice, inspection)
        self.assertFalse(verdict.certified)
        self.assertEqual(len(verdict.unanswered), len(self.mandatory) - 1)

    def test_it_accepts_not_applicable_on_a_mandatory_item_only_with_a_reason(self):
        inspection = self.start()
        garage = self.mandatory[-1]
        with self.assertRaises(InputError) as ctx:
            services.do_record_result(self.alice, inspection, garage.pk, {"outcome": "na"})
        self.assertIn("comment", ctx.exception.errors)
        self.pass_all_mandatory(inspection)
        services.do_record_result(self.alice, inspection, garage.pk,
                                  {"outcome": "na", "comment": "Fastigheten har inget garage."})
        self.assertTrue(services.do_finish_inspection(self.alice, inspection).certified)

    def test_it_locks_a_finished_inspection(self):
        inspection = self.start()
        services.do_finish_inspection(self.alice, inspection)
        with self.assertRaises(InputError):
            services.do_record_result(self.alice, inspection, self.mandatory[0].pk,
                                      {"outcome": "ok"})

    def test_it_masks_identity_numbers_in_comments(self):
        inspection = self.start()
        result = services.do_record_result(
            self.alice, inspection, self.mandatory[0].pk,
            {"outcome": "deficiency", "comment": "Ring 070-123 45 67 om dörren"})
        self.assertNotIn("070-123 45 67", result.comment)

    def test_it_refuses_items_of_another_template(self):
        other = ChecklistTemplate.objects.create(name="Annan", version=1)
        inspection = self.start(template=other.pk)
        with self.assertRaises(InputError):
            services.do_record_result(self.alice, inspection, self.mandatory[0].pk,
                                      {"outcome": "ok"})


class ValidityTests(InspectionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.tower = Property.objects.create(collaboration=cls.est, area=cls.fittja,
                                            owner=cls.housing, address="Fittjavägen 3",
                                            apartments=120)
        cls.old = Property.objects.create(collaboration=cls.est, area=cls.fittja,
                                          owner=cls.housing, address="Fittjavägen 9",
                                          apartments=30)

    def test_it_lists_certified_properties_with_totals(self):
        now = datetime.now(UTC)
        self.certify(now - timedelta(days=30))
        self.certify(now - timedelta(days=400), prop=self.tower)
        self.certify(now - timedelta(days=6 * 365), prop=self.old)  # expired
        statuses = services.certified_properties(self.bob)
        self.assertEqual([s.property for s in statuses], [self.house, self.tower])
        self.assertEqual(services.totals(statuses), (2, 184))
        self.client.force_login(self.bob)
        r = self.client.get("/inspections/certified/")
        self.assertContains(r, "2 fastigheter, 184 lägenheter")
        self.assertContains(r, "Fittjavägen 3")
        self.assertNotContains(r, "Fittjavägen 9")

    def test_it_lists_properties_due_for_reinspection(self):
        now = datetime.now(UTC)
        self.certify(now - timedelta(days=30))  # valid for years
        expiring = self.certify(now - timedelta(days=5 * 365 - 40), prop=self.tower)
        expired = self.certify(now - timedelta(days=6 * 365), prop=self.old)
        due = services.due_for_reinspection(self.alice)
        self.assertEqual([s.inspection for s in due], [expired, expiring])
        self.client.force_login(self.alice)
        r = self.client.get("/inspections/due/")
        self.assertContains(r, "Fittjavägen 3")
        self.assertContains(r, "utgången")
        self.assertNotContains(r, "Albyvägen 10")

    def test_it_groups_the_apartment_figure(self):
        Property.objects.filter(pk=self.house.pk).update(apartments=4577)
        self.certify(datetime.now(UTC) - timedelta(days=1))
        self.client.force_login(self.alice)
        r = self.client.get("/inspections/certified/")
        self.assertRegex(r.content.decode(), r"1 fastighet, 4\s577 lägenheter")

    def test_it_lets_the_latest_owner_inspection_decide(self):
        now = datetime.now(UTC)
        self.certify(now - timedelta(days=300))
        failed = self.start()
        services.do_finish_inspection(self.alice, failed, when=now - timedelta(days=10))
        self.assertEqual(services.certified_properties(self.alice), [])
        self.assertEqual([s.inspection for s in services.failed_properties(self.alice)],
                         [failed])
        # Someone else's inspection of the property does not certify it.
        bob_inspection = self.start(self.bob)
        self.assertEqual(bob_inspection.organisation, self.municipality)
        self.pass_all_mandatory(bob_inspection, self.bob)
        services.do_finish_inspection(self.bob, bob_inspection)
        self.assertEqual(services.certified_properties(self.alice), [])

    def test_it_handles_leap_days(self):
        self.assertEqual(services.add_years(date(2024, 2, 29), 5), date(2029, 2, 28))


class PermissionTests(InspectionTestCase):
    def test_it_lets_only_the_inspecting_organisation_edit(self):
        inspection = self.start()
        with self.assertRaises(PermissionDenied):
            services.do_record_result(self.bob, inspection, self.mandatory[0].pk,
                                      {"outcome": "ok"})
        with self.assertRaises(PermissionDenied):
            services.do_finish_inspection(self.bob, inspection)
        self.client.force_login(self.bob)
        r = self.client.get(f"/inspections/{inspection.pk}/")
        self.assertEqual(r.status_code, 200)  # shared: bob sees it
        self.assertNotContains(r, "Avsluta besiktningen")
        r = self.client.post(f"/inspections/{inspection.pk}/items/{self.mandatory[0].pk}/",
                             {"outcome": "ok"})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(inspection.results.exists())

    def test_it_hides_unshared_inspections_from_the_collaboration(self):
        internal = self.start(shared="")
        self.assertFalse(internal.shared)
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(f"/inspections/{internal.pk}/").status_code, 404)
        self.assertNotIn(internal, visible_inspections(self.bob))
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get(f"/inspections/{internal.pk}/").status_code, 200)

    def test_it_shows_charlie_nothing(self):
        inspection = self.start()
        walk = services.do_create_walk(self.alice, {"area": self.fittja.pk})
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(f"/inspections/{inspection.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/inspections/walks/{walk.pk}/").status_code, 404)
        r = self.client.get("/inspections/")
        self.assertNotContains(r, "Albyvägen 10")
        self.assertNotContains(r, "Fittja")
        with self.assertRaises(PermissionDenied):
            services.do_start_inspection(self.charlie, {"property": self.house.pk})
        self.assertEqual(services.certified_properties(self.charlie), [])

    def test_it_refuses_viewers_and_foreign_organisations(self):
        with self.assertRaises(PermissionDenied):
            services.do_start_inspection(self.polly, {"property": self.house.pk})
        with self.assertRaises(InputError):
            self.start(organisation=self.police.pk)

    def test_it_lets_an_inspector_edit_via_the_phone_form(self):
        inspection = self.start()
        self.client.force_login(self.alice)
        r = self.client.get(f"/inspections/{inspection.pk}/")
        self.assertContains(r, 'capture="environment"')
        self.assertContains(r, "Avsluta besiktningen")
        item = self.mandatory[0]
        r = self.client.post(f"/inspections/{inspection.pk}/items/{item.pk}/",
                             {"outcome": "deficiency", "comment": "Lampan är trasig"})
        self.assertEqual(r.status_code, 302)
        r = self.client.get(f"/inspections/{inspection.pk}/")
        self.assertContains(r, "Skapa åtgärd")
        self.assertContains(r, '<form method="post" action="/measures/new/"')
        self.assertContains(r, f'name="property" value="{self.house.pk}"')
        # One tap: the deficiency's fields are posted and the measure is saved at once.
        from inspections.views import measure_fields
        from measures.models import Measure

        fields = measure_fields(item.text, inspection.collaboration, "other",
                                property=inspection.property_id)
        r = self.client.post("/measures/new/", fields)
        measure = Measure.objects.get()
        self.assertRedirects(r, f"/measures/{measure.pk}/")
        self.assertEqual(measure.property, self.house)
        self.assertEqual(measure.corner, "place")
        r = self.client.post(f"/inspections/{inspection.pk}/finish/")
        inspection.refresh_from_db()
        self.assertIs(inspection.certified, False)

    def test_it_starts_an_inspection_from_the_form(self):
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/inspections/new/"), "Albyvägen 10")
        r = self.client.post("/inspections/new/", {"property": self.house.pk, "shared": "on"})
        inspection = Inspection.objects.get()
        self.assertRedirects(r, f"/inspections/{inspection.pk}/")
        self.client.force_login(self.polly)
        self.assertEqual(self.client.get("/inspections/new/").status_code, 403)


class PhotoTests(InspectionTestCase):
    def upload(self, data: bytes, name="foto.png", content_type="image/png"):
        return SimpleUploadedFile(name, data, content_type=content_type)

    def test_it_stores_a_photo_without_metadata_and_serves_it_to_allowed_users(self):
        inspection = self.start()
        out = io.BytesIO()
        exif = Image.Exif()
        exif[0x010F] = "Telefonen"  # Make
        Image.new("RGB", (20, 20)).save(out, "JPEG", exif=exif)
        result = services.do_record_result(
            self.alice, inspection, self.mandatory[0].pk, {"outcome": "deficiency"},
            photo=self.upload(out.getvalue(), "x.jpg", "image/jpeg"))
        self.assertTrue(result.photo.name.startswith("inspections/"))
        self.assertTrue(result.photo.path.startswith(self.media))
        self.assertEqual(result.photo_type, "image/jpeg")
        with result.photo.open("rb") as f:
            self.assertEqual(len(Image.open(f).getexif()), 0)
        url = f"/inspections/photos/{result.pk}/"
        self.client.force_login(self.alice)
        r = self.client.get(url)
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "image/jpeg")
        self.assertIn("private", r["Cache-Control"])
        self.client.force_login(self.bob)  # shared: the collaboration sees it
        self.assertEqual(self.client.get(url).status_code, 200)
        self.client.force_login(self.charlie)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(url).status_code, 302)

    def test_it_hides_photos_of_unshared_inspections(self):
        inspection = self.start(shared="")
        result = services.do_record_result(self.alice, inspection, self.mandatory[0].pk,
                                           {"outcome": "ok"}, photo=self.upload(png_bytes()))
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get(f"/inspections/photos/{result.pk}/").status_code,
                         404)

    def test_it_rejects_non_images(self):
        inspection = self.start()
        for data, name in ((b"%PDF-1.4 not an image", "x.png"),
                           (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "x.svg"),
                           (png_bytes(fmt="GIF"), "x.gif")):
            with self.assertRaises(InputError) as ctx:
                services.do_record_result(self.alice, inspection, self.mandatory[0].pk,
                                          {"outcome": "ok"}, photo=self.upload(data, name))
            self.assertIn("photo", ctx.exception.errors)
        self.assertFalse(inspection.results.exists())

    def test_it_rejects_big_files(self):
        inspection = self.start()
        big = png_bytes() + b"\0" * (5 * 1024 * 1024)
        with self.assertRaises(InputError) as ctx:
            services.do_record_result(self.alice, inspection, self.mandatory[0].pk,
                                      {"outcome": "ok"}, photo=self.upload(big))
        self.assertIn("5 MB", ctx.exception.errors["photo"][0])

    def test_it_uploads_through_the_form(self):
        inspection = self.start()
        self.client.force_login(self.alice)
        item = self.mandatory[0]
        r = self.client.post(f"/inspections/{inspection.pk}/items/{item.pk}/",
                             {"outcome": "deficiency", "photo": self.upload(png_bytes())})
        self.assertEqual(r.status_code, 302)
        result = inspection.results.get()
        self.assertContains(self.client.get(f"/inspections/{inspection.pk}/"),
                            f"/inspections/photos/{result.pk}/")
        r = self.client.post(f"/inspections/{inspection.pk}/items/{item.pk}/",
                             {"outcome": "ok", "photo": self.upload(b"MZ\x90", "x.exe")},
                             follow=True)
        self.assertContains(r, "JPEG eller PNG")
        result.refresh_from_db()
        self.assertEqual(result.outcome, "deficiency")


class SafetyWalkTests(InspectionTestCase):
    def test_it_stores_observations_with_coordinates(self):
        walk = services.do_create_walk(
            self.alice, {"area": self.fittja.pk, "walked_on": "2025-09-18", "tenants": "8",
                         "staff": "2", "police": "1", "municipality": "2"},
            [self.housing.pk, self.police.pk, self.municipality.pk])
        self.assertEqual(walk.participant_count, 13)
        self.assertEqual(walk.walked_on, date(2025, 9, 18))
        services.do_add_observation(self.alice, walk, {
            "latitude": "59.2471", "longitude": "17.8605", "category": "lighting",
            "text": "Mörk gångväg mellan torget och skolan."})
        obs = Observation.objects.get()
        self.assertAlmostEqual(obs.latitude, 59.2471)
        self.assertAlmostEqual(obs.longitude, 17.8605)
        with self.assertRaises(InputError) as ctx:
            services.do_add_observation(self.alice, walk, {"latitude": "200", "text": "x"})
        self.assertIn("latitude", ctx.exception.errors)
        self.assertIn("longitude", ctx.exception.errors)
        with self.assertRaises(PermissionDenied):
            services.do_add_observation(self.bob, walk, {
                "latitude": "59.2", "longitude": "17.8", "text": "Bobs"})

        self.client.force_login(self.bob)
        r = self.client.get(f"/inspections/walks/{walk.pk}/")
        self.assertContains(r, "Mörk gångväg")
        self.assertContains(r, "59.2471")
        self.assertContains(r, 'name="kind" value="lighting"')
        self.assertContains(r, f'name="area" value="{self.fittja.pk}"')
        self.assertNotContains(r, 'id="observation-form"')

    def test_it_adds_an_observation_from_the_map_form(self):
        self.client.force_login(self.alice)
        self.assertContains(self.client.get("/inspections/walks/new/"), "Polisen")
        r = self.client.post("/inspections/walks/new/", {
            "area": self.fittja.pk, "tenants": "5", "participating_organisations":
            [self.police.pk], "shared": "on"})
        walk = SafetyWalk.objects.get()
        self.assertRedirects(r, f"/inspections/walks/{walk.pk}/")
        self.assertContains(self.client.get(r["Location"]), 'id="map"')
        r = self.client.post(f"/inspections/walks/{walk.pk}/observations/", {
            "latitude": "59.2480", "longitude": "17.8620", "text": "Buskage skymmer entrén",
            "category": "vegetation"}, follow=True)
        self.assertContains(r, "Buskage skymmer entrén")
        self.assertContains(r, 'name="kind" value="pruning"')
        self.assertEqual(list(walk.participating_organisations.all()), [self.police])

    def test_it_refuses_participants_outside_the_collaboration(self):
        with self.assertRaises(InputError):
            services.do_create_walk(self.alice, {"area": self.fittja.pk}, [self.outsider.pk])


class ColleagueTests(InspectionTestCase):
    def test_it_lets_colleagues_in_the_inspecting_organisation_edit(self):
        anna = make_user("anna", self.housing, Role.ADMIN)
        vera = make_user("vera", self.housing, Role.VIEWER)
        inspection = self.start()
        result = services.do_record_result(anna, inspection, self.mandatory[0].pk,
                                           {"outcome": Outcome.OK})
        self.assertEqual(result.outcome, "ok")
        with self.assertRaises(PermissionDenied):
            services.do_record_result(vera, inspection, self.mandatory[0].pk,
                                      {"outcome": "deficiency"})


class HiddenFailureTests(InspectionTestCase):
    def test_it_takes_a_certificate_away_even_when_the_failed_inspection_is_unshared(self):
        from django.utils import timezone

        self.certify(timezone.now() - timezone.timedelta(days=100))
        failed = self.start(shared="off")
        services.do_record_result(self.alice, failed, self.mandatory[0].pk,
                                  {"outcome": "deficiency"})
        services.do_finish_inspection(self.alice, failed)
        self.assertEqual(services.certified_properties(self.bob), [])
        self.assertEqual(services.certified_properties(self.alice), [])
