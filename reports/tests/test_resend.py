"""A phone that lost its connection sends the same report again with the same id. The
resend is compared by the content stored at creation (a hash of the normalised request):
the same content gets the stored report back, other content a 409 that says nothing about
whose report holds the id or what it says."""

import json
import uuid

from audit.models import Action, AuditEntry
from orgs.models import ApiToken
from reports.intake import do_create_report
from reports.models import Report
from tryggve.test import BaseTestCase

TAKEN = {"detail": "Rapporten kunde inte tas emot.",
         "errors": {"id": ["Det här id:t används redan av en annan rapport."]}}


class ResendTestCase(BaseTestCase):
    def setUp(self):
        _, self.alice_token = ApiToken.issue(self.alice)
        _, self.charlie_token = ApiToken.issue(self.charlie)
        self.data = self.report_data(id=str(uuid.uuid4()), occurred_at="2025-06-07T21:30",
                                     text="Klotter på gaveln, ring 070-123 45 67.")

    def post(self, data, token=None):
        return self.client.post("/api/reports", json.dumps(data), content_type="application/json",
                                headers={"Authorization": f"Bearer {token or self.alice_token}"})

    def test_it_answers_a_resend_of_the_same_content_with_the_stored_report(self):
        first = self.post(self.data)
        second = self.post(self.data)

        self.assertEqual((first.status_code, second.status_code), (201, 200))
        self.assertEqual(second.json() | {"created": True}, first.json())
        self.assertEqual(Report.objects.count(), 1)
        self.assertEqual(AuditEntry.objects.filter(action=Action.RESEND).count(), 1)

    def test_it_compares_the_cleaned_request_so_spelling_that_means_the_same_matches(self):
        self.post(self.data)
        same = self.data | {"text": "  Klotter på gaveln, ring 070-123 45 67.\n",
                            "collaboration": "test", "level": "preventive",
                            "occurred_at": "2025-06-07 21:30:00+02:00"}

        self.assertEqual(self.post(same).status_code, 200)

    def test_it_matches_a_resend_without_a_time_although_it_arrives_later(self):
        data = {k: v for k, v in self.data.items() if k != "occurred_at"}
        first = self.post(data)
        second = self.post(data)

        self.assertEqual((first.status_code, second.status_code), (201, 200))
        self.assertEqual(second.json()["occurred_at"], first.json()["occurred_at"])

    def test_it_refuses_other_content_under_a_stored_id_without_showing_it(self):
        self.post(self.data)
        r = self.post(self.data | {"text": "Något helt annat."})

        self.assertEqual(r.status_code, 409)
        self.assertEqual(r.json(), TAKEN)
        self.assertEqual(Report.objects.get().text, "Klotter på gaveln, ring [telefonnummer].")

    def test_it_gives_another_tenant_the_same_answer_whatever_it_sends(self):
        self.post(self.data)
        same_content = self.post(self.data, token=self.charlie_token)
        other_content = self.post(self.data | {"text": "x"}, token=self.charlie_token)

        self.assertEqual((same_content.status_code, other_content.status_code), (409, 409))
        self.assertEqual(same_content.json(), TAKEN)
        self.assertEqual(other_content.json(), TAKEN)
        body = same_content.content.decode()
        for secret in ("fittjabyggen", "Fittja", "Klotter", "telefonnummer", "alice"):
            self.assertNotIn(secret, body)

    def test_it_checks_a_resend_like_any_request_before_comparing(self):
        self.post(self.data)
        r = self.post(self.data | {"category": "ufo"})

        self.assertEqual(r.status_code, 422)
        self.assertEqual(list(r.json()["errors"]), ["category"])

    def test_it_compares_reports_stored_before_hashing_by_visibility_alone(self):
        old = do_create_report(self.alice, self.data).report
        Report.objects.filter(pk=old.pk).update(request_hash=None)

        self.assertEqual(self.post(self.data | {"text": "Ändrad"}).status_code, 200)
        self.assertEqual(self.post(self.data, token=self.charlie_token).status_code, 409)
        self.assertEqual(Report.objects.get().text, "Klotter på gaveln, ring [telefonnummer].")

    def test_it_stores_one_report_when_the_form_is_sent_twice(self):
        self.client.force_login(self.alice)
        form = {k: str(v) for k, v in self.data.items()}
        first = self.client.post("/reports/new/", form)
        second = self.client.post("/reports/new/", form)

        receipt = f"/reports/{self.data['id']}/receipt/"
        self.assertRedirects(first, receipt, fetch_redirect_response=False)
        self.assertRedirects(second, receipt, fetch_redirect_response=False)
        self.assertEqual(Report.objects.count(), 1)
