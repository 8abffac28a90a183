"""What an API client notices about refused input: the status, the field named in
``errors`` and a message that says what is accepted, and never a 500."""

import json

from django.test import Client

from orgs.models import ApiToken
from reports.models import Report
from tryggve.schemas import MAX_OFFSET
from tryggve.test import ReportsTestCase


class ApiInputTestCase(ReportsTestCase):
    def setUp(self):
        _, token = ApiToken.issue(self.bob)
        self.headers = {"Authorization": f"Bearer {token}"}

    def get(self, path, **params):
        return self.client.get(path, params, headers=self.headers)

    def post(self, path, body: str):
        return self.client.post(path, body, content_type="application/json",
                                headers=self.headers)

    def refused(self, response, status=422) -> dict:
        self.assertEqual(response.status_code, status, response.content)
        body = response.json()
        self.assertEqual(set(body), {"detail", "errors"})
        return body["errors"]


class MalformedBodyTestCase(ApiInputTestCase):
    def test_it_answers_a_body_that_is_not_json_with_400_and_errors(self):
        for path in ("/api/reports", f"/api/reports/{self.shared.pk}/status"):
            errors = self.refused(self.post(path, '{"category": "graffiti",'), 400)
            self.assertEqual(errors, {"body": ["Skicka ett JSON-objekt."]})
        self.assertEqual(Report.objects.count(), 3)

    def test_it_answers_json_that_is_not_a_report_with_422(self):
        for body in ('["graffiti"]', '"graffiti"', "null", "7"):
            self.assertTrue(self.refused(self.post("/api/reports", body)), body)


class PagingTestCase(ApiInputTestCase):
    def test_it_refuses_a_huge_offset_with_422_naming_the_offset(self):
        for path in ("/api/reports", "/api/measures"):
            errors = self.refused(self.get(path, offset="100000000000000000000"))
            self.assertEqual(errors, {"offset": [f"Högst {MAX_OFFSET}."]}, path)
            self.assertEqual(self.get(path, offset=MAX_OFFSET).json()["items"], [])

    def test_it_refuses_limits_outside_their_bounds_instead_of_bending_them(self):
        self.assertEqual(self.refused(self.get("/api/reports", limit=0)),
                         {"limit": ["Minst 1."]})
        self.assertEqual(self.refused(self.get("/api/reports", limit=501)),
                         {"limit": ["Högst 500."]})
        self.assertEqual(self.refused(self.get("/api/measures", limit="ten")),
                         {"limit": ["Ange ett heltal."]})
        self.assertEqual(self.get("/api/reports", limit=500).json()["limit"], 500)


class FixedSetsTestCase(ApiInputTestCase):
    def test_it_refuses_an_unknown_level_naming_the_allowed_values(self):
        allowed = "Okänt värde 'urgent'. Tillåtna värden: preventive, disturbance, acute."
        self.assertEqual(self.refused(self.get("/api/reports", level="urgent")),
                         {"level": [allowed]})
        self.assertEqual(
            self.refused(self.get("/api/picture/test/2025-W23/map", level="urgent")),
            {"level": [allowed]})

    def test_it_refuses_an_unknown_status_group_and_question(self):
        errors = self.refused(self.get("/api/reports", status="done", group="ufo"))
        self.assertEqual(errors["status"],
                         ["Okänt värde 'done'. Tillåtna värden: new, in_progress, closed."])
        self.assertIn("social_disorder", errors["group"][0])
        errors = self.refused(self.get("/api/surveys/test/shares", question="happy"))
        self.assertIn("safe_area", errors["question"][0])

    def test_it_refuses_an_unknown_visibility_when_reporting(self):
        body = json.dumps({"category": "graffiti", "place": "Fittja torg",
                           "visibility": "public"})
        errors = self.refused(self.post("/api/reports", body))
        self.assertEqual(errors, {"visibility": [
            "Okänt värde 'public'. Tillåtna värden: shared, internal."]})


class ShapesTestCase(ApiInputTestCase):
    def test_it_refuses_what_is_not_a_week_and_a_week_the_year_lacks(self):
        self.assertEqual(self.refused(self.get("/api/reports", week="2025-07")),
                         {"week": ["'2025-07' är inte en vecka (skriv t.ex. 2025-W07)."]})
        self.assertEqual(self.refused(self.get("/api/picture/test/2025-W53")),
                         {"week": ["År 2025 har ingen vecka 53 (det har 52)."]})
        self.assertEqual(self.get("/api/picture/test/2025v23").json()["week"], "2025-W23")

    def test_it_wants_ids_as_integers_and_slugs_as_slugs(self):
        self.assertEqual(self.refused(self.get("/api/reports", place="Fittja torg")),
                         {"place": ["Ange ett heltal."]})
        errors = self.refused(self.get("/api/picture/EST Testkommun/2025-W23"))
        self.assertEqual(list(errors), ["collaboration"])

    def test_it_refuses_nul_characters_and_overlong_addresses_before_storing(self):
        body = {"category": "graffiti", "place": "Fittja torg"}
        errors = self.refused(self.post("/api/reports", json.dumps(body | {"text": "a\x00b"})))
        self.assertEqual(errors, {"text": ["Innehåller otillåtna styrtecken."]})
        errors = self.refused(self.post("/api/reports",
                                        json.dumps(body | {"address": "Storgatan " * 30})))
        self.assertEqual(errors, {"address": ["Texten är för lång (300 tecken, högst 200)."]})
        self.assertEqual(Report.objects.count(), 3)


class CallersTestCase(ApiInputTestCase):
    def test_it_asks_an_anonymous_writer_to_log_in_rather_than_for_a_csrf_token(self):
        client = Client(enforce_csrf_checks=True)
        r = client.post("/api/reports", "{}", content_type="application/json")
        self.assertEqual(r.status_code, 401)

    def test_it_refuses_a_session_write_without_its_csrf_token_as_json(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.alice)
        r = client.post("/api/reports", json.dumps({"category": "graffiti"}),
                        content_type="application/json")
        errors = self.refused(r, 403)
        self.assertEqual(errors, {})
        self.assertIn("CSRF", r.json()["detail"])
