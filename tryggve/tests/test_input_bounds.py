"""Input past a field's bounds gets a clear Swedish message and stores nothing: dates at
the ends of the calendar, control characters, texts longer than their field, a megabyte
pasted into the live scan. (Each of these once ended in a 500 or a slow page.)"""

import json
from datetime import timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from inspections.models import Observation, SafetyWalk
from meetings.models import Assignment, Meeting, Priority, ProblemCase
from orgs.models import ApiToken
from reports.intake import do_create_report
from reports.models import Report, StatusChange
from surveys.models import Survey
from tryggve.test import BaseTestCase

YEARS = "Välj ett datum mellan år 2000 och 2100."
CONTROL = "Innehåller otillåtna styrtecken."
SLUG = "Får bara innehålla a–z, A–Z, 0–9, - och _."
CELL = "Ange en H3-cell (15 tecken 0–9 och a–f)."


class ApiBoundsTests(BaseTestCase):
    def setUp(self):
        _, self.token = ApiToken.issue(self.alice)

    def post(self, data, token=None):
        return self.client.post("/api/reports", json.dumps(data), content_type="application/json",
                                headers={"Authorization": f"Bearer {token or self.token}"})

    def assert_refused(self, data, field, message, token=None):
        r = self.post(data, token)
        self.assertEqual(r.status_code, 422, r.content)
        self.assertEqual(r.json()["errors"][field], [message])
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_nul_and_other_control_characters_in_any_field(self):
        self.assert_refused(self.report_data(text="Klotter\x00"), "text", CONTROL)
        self.assert_refused(self.report_data(address="Port 1\x00"), "address", CONTROL)
        self.assert_refused(self.report_data(area="fitt\x00ja"), "area", CONTROL)
        self.assert_refused(self.report_data(place="torg\x1b"), "place", CONTROL)

    def test_it_refuses_control_characters_before_a_superusers_lookup_by_name(self):
        admin = User.objects.create_superuser("root", password="a-long-test-password")
        _, token = ApiToken.issue(admin)
        self.assert_refused(self.report_data(collaboration="test", organisation="fitt\x00"),
                            "organisation", SLUG, token=token)

    def test_it_refuses_an_address_longer_than_its_field(self):
        self.assert_refused(self.report_data(address="Fittjavägen " + "8" * 189),
                            "address", "Texten är för lång (201 tecken, högst 200).")

    def test_it_refuses_an_address_that_masking_would_make_too_long(self):
        self.assert_refused(
            self.report_data(address="Fittjavägen 8 " + "x" * 171 + " 0701234567"), "address",
            "Texten blir för lång när personuppgifterna maskeras (201 tecken, högst 200). "
            "Korta den.")

    def test_it_refuses_a_people_count_past_the_models_bound(self):
        self.assert_refused(self.report_data(people_count=10_001), "people_count",
                            "Högst 10000.")

    def test_it_refuses_a_status_comment_with_a_nul_or_past_its_length(self):
        report = do_create_report(self.alice, self.report_data()).report
        _, token = ApiToken.issue(self.bob)
        for comment, message in (("ok\x00", CONTROL),
                                 ("x" * 501, "Texten är för lång (501 tecken, högst 500).")):
            r = self.client.post(f"/api/reports/{report.pk}/status",
                                 json.dumps({"status": "closed", "comment": comment}),
                                 content_type="application/json",
                                 headers={"Authorization": f"Bearer {token}"})
            self.assertEqual(r.status_code, 422)
            self.assertEqual(r.json()["errors"]["comment"], [message])
        self.assertFalse(StatusChange.objects.exists())


