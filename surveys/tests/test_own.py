"""Our own survey: residents answer by code or open link, once, anonymously; staff create
surveys, print notices and code sheets, and close them."""

import hashlib
import os
from datetime import UTC, time, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.apps import apps
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import connection, models
from django.test import Client
from django.utils import timezone

from accounts.models import UserSession as Session  # the SESSION_ENGINE's model
from audit.models import AuditEntry
from surveys import bank, own
from surveys.models import AnswerCount, AnswerToken, Provider
from tryggve.errors import InputError
from tryggve.test import BaseTestCase, build_cast


def time_module_now() -> float:
    import time as time_module

    return time_module.time()


QUESTIONS = [bank.MAIN, "safe_evening", "worry_crime"]
ANSWERS = {bank.MAIN: "fairly_safe", "safe_evening": "very_unsafe", "worry_crime": "dont_know"}
IP, AGENT = "203.0.113.77", "Mozilla/5.0 (Linux; Android 14; Pixel 8) TestPhone/1.0"


def create_survey(cast, **overrides):
    today = timezone.localdate()
    args = {"user": cast.bob, "collaboration": cast.est, "owner_org_id": cast.municipality.pk,
            "title": "Trygghetsenkät Fittja och Alby", "area_ids": [cast.fittja.pk, cast.alby.pk],
            "question_codes": QUESTIONS, "period_start": today,
            "period_end": today + timedelta(days=30)}
    return own.do_create_own_survey(**(args | overrides))


class OwnSurveyTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.survey = create_survey(cls)

    def setUp(self):
        self.resident = Client(enforce_csrf_checks=True, REMOTE_ADDR=IP, HTTP_USER_AGENT=AGENT)

    def count(self, area, question, answer) -> int:
        return AnswerCount.objects.get(survey=self.survey, area=area, property=None,
                                       question=question, answer=answer).count

    def counts(self) -> dict:
        return {(c.area_id, c.question, c.answer): c.count
                for c in AnswerCount.objects.filter(survey=self.survey)}

    def code(self, area=None) -> str:
        return own.issue_tokens(self.bob, self.survey, area or self.fittja, 1)[0]

    def open_form(self, client, url):
        """GET the form as a phone would; returns the response (the CSRF cookie is set)."""
        response = client.get(url)
        self.assertEqual(response.status_code, 200, response.content[:300])
        return response

    def csrf(self, client) -> str:
        return client.cookies["csrftoken"].value

    def answer_with(self, client, code: str, answers=None):
        self.open_form(client, f"/enkat/{code}/")
        data = (ANSWERS if answers is None else answers) | {
            "token": code, "csrfmiddlewaretoken": self.csrf(client)}
        return client.post("/enkat/svar/", data)


