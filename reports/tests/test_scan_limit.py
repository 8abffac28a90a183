"""The masking preview while typing: 30 checks a minute per user, then a calm 429."""

from datetime import timedelta
from unittest import mock

from django.utils import timezone

from tryggve.test import BaseTestCase


class ScanLimitTests(BaseTestCase):
    def setUp(self):
        self.half_past = timezone.now().replace(second=30)
        clock = mock.patch("tryggve.limits.counters.clock", return_value=self.half_past)
        clock.start()
        self.addCleanup(clock.stop)

    def scan(self, user):
        self.client.force_login(user)
        return self.client.post("/reports/scan/", {"text": "Hyresgäst 811218-9876"},
                                HTTP_HX_REQUEST="true")

    def test_it_scans_thirty_times_a_minute_per_user_then_says_why_it_stopped(self):
        statuses = [self.scan(self.alice).status_code for _ in range(30)]
        self.assertEqual(statuses, [200] * 30)
        r = self.scan(self.alice)
        self.assertContains(r, "för många kontroller på en minut", status_code=429)
        self.assertContains(r, "maskeras ändå när du skickar", status_code=429)
        self.assertNotContains(r, "personnummer", status_code=429)
        self.assertGreater(int(r["Retry-After"]), 0)

        self.assertContains(self.scan(self.bob), "personnummer")  # another user scans on
        later = self.half_past + timedelta(minutes=1)
        with mock.patch("tryggve.limits.counters.clock", return_value=later):
            self.assertContains(self.scan(self.alice), "personnummer")
