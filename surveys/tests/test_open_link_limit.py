"""The open link cannot be stuffed: at most 3 answers an hour from one address to one area."""

from datetime import timedelta
from unittest import mock

from django.test import Client
from django.utils import timezone

from surveys import bank, own
from surveys.models import AnswerToken
from surveys.tests.test_own import ANSWERS, OwnSurveyTestCase
from tryggve.limits.models import RateCounter


class OpenLinkLimitTests(OwnSurveyTestCase):
    def setUp(self):
        super().setUp()
        # Half past the hour: no test run straddles two windows.
        self.half_past = timezone.now().replace(minute=30)
        clock = mock.patch("tryggve.limits.counters.clock", return_value=self.half_past)
        clock.start()
        self.addCleanup(clock.stop)

    def url(self, area=None) -> str:
        return f"/enkat/o/{own.open_key(self.survey, area or self.alby)}/"

    def fresh_browser_answers(self, address: str, area=None, answers=None):
        """A script's way: a new cookie jar, a visit for the cookie, one submit."""
        browser = Client(enforce_csrf_checks=True, REMOTE_ADDR=address)
        self.open_form(browser, self.url(area))
        return browser.post(self.url(area), (ANSWERS if answers is None else answers)
                            | {"csrfmiddlewaretoken": self.csrf(browser)})

    def test_it_counts_three_answers_from_one_address_and_refuses_the_rest(self):
        results = [self.fresh_browser_answers("198.51.100.7").status_code for _ in range(20)]
        self.assertEqual(results, [302] * 3 + [429] * 17)
        self.assertEqual(own.answers_per_area(self.survey)[self.alby.pk], 3)
        self.assertEqual(AnswerToken.objects.count(), 3)

        refused = self.fresh_browser_answers("198.51.100.7")
        self.assertContains(refused, "Högst 3 svar i timmen", status_code=429)
        self.assertGreater(int(refused["Retry-After"]), 0)
        # Another area from the same address, and the same area from another, still count.
        self.assertEqual(self.fresh_browser_answers("198.51.100.7", self.fittja).status_code, 302)
        self.assertEqual(self.fresh_browser_answers("198.51.100.8").status_code, 302)
        self.assertEqual(own.answers_per_area(self.survey)[self.alby.pk], 4)

    def test_an_answer_that_was_not_stored_does_not_use_up_the_allowance(self):
        incomplete = {bank.MAIN: "very_safe"}
        for _ in range(5):
            r = self.fresh_browser_answers("198.51.100.9", answers=incomplete)
            self.assertEqual(r.status_code, 400)
        for _ in range(3):
            self.assertEqual(self.fresh_browser_answers("198.51.100.9").status_code, 302)

    def test_it_takes_answers_again_the_next_hour_and_forgets_the_old_counters(self):
        for _ in range(3):
            self.fresh_browser_answers("198.51.100.10")
        self.assertEqual(self.fresh_browser_answers("198.51.100.10").status_code, 429)
        later = self.half_past + timedelta(hours=1)
        with mock.patch("tryggve.limits.counters.clock", return_value=later):
            self.assertEqual(self.fresh_browser_answers("198.51.100.10").status_code, 302)
        self.assertEqual(RateCounter.objects.count(), 1)  # last hour's row is gone

    def test_it_keeps_no_address_in_the_counter(self):
        self.fresh_browser_answers("198.51.100.11")
        row = RateCounter.objects.get()
        self.assertNotIn("198.51.100.11", f"{row.digest} {row.hits} {row.expires_at}")
        self.assertEqual(row.expires_at, self.half_past.replace(minute=0, second=0,
                                                                microsecond=0)
                         + timedelta(hours=1))