class AnsweringTests(OwnSurveyTestCase):
    def test_it_counts_a_residents_answers_via_a_code(self):
        code = self.code()
        page = self.open_form(self.resident, f"/enkat/{code}/")
        self.assertContains(page, '<html lang="sv">')
        self.assertContains(page, "Trygghetsenkät Fittja och Alby")
        self.assertContains(page, "Hur trygg känner du dig i ditt bostadsområde?")
        self.assertContains(page, "Ganska trygg")
        self.assertContains(page, "Svaren är anonyma. Vi sparar inga personuppgifter.")
        self.assertContains(page, 'type="radio" name="safe_area" value="dont_know"')
        self.assertContains(page, '<meta name="viewport"')
        self.assertIn("no-store", page["Cache-Control"])

        before = self.counts()
        r = self.answer_with(self.resident, code)
        self.assertRedirects(r, "/enkat/tack/", fetch_redirect_response=False)
        self.assertContains(self.resident.get("/enkat/tack/"), "Tack för ditt svar!")

        self.assertEqual(self.count(self.fittja, bank.MAIN, "fairly_safe"), 1)
        self.assertEqual(self.count(self.fittja, "safe_evening", "very_unsafe"), 1)
        self.assertEqual(self.count(self.fittja, "worry_crime", "dont_know"), 1)
        changed = {k for k, v in self.counts().items() if v != before[k]}
        self.assertEqual(len(changed), 3)  # nothing else moved, Alby untouched
        self.assertTrue(all(area == self.fittja.pk for area, _q, _a in changed))
        token = AnswerToken.objects.get(token_hash=hashlib.sha256(code.encode()).hexdigest())
        self.assertIsNotNone(token.used_at)
        self.assertEqual(own.answers_per_area(self.survey), {self.fittja.pk: 1,
                                                             self.alby.pk: 0})

    def test_it_refuses_the_same_code_a_second_time_and_counts_nothing(self):
        code = self.code()
        self.answer_with(self.resident, code)
        counts = self.counts()

        again = Client(enforce_csrf_checks=True)
        page = again.get(f"/enkat/{code}/")
        self.assertContains(page, "Koden är redan använd", status_code=410)
        self.assertNotContains(page, 'type="radio"', status_code=410)
        again.get("/enkat/")  # a CSRF cookie, as a form page would give
        r = again.post("/enkat/svar/", ANSWERS | {"token": code,
                                                  "csrfmiddlewaretoken": self.csrf(again)})
        self.assertContains(r, "Koden är redan använd", status_code=410)
        self.assertEqual(self.counts(), counts)
        with self.assertRaises(InputError) as caught:
            own.do_answer(self.survey, self.fittja, code, ANSWERS)
        self.assertEqual(caught.exception.status, 410)
        self.assertEqual(self.counts(), counts)

    def test_it_refuses_a_code_of_another_area_or_survey(self):
        fittja_code = self.code(self.fittja)
        other = create_survey(self, title="Annan enkät", area_ids=[self.fittja.pk])
        other_code = own.issue_tokens(self.bob, other, self.fittja, 1)[0]
        counts = self.counts()
        for area, code in ((self.alby, fittja_code), (self.fittja, other_code),
                           (self.fittja, "K7M4Q9PX2HWD"), (self.fittja, "nonsense")):
            with self.subTest(area=area.name, code=code):
                with self.assertRaises(InputError) as caught:
                    own.do_answer(self.survey, area, code, ANSWERS)
                self.assertEqual(caught.exception.status, 404)
        self.assertEqual(self.counts(), counts)
        self.assertFalse(AnswerToken.objects.filter(used_at__isnull=False).exists())

        page = self.resident.get("/enkat/K7M4Q9PX2HWD/")
        self.assertContains(page, "Koden finns inte", status_code=404)
        self.assertContains(page, 'name="kod"', status_code=404)  # try typing it again

    def test_it_refuses_incomplete_answers_and_stores_nothing(self):
        code = self.code()
        counts = self.counts()
        r = self.answer_with(self.resident, code, {bank.MAIN: "very_safe"})
        self.assertContains(r, "Svaren skickades inte.", status_code=400)
        self.assertContains(r, "Svara på frågan, eller välj ”Vet inte”.", status_code=400)
        self.assertContains(r, 'value="very_safe" checked', status_code=400)  # kept
        self.assertContains(r, 'id="q-safe_evening" aria-describedby="err-safe_evening"',
                            status_code=400)
        r = self.resident.post("/enkat/svar/", ANSWERS | {
            "worry_crime": "terrified", "token": code,
            "csrfmiddlewaretoken": self.csrf(self.resident)})
        self.assertContains(r, "Välj ett av svarsalternativen.", status_code=400)
        with self.assertRaises(InputError) as caught:
            own.do_answer(self.survey, self.fittja, code, ANSWERS | {"lighting": "very_satisfied"})
        self.assertEqual(set(caught.exception.errors), {"lighting"})

        self.assertEqual(self.counts(), counts)
        self.assertIsNone(AnswerToken.objects.get(survey=self.survey).used_at)
        r = self.answer_with(self.resident, code)  # the code still works
        self.assertRedirects(r, "/enkat/tack/", fetch_redirect_response=False)

    def test_it_shows_the_page_in_english_with_the_language_cookie(self):
        code = self.code()
        self.open_form(self.resident, f"/enkat/{code}/")
        r = self.resident.post("/i18n/setlang/", {
            "language": "en", "next": f"/enkat/{code}/",
            "csrfmiddlewaretoken": self.csrf(self.resident)})  # no login needed
        self.assertRedirects(r, f"/enkat/{code}/", fetch_redirect_response=False)
        page = self.resident.get(f"/enkat/{code}/")
        self.assertContains(page, '<html lang="en">')
        self.assertContains(page, "How safe do you feel in your residential area?")
        self.assertContains(page, ">Fairly safe</span>")
        self.assertContains(page, ">Don&#x27;t know</span>")
        self.assertContains(page, "Your answers are anonymous. We store no personal data.")
        self.assertContains(page, ">Svenska</button>")
        self.assertNotContains(page, "Hur trygg känner du dig i ditt bostadsområde?")
        r = self.resident.post("/enkat/svar/", {"token": code, "csrfmiddlewaretoken":
                                                self.csrf(self.resident)})
        self.assertContains(r, "Answer the question, or choose “Don&#x27;t know”.",
                            status_code=400)

        fresh = Client()
        fresh.cookies["django_language"] = "en"
        self.assertContains(fresh.get(f"/enkat/{code}/"), "Send answers")

    def test_it_stores_no_personal_data(self):
        code = self.code()
        sessions, entries = Session.objects.count(), AuditEntry.objects.count()
        self.answer_with(self.resident, code)

        token = AnswerToken.objects.get(survey=self.survey)
        self.assertEqual(token.used_at.astimezone(UTC).time(), time(0, 0))
        self.assertEqual(token.used_at.date(), timezone.localdate())
        self.assertEqual({f.name for f in AnswerToken._meta.concrete_fields},
                         {"id", "survey", "area", "token_hash", "used_at"})
        self.assertEqual(token.token_hash, hashlib.sha256(code.encode()).hexdigest())
        count_fields = AnswerCount._meta.concrete_fields
        self.assertFalse([f.name for f in count_fields
                          if isinstance(f, models.DateField | models.TimeField)])
        self.assertEqual({f.name for f in count_fields}, {
            "id", "survey", "collaboration", "area", "property", "question", "answer", "count"})
        # Neither the code, the address nor the phone reached any table; no session was
        # opened and no audit entry written for the answer.
        for model in apps.get_models():
            dump = str(list(model.objects.values()))
            for secret in (code, IP, AGENT, "TestPhone"):
                self.assertNotIn(secret, dump, f"{secret} in {model.__name__}")
        self.assertEqual(Session.objects.count(), sessions)
        self.assertEqual(AuditEntry.objects.count(), entries)

    def test_it_leaves_no_trace_in_the_database_of_which_counts_an_answer_added(self):
        if connection.vendor != "postgresql":
            self.skipTest("xmin is PostgreSQL's")
        self.answer_with(self.resident, self.code())
        with connection.cursor() as cursor:
            cursor.execute("SELECT DISTINCT xmin::text FROM surveys_answercount "
                           "WHERE survey_id = %s AND area_id = %s",
                           [self.survey.pk, self.fittja.pk])
            self.assertEqual(len(cursor.fetchall()), 1)  # the whole grid, not 3 rows

    def test_it_keeps_refused_codes_out_of_the_request_log(self):
        code = self.code()
        self.answer_with(self.resident, code)
        with self.assertNoLogs("django.request", level="WARNING"):
            self.assertEqual(self.resident.get(f"/enkat/{code}/").status_code, 410)
            self.assertEqual(self.resident.get("/enkat/ZZZZZZZZZZZZ/").status_code, 404)
            r = self.resident.post("/enkat/svar/", {
                "token": self.code(), "csrfmiddlewaretoken": self.csrf(self.resident)})
            self.assertEqual(r.status_code, 400)

    def test_it_needs_the_csrf_token_also_without_login(self):
        code = self.code()
        self.open_form(self.resident, f"/enkat/{code}/")
        r = self.resident.post("/enkat/svar/", ANSWERS | {"token": code})
        self.assertEqual(r.status_code, 403)
        self.assertIsNone(AnswerToken.objects.get(survey=self.survey).used_at)

    def type_code(self, client, typed: str):
        client.get("/enkat/")
        return client.post("/enkat/", {"kod": typed, "csrfmiddlewaretoken": self.csrf(client)})

    def test_it_accepts_a_typed_code_in_any_case_with_dashes(self):
        code = self.code()
        typed = own.grouped(code).lower()
        entry = self.resident.get("/enkat/")
        self.assertContains(entry, 'name="kod"')
        self.assertContains(entry, '<form method="post" action="/enkat/"')
        # The typed code is posted and the form comes back in the answer: no redirect,
        # no URL with the code in it (nor a link back to one).
        r = self.type_code(self.resident, f" {typed} ")
        self.assertEqual(r.status_code, 200)
        self.assertNotIn("Location", r)
        self.assertContains(r, 'type="radio" name="safe_area"')
        self.assertContains(r, f'name="token" value="{code}"')
        self.assertContains(r, 'action="/enkat/svar/"')
        self.assertNotContains(r, f"/enkat/{code}")
        self.assertEqual(r["Referrer-Policy"], "strict-origin")
        r = self.resident.post("/enkat/svar/", ANSWERS | {
            "token": code, "csrfmiddlewaretoken": self.csrf(self.resident)})
        self.assertRedirects(r, "/enkat/tack/", fetch_redirect_response=False)
        self.assertEqual(self.count(self.fittja, bank.MAIN, "fairly_safe"), 1)
        self.assertContains(self.type_code(self.resident, code), "Koden är redan använd",
                            status_code=410)

        self.assertRedirects(self.resident.get(f"/enkat/{typed}/"), f"/enkat/{code}/",
                             fetch_redirect_response=False)
        self.assertEqual(own.normalise("o1l1-IIII-0000"), "0111" "1111" "0000")
        with self.assertNoLogs("django.request", level="WARNING"):
            self.assertContains(self.type_code(self.resident, "x"), "Koden finns inte",
                                status_code=404)
        # A query string is no longer a way in (it would put the code in the URL).
        r = self.resident.get("/enkat/", {"kod": typed})
        self.assertEqual(r.status_code, 200)
        self.assertNotContains(r, 'type="radio"')

    def test_it_needs_the_csrf_token_to_type_a_code(self):
        code = self.code()
        r = self.resident.post("/enkat/", {"kod": code})
        self.assertEqual(r.status_code, 403)
        self.assertNotContains(r, 'type="radio"', status_code=403)

    def test_it_logs_a_failing_public_page_without_its_path(self):
        code = self.code()
        self.open_form(self.resident, f"/enkat/{code}/")
        with (mock.patch.object(own, "do_answer", side_effect=RuntimeError("boom")),
              self.assertNoLogs("django.request", level="WARNING"),
              self.assertLogs("surveys.views_public", level="ERROR") as logged):
            r = self.resident.post("/enkat/svar/", ANSWERS | {
                "token": code, "csrfmiddlewaretoken": self.csrf(self.resident)})
        self.assertContains(r, "Något gick fel", status_code=500)
        self.assertNotIn(code, "\n".join(logged.output))
        self.assertIsNone(AnswerToken.objects.get(survey=self.survey).used_at)

    def test_it_refuses_answers_once_the_survey_is_closed(self):
        code = self.code()
        with self.assertRaises(PermissionDenied):
            own.do_close(self.alice, self.survey)
        own.do_close(self.bob, self.survey)
        self.survey.refresh_from_db()
        self.assertFalse(self.survey.is_open)
        page = self.resident.get(f"/enkat/{code}/")
        self.assertContains(page, "Enkäten är stängd", status_code=410)
        with self.assertRaises(InputError) as caught:
            own.do_answer(self.survey, self.fittja, code, ANSWERS)
        self.assertEqual(caught.exception.status, 410)
        r = self.resident.get(f"/enkat/o/{own.open_key(self.survey, self.alby)}/")
        self.assertContains(r, "Enkäten är stängd", status_code=410)
        self.assertFalse(AnswerCount.objects.filter(survey=self.survey, count__gt=0).exists())
        with self.assertRaises(InputError):
            own.issue_tokens(self.bob, self.survey, self.fittja, 5)


    def test_it_asks_residents_to_come_back_when_the_period_has_not_begun(self):
        start = timezone.localdate() + timedelta(days=7)
        later = create_survey(self, title="Våren", period_start=start,
                              period_end=start + timedelta(days=30))
        code = own.issue_tokens(self.bob, later, self.alby, 1)[0]
        page = self.resident.get(f"/enkat/{code}/")
        self.assertContains(page, "Enkäten har inte öppnat", status_code=410)
        self.assertContains(page, start.isoformat(), status_code=410)
        with self.assertRaises(InputError):
            own.do_answer(later, self.alby, code, ANSWERS)


