"""Every free text people type is masked before it is stored, the person is told what was
masked, and what is printed, exported or logged afterwards only ever holds the masks."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from audit.models import Action, AuditEntry
from inspections import services as inspections
from inspections.checklists import default_template
from inspections.models import ItemResult, Observation, SafetyWalk
from measures.models import Measure
from meetings.models import Assignment, Priority, ProblemCase
from reports.intake import do_create_report
from reports.models import Report, StatusChange
from surveys import own
from surveys.models import Survey
from tryggve.test import BaseTestCase

PNR, PHONE, EMAIL = "811218-9876", "070-123 45 67", "anna@exempel.se"
SAID = {"personnummer": "Texten innehöll ett personnummer som har maskerats.",
        "telefonnummer": "Texten innehöll ett telefonnummer som har maskerats.",
        "e-postadress": "Texten innehöll en e-postadress som har maskerats."}


class TypedTextTestCase(BaseTestCase):
    def assert_told(self, response, *kinds):
        for kind in kinds:
            self.assertContains(response, SAID[kind])

    def audit(self, action: str) -> str:
        return str(AuditEntry.objects.filter(action=action).latest("pk").detail)


class ReportTextTests(TypedTextTestCase):
    def test_it_masks_the_address_as_well_as_the_text_and_exports_only_the_masks(self):
        self.client.force_login(self.alice)
        r = self.client.post("/reports/new/", self.report_data(
            address=f"Fittjavägen 8, ring {PHONE}", text=f"Lapp med {PNR}"), follow=True)

        report = Report.objects.get()
        self.assertEqual(report.address, "Fittjavägen 8, ring [telefonnummer]")
        self.assertEqual(report.text, "Lapp med [personnummer]")
        self.assertEqual(report.masked, ["personnummer", "telefonnummer"])
        self.assert_told(r, "personnummer", "telefonnummer")
        self.client.force_login(self.bob)
        export = b"".join(self.client.get("/reports/export.csv").streaming_content).decode()
        self.assertIn("[telefonnummer]", export)
        self.assertNotIn("123 45 67", export)
        self.assertNotIn("811218", export)

    def test_it_masks_a_status_comment_in_the_report_and_in_the_audit_log(self):
        report = do_create_report(self.alice, self.report_data()).report
        self.client.force_login(self.bob)
        r = self.client.post(f"/reports/{report.pk}/status/",
                             {"status": "in_progress", "comment": f"Ringde {EMAIL}"},
                             follow=True)

        self.assertEqual(StatusChange.objects.get().comment, "Ringde [e-postadress]")
        self.assertIn("Ringde [e-postadress]", self.audit(Action.STATUS))
        self.assertNotIn(EMAIL, self.audit(Action.STATUS))
        self.assertContains(r, "Ringde [e-postadress]")
        self.assert_told(r, "e-postadress")


class MeetingTextTests(TypedTextTestCase):
    def setUp(self):
        self.client.force_login(self.bob)

    def test_it_masks_priorities_and_assignments(self):
        r = self.client.post("/meetings/test/2025-W23/priorities/", {
            "problem": f"Bråk, anmält av {EMAIL}", "place": self.square.pk,
            "reason": f"Boende {PNR} klagar"}, follow=True)
        priority = Priority.objects.get()
        self.assertEqual((priority.problem, priority.reason),
                         ("Bråk, anmält av [e-postadress]", "Boende [personnummer] klagar"))
        self.assertNotIn(EMAIL, self.audit("priority"))
        self.assert_told(r, "e-postadress", "personnummer")

        r = self.client.post("/meetings/test/2025-W23/assignments/", {
            "resource": "security_guard", "responsible": self.housing.pk,
            "place": self.square.pk, "starts_at": "2025-06-09T19:00",
            "ends_at": "2025-06-09T23:00", "task": f"Ring {PHONE} vid porten"}, follow=True)
        assignment = Assignment.objects.get()
        self.assertEqual(assignment.task, "Ring [telefonnummer] vid porten")
        self.assert_told(r, "telefonnummer")

        r = self.client.post(f"/meetings/assignments/{assignment.pk}/status/",
                             {"status": "done", "outcome": f"Pratade med {PNR}"}, follow=True)
        assignment.refresh_from_db()
        self.assertEqual(assignment.outcome, "Pratade med [personnummer]")
        self.assert_told(r, "personnummer")

    def test_it_masks_case_titles_and_the_analysis(self):
        r = self.client.post("/meetings/cases/new/test/", {
            "place": self.square.pk, "title": f"Bråk hos {PNR}",
            "description": f"Mejl från {EMAIL}"}, follow=True)
        case = ProblemCase.objects.get()
        self.assertEqual((case.title, case.description),
                         ("Bråk hos [personnummer]", "Mejl från [e-postadress]"))
        self.assertIn("Bråk hos [personnummer]", self.audit("case_open"))
        self.assert_told(r, "personnummer", "e-postadress")

        r = self.client.post(f"/meetings/cases/{case.pk}/update/",
                             {"offender": f"Ring {PHONE}"}, follow=True)
        case.refresh_from_db()
        self.assertEqual(case.offender, "Ring [telefonnummer]")
        self.assert_told(r, "telefonnummer")


class MeasureAndInspectionTextTests(TypedTextTestCase):
    def setUp(self):
        self.client.force_login(self.alice)

    def test_it_masks_measure_titles_in_the_measure_and_the_audit_log(self):
        r = self.client.post("/measures/new/", {
            "collaboration": "test", "title": f"Ny lampa, ring {PHONE}", "kind": "lighting",
            "corner": "place", "area": self.fittja.pk, "status": "planned"}, follow=True)

        self.assertEqual(Measure.objects.get().title, "Ny lampa, ring [telefonnummer]")
        self.assertIn("Ny lampa, ring [telefonnummer]", self.audit("measure_create"))
        self.assert_told(r, "telefonnummer")

    def test_it_masks_inspection_comments(self):
        inspection = inspections.do_start_inspection(self.alice, {"property": self.house.pk})
        item = default_template().sections.first().items.first()
        r = self.client.post(f"/inspections/{inspection.pk}/items/{item.pk}/", {
            "outcome": "deficiency", "comment": f"Nyckel hos {PNR}"}, follow=True)

        self.assertEqual(ItemResult.objects.get().comment, "Nyckel hos [personnummer]")
        self.assert_told(r, "personnummer")

    def test_it_masks_safety_walk_routes_and_observations(self):
        r = self.client.post("/inspections/walks/new/", {
            "area": self.fittja.pk, "walked_on": "2025-09-18", "tenants": "8",
            "route": f"Från torget, kontakt {PHONE}"}, follow=True)
        walk = SafetyWalk.objects.get()
        self.assertEqual(walk.route, "Från torget, kontakt [telefonnummer]")
        self.assert_told(r, "telefonnummer")

        r = self.client.post(f"/inspections/walks/{walk.pk}/observations/", {
            "latitude": "59.247", "longitude": "17.86", "text": f"Mörkt, sa {EMAIL}"},
            follow=True)
        self.assertEqual(Observation.objects.get().text, "Mörkt, sa [e-postadress]")
        self.assert_told(r, "e-postadress")


class SurveyTitleTests(TypedTextTestCase):
    def setUp(self):
        self.client.force_login(self.bob)

    def test_it_masks_an_own_survey_title_before_residents_see_it(self):
        today = timezone.localdate()
        r = self.client.post("/surveys/own/new/test/", {
            "title": f"Trygghet – frågor till {EMAIL}", "owner": self.municipality.pk,
            "areas": [self.fittja.pk], "questions": ["safe_area"],
            "period_start": today.isoformat(),
            "period_end": (today + timedelta(days=14)).isoformat()}, follow=True)
        survey = Survey.objects.get()
        self.assertEqual(survey.title, "Trygghet – frågor till [e-postadress]")
        self.assert_told(r, "e-postadress")

        code = own.issue_tokens(self.bob, survey, self.fittja, 1)[0]
        page = Client().get(f"/enkat/{code}/")
        self.assertContains(page, "Trygghet – frågor till [e-postadress]")
        self.assertNotContains(page, EMAIL)

    def test_it_masks_the_title_of_an_imported_survey_round(self):
        r = self.client.post("/surveys/new/", {
            "collaboration": self.est.pk, "owner": self.municipality.pk,
            "provider": "aktivbo", "title": f"AktivBo 2025 (kontakt {PHONE})",
            "period_start": "2025-01-01", "period_end": "2025-03-31", "shared": "on"},
            follow=True)

        self.assertEqual(Survey.objects.get().title, "AktivBo 2025 (kontakt [telefonnummer])")
        self.assert_told(r, "telefonnummer")