class PageBoundsTests(BaseTestCase):
    def test_it_refuses_an_assignment_in_year_one_and_leaves_no_meeting_behind(self):
        self.client.force_login(self.bob)
        r = self.client.post("/meetings/test/2025-W23/assignments/", {
            "resource": "security_guard", "responsible": self.housing.pk,
            "place": self.square.pk, "starts_at": "0001-01-01T00:00",
            "ends_at": "9999-12-31T23:59", "task": "Rundor"}, follow=True)

        self.assertContains(r, YEARS, count=2)
        self.assertFalse(Assignment.objects.exists())
        self.assertFalse(Meeting.objects.exists())

    def test_it_refuses_a_megabyte_priority_reason(self):
        self.client.force_login(self.bob)
        r = self.client.post("/meetings/test/2025-W23/priorities/", {
            "problem": "Bråk", "place": self.square.pk, "reason": "x" * 1_000_000},
            follow=True)

        self.assertContains(r, "Texten är för lång (1000000 tecken, högst 2000).")
        self.assertFalse(Priority.objects.exists())

    def test_it_refuses_a_case_title_of_ten_thousand_characters(self):
        self.client.force_login(self.bob)
        r = self.client.post("/meetings/cases/new/test/", {
            "place": self.square.pk, "title": "Bråk " * 2000}, follow=True)

        self.assertContains(r, "Texten är för lång (9999 tecken, högst 200).")
        self.assertFalse(ProblemCase.objects.exists())

    def test_it_refuses_safety_walks_in_year_one_and_9999(self):
        self.client.force_login(self.alice)
        for day in ("0001-01-01", "9999-12-31"):
            r = self.client.post("/inspections/walks/new/", {
                "area": self.fittja.pk, "walked_on": day, "tenants": "3"})
            self.assertContains(r, YEARS, status_code=400)
        r = self.client.post("/inspections/walks/new/", {
            "area": self.fittja.pk, "tenants": "501", "route": "Torget\x00"})
        self.assertContains(r, "Ange ett antal mellan 0 och 500.", status_code=400)
        self.assertContains(r, CONTROL, status_code=400)
        self.assertFalse(SafetyWalk.objects.exists())

    def test_it_refuses_an_observation_with_a_nul(self):
        self.client.force_login(self.alice)
        self.client.post("/inspections/walks/new/", {"area": self.fittja.pk})
        walk = SafetyWalk.objects.get()
        r = self.client.post(f"/inspections/walks/{walk.pk}/observations/", {
            "latitude": "59.247", "longitude": "17.86", "text": "Mörkt\x00"}, follow=True)

        self.assertContains(r, CONTROL)
        self.assertFalse(Observation.objects.exists())

    def test_it_refuses_an_own_survey_running_until_9999(self):
        self.client.force_login(self.bob)
        today = timezone.localdate()
        r = self.client.post("/surveys/own/new/test/", {
            "title": "Hösten", "owner": self.municipality.pk, "areas": [self.fittja.pk],
            "questions": ["safe_area"], "period_start": "9999-01-01",
            "period_end": (today + timedelta(days=14)).isoformat()})

        self.assertContains(r, YEARS, status_code=400)
        self.assertFalse(Survey.objects.exists())

    def test_it_refuses_a_survey_round_from_year_one(self):
        self.client.force_login(self.bob)
        r = self.client.post("/surveys/new/", {
            "collaboration": self.est.pk, "owner": self.municipality.pk,
            "provider": "aktivbo", "title": "AktivBo", "period_start": "0001-01-01",
            "period_end": "2025-03-31"})

        self.assertContains(r, YEARS, status_code=400)
        self.assertFalse(Survey.objects.exists())

    def test_it_clips_a_megabyte_to_the_report_limit_before_the_live_scan(self):
        self.client.force_login(self.polly)
        r = self.client.post("/reports/scan/", {"text": "Hyresgäst 811218-9876 " + "x" * 999_978})

        self.assertContains(r, "Texten är för lång (1000000 tecken, högst 2000).")
        self.assertContains(r, "personnummer")


class QueryBoundsTests(BaseTestCase):
    """What a URL carries is looked up only when it can be what is stored."""

    def setUp(self):
        _, token = ApiToken.issue(self.bob)
        self.headers = {"Authorization": f"Bearer {token}"}

    def test_it_refuses_control_characters_in_report_filters(self):
        r = self.client.get("/api/reports", {"area": "fitt\x00ja", "cell": "8\x00"},
                            headers=self.headers)
        self.assertEqual(r.status_code, 422)
        self.assertEqual(r.json()["errors"], {"area": [SLUG], "cell": [CELL]})
        self.client.force_login(self.bob)
        self.assertContains(self.client.get("/reports/", {"collaboration": "te\x00st"}),
                            CONTROL, status_code=400)

    def test_it_finds_no_collaboration_by_a_name_that_cannot_be_a_slug(self):
        for path in ("/api/measures?collaboration=te%00st", "/api/surveys/te%00st/shares",
                     "/api/picture/te%00st/2025-W23"):
            r = self.client.get(path, headers=self.headers)
            self.assertEqual(r.status_code, 422, path)  # refused by its type, never looked up
            self.assertEqual(list(r.json()["errors"].values()), [[SLUG]])
        self.client.force_login(self.bob)
        self.assertEqual(self.client.get("/surveys/?collaboration=te%00st").status_code, 404)
        self.assertEqual(self.client.get("/measures/new/?collaboration=te%00st").status_code,
                         404)