class OpenLinkTests(OwnSurveyTestCase):
    def url(self, area=None) -> str:
        return f"/enkat/o/{own.open_key(self.survey, area or self.alby)}/"

    def post(self, client, url, answers=None):
        return client.post(url, (ANSWERS if answers is None else answers)
                           | {"csrfmiddlewaretoken": self.csrf(client)})

    def test_it_gives_one_answer_per_browser_through_the_open_link(self):
        url = self.url()
        page = self.open_form(self.resident, url)
        self.assertContains(page, "Alby")
        self.assertContains(page, "En kaka i din webbläsare gör att du bara kan svara en gång.")
        self.assertNotContains(page, 'name="token"')
        cookie = self.resident.cookies[f"enkat_{self.survey.pk}_{self.alby.pk}"]
        self.assertTrue(cookie["httponly"])
        self.assertEqual(cookie["path"], "/enkat/")
        self.assertFalse(AnswerToken.objects.exists())  # opening the page stores nothing

        r = self.post(self.resident, url, {bank.MAIN: "very_safe"})  # incomplete first
        self.assertEqual(r.status_code, 400)
        self.assertFalse(AnswerToken.objects.exists())
        r = self.post(self.resident, url)
        self.assertRedirects(r, "/enkat/tack/", fetch_redirect_response=False)
        self.assertEqual(self.count(self.alby, bank.MAIN, "fairly_safe"), 1)
        self.assertEqual(AnswerToken.objects.get().used_at.astimezone(UTC).time(), time(0))

        again = self.resident.get(url)
        self.assertContains(again, "Du har redan svarat", status_code=410)
        r = self.post(self.resident, url)
        self.assertContains(r, "Du har redan svarat", status_code=410)
        self.assertEqual(self.count(self.alby, bank.MAIN, "fairly_safe"), 1)

        neighbour = Client(enforce_csrf_checks=True)
        self.open_form(neighbour, url)
        self.post(neighbour, url, ANSWERS | {bank.MAIN: "very_safe"})
        self.assertEqual(self.count(self.alby, bank.MAIN, "very_safe"), 1)
        self.assertEqual(own.answers_per_area(self.survey)[self.alby.pk], 2)
        self.assertEqual(self.count(self.fittja, bank.MAIN, "very_safe"), 0)

    def test_it_stores_nothing_for_a_submit_without_a_visit(self):
        url = self.url()
        stuffer = Client(enforce_csrf_checks=True)
        stuffer.get("/enkat/")  # a CSRF cookie, but no code from the open link
        for _ in range(3):
            r = self.post(stuffer, url)
            self.assertContains(r, "Öppna länken igen", status_code=400)
            self.assertContains(r, f'href="{url}"', status_code=400)
        self.assertFalse(AnswerToken.objects.exists())
        self.assertFalse(AnswerCount.objects.filter(survey=self.survey, count__gt=0).exists())
        self.assertNotIn(f"enkat_{self.survey.pk}_{self.alby.pk}", stuffer.cookies)

        # A forged cookie (not signed by us) is no better.
        stuffer.cookies[f"enkat_{self.survey.pk}_{self.alby.pk}"] = "K7M4Q9PX2HWD"
        self.assertEqual(self.post(stuffer, url).status_code, 400)
        self.assertFalse(AnswerToken.objects.exists())

    def test_it_takes_one_answer_per_visit_and_refuses_the_same_cookie_again(self):
        url = self.url()
        self.open_form(self.resident, url)
        r = self.post(self.resident, url)
        self.assertRedirects(r, "/enkat/tack/", fetch_redirect_response=False)
        self.assertEqual(AnswerToken.objects.count(), 1)
        r = self.post(self.resident, url)
        self.assertContains(r, "Du har redan svarat", status_code=410)
        self.assertEqual(AnswerToken.objects.count(), 1)
        self.assertEqual(own.answers_per_area(self.survey)[self.alby.pk], 1)

    def test_it_refuses_a_cookie_older_than_the_period_and_a_month(self):
        url = self.url()
        days = (self.survey.period_end - self.survey.period_start).days + 33
        issued = int(time_module_now() - timedelta(days=days).total_seconds())
        with mock.patch.object(signing.TimestampSigner, "timestamp",
                               return_value=signing.b62_encode(issued)):
            self.open_form(self.resident, url)  # a cookie issued long ago
        r = self.post(self.resident, url)
        self.assertContains(r, "Öppna länken igen", status_code=400)
        self.assertFalse(AnswerToken.objects.exists())

    def test_it_refuses_a_forged_or_foreign_open_link(self):
        key = own.open_key(self.survey, self.alby)
        forged = key[:-1] + ("A" if key[-1] != "A" else "B")
        sid, aid, sig = key.split("-")
        for bad in (forged, f"{sid}-{self.fittja.pk}-{sig}", f"{sid}-{self.rosengard.pk}-x",
                    "1-2", "x-y-z", f"{sid}-{self.rosengard.pk}-"
                    f"{own._signature(self.survey.pk, self.rosengard.pk)}"):
            with self.subTest(key=bad):
                self.assertContains(self.resident.get(f"/enkat/o/{bad}/"), "finns inte",
                                    status_code=404)
        self.assertEqual(own.resolve_open_key(key.lower()), (self.survey, self.alby))


class StaffTests(OwnSurveyTestCase):
    def test_it_lets_only_those_who_manage_surveys_create_one(self):
        with self.assertRaises(PermissionDenied):
            create_survey(self, user=self.alice, owner_org_id=self.housing.pk)
        with self.assertRaises(PermissionDenied):
            create_survey(self, owner_org_id=self.housing.pk)  # bob is not at Fittjabyggen
        with self.assertRaises(PermissionDenied):
            create_survey(self, user=self.charlie, owner_org_id=self.outsider.pk)

        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/surveys/own/new/test/").status_code, 403)
        self.assertNotContains(self.client.get("/surveys/own/"), "/surveys/own/new/test/")

        self.client.force_login(self.bob)
        self.assertContains(self.client.get("/surveys/own/"), "/surveys/own/new/test/")
        form = self.client.get("/surveys/own/new/test/")
        self.assertContains(form, 'name="questions" value="safe_area" checked')
        today = timezone.localdate()
        r = self.client.post("/surveys/own/new/test/", {
            "title": "Hösten", "owner": self.municipality.pk, "areas": [self.fittja.pk],
            "questions": [bank.MAIN, "lighting"], "period_start": today.isoformat(),
            "period_end": (today + timedelta(days=14)).isoformat()})
        survey = self.survey.__class__.objects.get(title="Hösten")
        self.assertRedirects(r, f"/surveys/own/{survey.pk}/", fetch_redirect_response=False)
        self.assertEqual((survey.provider, survey.is_open, survey.questions),
                         (Provider.OWN, True, [bank.MAIN, "lighting"]))
        self.assertEqual(list(survey.areas.all()), [self.fittja])
        self.assertEqual(AnswerCount.objects.filter(survey=survey).count(), 2 * 5)  # zeros
        self.assertTrue(AuditEntry.objects.filter(action="own_survey_create",
                                                  detail__survey=survey.pk).exists())

    def test_it_explains_what_is_wrong_with_a_new_survey(self):
        today = timezone.localdate()
        with self.assertRaises(InputError) as caught:
            create_survey(self, title=" ", area_ids=[self.rosengard.pk],
                          question_codes=["safe_area", "nope"],
                          period_start=today.isoformat(), period_end="2020-01-01")
        self.assertEqual(set(caught.exception.errors),
                         {"title", "areas", "questions", "period_end"})
        self.assertEqual(caught.exception.errors["areas"],
                         ["Områdena måste höra till samverkan."])
        self.client.force_login(self.bob)
        r = self.client.post("/surveys/own/new/test/", {"title": "x", "owner":
                                                         self.municipality.pk})
        self.assertContains(r, "Välj minst ett område.", status_code=400)
        self.assertContains(r, "Välj minst en fråga.", status_code=400)

    def test_it_hides_bobs_survey_from_charlie_and_from_those_who_cannot_manage_it(self):
        urls = [f"/surveys/own/{self.survey.pk}/",
                f"/surveys/own/{self.survey.pk}/notice/{self.fittja.pk}/"]
        self.client.force_login(self.charlie)
        for url in urls:
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post(
            f"/surveys/own/{self.survey.pk}/codes/{self.fittja.pk}/", {"count": 5}
        ).status_code, 404)
        self.assertEqual(self.client.post(f"/surveys/own/{self.survey.pk}/close/").status_code,
                         404)
        self.assertNotContains(self.client.get("/surveys/own/"), self.survey.title)
        for user in (self.alice, self.polly):
            self.client.force_login(user)
            for url in urls:
                self.assertEqual(self.client.get(url).status_code, 403, (user, url))
        self.assertFalse(AnswerToken.objects.exists())
        with self.assertRaises(PermissionDenied):
            own.issue_tokens(self.charlie, self.survey, self.fittja, 5)

    def test_it_shows_each_areas_open_link_qr_code_and_printable_notice(self):
        self.client.force_login(self.bob)
        page = self.client.get(f"/surveys/own/{self.survey.pk}/")
        self.assertContains(page, "<svg", count=2)
        for area in (self.fittja, self.alby):
            self.assertContains(page, f"testserver/enkat/o/{own.open_key(self.survey, area)}")
            self.assertContains(page, f"/surveys/own/{self.survey.pk}/notice/{area.pk}/")
        self.assertContains(page, "n = 0")

        notice = self.client.get(f"/surveys/own/{self.survey.pk}/notice/{self.alby.pk}/")
        self.assertContains(notice, "<svg")
        self.assertContains(notice, "Hur trygg känner du dig? Svara anonymt")
        self.assertContains(notice, f"testserver/enkat/o/{own.open_key(self.survey, self.alby)}")
        self.assertContains(notice, "size: A4", count=0)  # the print CSS is a static file
        self.assertContains(notice, "survey-print.css")
        self.assertEqual(self.client.get(
            f"/surveys/own/{self.survey.pk}/notice/{self.rosengard.pk}/").status_code, 404)

    def test_it_prints_a_sheet_of_single_use_codes_once(self):
        self.client.force_login(self.bob)
        r = self.client.post(f"/surveys/own/{self.survey.pk}/codes/{self.fittja.pk}/",
                             {"count": "3"})
        self.assertContains(r, "<svg", count=3)
        self.assertContains(r, 'class="note"', count=3)
        self.assertEqual(r["Cache-Control"], "no-store")
        self.assertEqual(AnswerToken.objects.filter(area=self.fittja).count(), 3)
        entry = AuditEntry.objects.get(action="own_survey_codes")
        self.assertEqual(entry.detail, {"survey": self.survey.pk, "area": self.fittja.pk,
                                        "count": 3})
        printed = [part.split("<")[0] for part in
                   r.content.decode().split('<strong class="code">')[1:]]
        self.assertEqual(len(printed), 3)
        for c in printed:
            self.assertRegex(c, r"^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$")
            stored = own.find_token(c)
            self.assertEqual((stored.survey, stored.area), (self.survey, self.fittja))
        page = self.client.get(f"/surveys/own/{self.survey.pk}/")
        self.assertContains(page, "3 utdelade koder är inte använda ännu.")

        for bad in ("0", "2001", "many", ""):
            r = self.client.post(f"/surveys/own/{self.survey.pk}/codes/{self.fittja.pk}/",
                                 {"count": bad}, follow=True)
            self.assertContains(r, "Ange ett antal mellan 1 och 2000.")
        self.assertEqual(AnswerToken.objects.count(), 3)


class ServeLogTests(BaseTestCase):
    """`tryggve serve`: gunicorn's access log ties no code to an address, phone or time."""

    def setUp(self):
        from tryggve.management.commands import serve

        self.serve = serve
        self.server = serve.build_server("127.0.0.1", 8123, 1)

    def access(self, logger, path: str, query: str = "", referer: str = "-"):
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": query,
                   "RAW_URI": path + (f"?{query}" if query else ""),
                   "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": IP,
                   "HTTP_USER_AGENT": AGENT, "HTTP_REFERER": referer}
        req = SimpleNamespace(path=path, headers=[("USER-AGENT", AGENT)])
        resp = SimpleNamespace(status="200 OK", sent=123, headers=[])
        logger.access(resp, req, environ, timedelta(milliseconds=5))

    def test_its_access_log_format_names_no_address_agent_or_referer(self):
        cfg = self.server.cfg
        self.assertEqual(cfg.accesslog, "-")
        self.assertIs(cfg.logger_class, self.serve.PrivateAccessLogger)
        for atom in ("%(h)s", "%(a)s", "%(f)s", "%(r)s", "%(q)s", "%(u)s", "{"):
            self.assertNotIn(atom, cfg.access_log_format)

    def test_it_writes_no_access_line_for_the_survey_pages(self):
        logger = self.server.cfg.logger_class(self.server.cfg)
        with mock.patch.object(logger, "access_log") as access_log:
            for path in ("/enkat/K7M4Q9PX2HWD/", "/enkat/", "/enkat", "/enkat/svar/",
                         "//enkat/o/1-2-ABCDEFGH/"):
                self.access(logger, path, referer="https://x/enkat/K7M4Q9PX2HWD/")
            access_log.info.assert_not_called()
            self.access(logger, "/reports/", query="q=secret",
                        referer="https://x/enkat/K7M4Q9PX2HWD/")
            self.access(logger, "/enkatten/")  # not a survey page
        self.assertEqual(access_log.info.call_count, 2)
        fmt, atoms = access_log.info.call_args_list[0].args
        line = fmt % atoms
        self.assertIn('"GET /reports/" 200 123', line)
        for secret in (IP, AGENT, "TestPhone", "K7M4Q9PX2HWD", "secret"):
            self.assertNotIn(secret, line)

    def test_it_names_no_survey_page_in_gunicorns_error_log(self):
        logger = self.server.cfg.logger_class(self.server.cfg)
        with mock.patch.object(logger, "error_log") as error_log:
            logger.exception("Error handling request %s", "/enkat/K7M4Q9PX2HWD/")
        self.assertNotIn("K7M4Q9PX2HWD", str(error_log.exception.call_args))


class CloseTests(OwnSurveyTestCase):
    def test_it_closes_and_audits_in_one_transaction(self):
        with (mock.patch("surveys.own.log.record_change", side_effect=RuntimeError("db")),
              self.assertRaises(RuntimeError)):
            own.do_close(self.bob, self.survey)
        self.survey.refresh_from_db()
        self.assertTrue(self.survey.is_open)  # no change without its audit entry
        own.do_close(self.bob, self.survey)
        own.do_close(self.bob, self.survey)  # once closed, no second entry
        self.survey.refresh_from_db()
        self.assertFalse(self.survey.is_open)
        self.assertEqual(AuditEntry.objects.filter(action="own_survey_close").count(), 1)


# The resident's page in a real browser at 360 px ---------------------------------------


@pytest.mark.browser
def test_it_answers_on_a_phone_at_360_px(live_server, transactional_db):
    from playwright.sync_api import expect, sync_playwright

    from tryggve.tests.test_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, watch

    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    ARTIFACTS.mkdir(exist_ok=True)
    cast = SimpleNamespace()
    build_cast(cast)
    survey = create_survey(cast)
    code = own.issue_tokens(cast.bob, survey, cast.fittja, 1)[0]
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740},
                                      is_mobile=True, has_touch=True, locale="sv-SE")
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = watch(page)  # CSP violations and script errors

        page.goto(f"{live_server.url}/enkat/{code}/")
        expect(page.get_by_role("heading", name="Trygghetsenkät Fittja och Alby")).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        box = page.locator("label.choice").first.bounding_box()
        assert box["height"] >= 44 and box["width"] >= 280  # big tap targets
        page.screenshot(path=ARTIFACTS / "own-survey-360.png", full_page=True)

        page.get_by_role("button", name="English").click()
        expect(page.get_by_text("How safe do you feel in your residential area?")).to_be_visible()
        page.get_by_role("button", name="Svenska").click()

        page.get_by_label("Ganska trygg").first.check()
        page.get_by_role("button", name="Skicka svar").click()
        expect(page.get_by_role("alert")).to_contain_text("Svaren skickades inte.")
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.screenshot(path=ARTIFACTS / "own-survey-errors-360.png", full_page=True)
        expect(page.locator("input[name=safe_area][value=fairly_safe]")).to_be_checked()
        page.locator("#q-safe_evening label.choice", has_text="Mycket otrygg").click()
        page.locator("#q-worry_crime label.choice", has_text="Vet inte").click()
        page.get_by_role("button", name="Skicka svar").click()
        expect(page.get_by_role("heading", name="Tack för ditt svar!")).to_be_visible()
        page.screenshot(path=ARTIFACTS / "own-survey-thanks-360.png", full_page=True)

        page.goto(f"{live_server.url}/enkat/{code}/")
        expect(page.get_by_role("heading", name="Koden är redan använd")).to_be_visible()

        typed = own.issue_tokens(cast.bob, survey, cast.alby, 1)[0]
        page.goto(f"{live_server.url}/enkat/")
        page.get_by_label("Kod").fill(own.grouped(typed).lower())
        page.get_by_role("button", name="Fortsätt").click()
        expect(page.get_by_role("heading", name="Trygghetsenkät Fittja och Alby")).to_be_visible()
        assert page.url == f"{live_server.url}/enkat/"  # the code in no URL
        for question in ("safe_area", "safe_evening", "worry_crime"):
            page.locator(f"#q-{question} label.choice", has_text="Vet inte").click()
        page.get_by_role("button", name="Skicka svar").click()
        expect(page.get_by_role("heading", name="Tack för ditt svar!")).to_be_visible()
        browser.close()
    assert problems == [], "\n".join(problems)
    assert AnswerCount.objects.get(survey=survey, area=cast.fittja, question="safe_evening",
                                   answer="very_unsafe").count == 1
