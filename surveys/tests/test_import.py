"""Stories of importing survey results: per respondent or aggregated, CSV or Excel."""

import datetime as dt
import io
import tempfile
import time
import zipfile
from collections import Counter
from pathlib import Path
from unittest import mock

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from audit.models import AuditEntry
from jobs.testing import run_queued_jobs
from surveys import bank, importing, tables
from surveys.importing import import_survey
from surveys.models import AnswerCount, Survey
from tryggve.test import PASSWORD, BaseTestCase

SAFE = ["very_safe", "fairly_safe", "fairly_unsafe", "very_unsafe", "dont_know"]
WORRY = ["never", "sometimes", "often", "very_often", "dont_know"]

# The same answers twice: per area and question, how many gave each answer.
FITTJA_SAFE_AREA = {"very_safe": 4, "fairly_safe": 7, "fairly_unsafe": 3, "very_unsafe": 2,
                    "dont_know": 1}
FITTJA_SAFE_EVENING = {"very_safe": 2, "fairly_safe": 4, "fairly_unsafe": 6, "very_unsafe": 3}
FITTJA_WORRY = {"never": 5, "sometimes": 6, "often": 2, "very_often": 1, "dont_know": 2}
ALBY_SAFE_AREA = {"very_safe": 1, "fairly_safe": 2, "fairly_unsafe": 2, "very_unsafe": 0,
                  "dont_know": 1}


def share(survey, question: str, **place) -> tuple[int, int]:
    """(k, n) of one question from the stored counts: positive over all but don't know."""
    q = bank.get(question)
    k = n = 0
    for answer, count in AnswerCount.objects.filter(
            survey=survey, question=question, **place).values_list("answer", "count"):
        positive = bank.is_positive(q, answer)
        if positive is None:
            continue
        n += count
        k += count if positive else 0
    return k, n


def stored(survey) -> Counter:
    return Counter({(c.area.slug, c.property_id, c.question, c.answer): c.count
                    for c in AnswerCount.objects.filter(survey=survey).select_related("area")})


def expand(counts: dict[str, int]) -> list[str]:
    return [answer for answer, count in counts.items() for _ in range(count)]


def respondent_csv() -> bytes:
    """One row per respondent; some leave a question unanswered; labels and codes mixed."""
    safe_area, evening, worry = (expand(FITTJA_SAFE_AREA), expand(FITTJA_SAFE_EVENING),
                                 expand(FITTJA_WORRY))
    labels = {a.code: a.label_sv for a in bank.SAFE.answers}
    lines = ["area;safe_area;safe_evening;worry_crime"]
    for i in range(max(len(safe_area), len(evening), len(worry))):
        a = safe_area[i] if i < len(safe_area) else ""
        e = evening[i] if i < len(evening) else ""
        w = worry[i] if i < len(worry) else ""
        if i % 3 == 0 and a:
            a = labels[a].upper() if i % 2 else labels[a]  # "Mycket trygg", "GANSKA TRYGG"
        area = "fittja" if i % 2 else "Fittja"  # slug or name
        lines.append(f"{area};{a};{e};{w}")
    for answer in expand(ALBY_SAFE_AREA):
        lines.append(f"alby;{answer};;")
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode()


def counts_csv() -> bytes:
    rows = [("fittja", "safe_area", FITTJA_SAFE_AREA), ("fittja", "safe_evening",
            FITTJA_SAFE_EVENING), ("fittja", "worry_crime", FITTJA_WORRY),
            ("alby", "safe_area", ALBY_SAFE_AREA)]
    header = "area,question," + ",".join(SAFE) + ",never,sometimes,often,very_often"
    lines = [header]
    for area, question, counts in rows:
        safe = [str(counts[a]) if a in counts and question != "worry_crime" else ""
                for a in SAFE]
        worry = [str(counts[a]) if question == "worry_crime" else "" for a in WORRY[:4]]
        if question == "worry_crime":
            safe[4] = str(counts["dont_know"])
        lines.append(",".join([area, question, *safe, *worry]))
    return "\n".join(lines).encode()


class SurveyImportTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        period = {"period_start": dt.date(2025, 3, 1), "period_end": dt.date(2025, 4, 30)}
        cls.survey = Survey.objects.create(
            collaboration=cls.est, owner=cls.municipality, provider="police",
            title="Trygghetsmätning våren 2025", questions=["safe_home"], **period)
        cls.other = Survey.objects.create(
            collaboration=cls.est, owner=cls.municipality, provider="police",
            title="Samma data, sammanställd", **period)
        cls.tenant_survey = Survey.objects.create(
            collaboration=cls.est, owner=cls.housing, provider="aktivbo",
            title="AktivBo 2025", **period)

    def run_import(self, data: bytes | str, filename: str = "svar.csv", survey=None):
        if isinstance(data, str):
            data = data.encode()
        return import_survey(self.bob, survey or self.survey, data, filename)

    def assert_nothing_stored(self, survey=None):
        survey = survey or self.survey
        self.assertFalse(AnswerCount.objects.filter(survey=survey).exists())
        self.assertFalse(survey.areas.exists())
        survey.refresh_from_db()
        self.assertEqual(survey.questions, ["safe_home"] if survey == self.survey else [])
        self.assertFalse(AuditEntry.objects.filter(action="survey_import").exists())

    def errors(self, result) -> list[tuple[int, str]]:
        return [(e.line, e.field) for e in result.errors]


class SameSharesTests(SurveyImportTestCase):
    def test_it_gives_the_same_shares_per_respondent_and_as_aggregate_counts(self):
        per_respondent = self.run_import(respondent_csv())
        aggregate = self.run_import(counts_csv(), survey=self.other)
        self.assertTrue(per_respondent.ok, per_respondent.errors)
        self.assertTrue(aggregate.ok, aggregate.errors)
        self.assertEqual(per_respondent.layout, importing.RESPONDENT)
        self.assertEqual(aggregate.layout, importing.AGGREGATE)
        self.assertEqual(per_respondent.created, 17 + 6)
        self.assertEqual(aggregate.created, 4)
        self.assertEqual(stored(self.survey), stored(self.other))
        for question, area in [("safe_area", self.fittja), ("safe_evening", self.fittja),
                               ("worry_crime", self.fittja), ("safe_area", self.alby)]:
            self.assertEqual(share(self.survey, question, area=area),
                             share(self.other, question, area=area))
        self.assertEqual(share(self.survey, "safe_area", area=self.fittja), (11, 16))
        self.assertEqual(share(self.other, "safe_evening", area=self.fittja), (6, 15))
        self.assertEqual(share(self.other, "worry_crime", area=self.fittja), (11, 14))
        self.assertEqual(share(self.survey, "safe_area", area=self.alby), (3, 5))

    def test_it_adds_the_areas_and_questions_to_the_survey(self):
        self.run_import(respondent_csv())
        self.assertEqual(set(self.survey.areas.all()), {self.fittja, self.alby})
        self.survey.refresh_from_db()
        self.assertEqual(self.survey.questions,
                         ["safe_home", "safe_area", "safe_evening", "worry_crime"])
        entry = AuditEntry.objects.get(action="survey_import")
        self.assertEqual(entry.actor, self.bob)
        self.assertEqual(entry.collaboration_id, self.est.pk)
        self.assertEqual(entry.detail["survey"], self.survey.pk)
        self.assertEqual(entry.detail["rows"], 23)
        self.assertEqual(entry.detail["areas"], ["alby", "fittja"])

    def test_it_counts_a_property_under_its_area(self):
        result = self.run_import("property,safe_stairwell\nAlbyvägen 10,very_safe\n"
                                 " albyvägen  10 ,fairly_unsafe\nAlbyvägen 10,\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 3)
        self.assertEqual(result.answers, 2)
        self.assertEqual(share(self.survey, "safe_stairwell", area=self.alby,
                               property=self.house), (1, 2))
        self.assertEqual(list(self.survey.areas.all()), [self.alby])

    def test_it_stores_n_and_share_as_positive_and_negative(self):
        result = self.run_import("area;period;question;n;share\n"
                                 "alby;2025;safe_evening;100;64 %\n"
                                 "fittja;2025-04;safe_evening;200;64,5%\n"
                                 "fittja;2025-04-15;safe_area;50;0.9\n"
                                 "alby;2025-03-01/2025-04-30;safe_area;80;75\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(share(self.survey, "safe_evening", area=self.alby), (64, 100))
        self.assertEqual(stored(self.survey)[("alby", None, "safe_evening", bank.POSITIVE)], 64)
        self.assertEqual(stored(self.survey)[("alby", None, "safe_evening", bank.NEGATIVE)], 36)
        self.assertEqual(share(self.survey, "safe_evening", area=self.fittja), (129, 200))
        self.assertEqual(share(self.survey, "safe_area", area=self.fittja), (45, 50))
        self.assertEqual(share(self.survey, "safe_area", area=self.alby), (60, 80))

    def test_it_checks_n_against_the_counts_when_both_are_given(self):
        result = self.run_import("area,question,n,very_safe,fairly_safe,fairly_unsafe,"
                                 "very_unsafe,dont_know\n"
                                 "fittja,safe_area,10,2,3,4,1,0\n"
                                 "alby,safe_area,10,2,3,4,0,0\n")
        self.assertEqual(self.errors(result), [(3, "n")])
        self.assert_nothing_stored()


class ExcelTests(SurveyImportTestCase):
    def workbook(self, rows, *, blank_rows: int = 0, percent: str = "") -> bytes:
        book = Workbook()
        sheet = book.active
        sheet.title = "Resultat"
        for _ in range(blank_rows):
            sheet.append([])
        for row in rows:
            sheet.append(row)
        if percent:
            sheet[percent].number_format = "0 %"
        book.create_sheet("Anteckningar").append(["area", "inte det här bladet"])
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    def test_it_round_trips_an_excel_file(self):
        rows = [["area", "safe_area", "safe_evening", "worry_crime"]]
        rows += [[r.split(";")[0], *[c or None for c in r.split(";")[1:]]]
                 for r in respondent_csv().decode("utf-8-sig").split("\r\n")[1:] if r]
        result = self.run_import(self.workbook(rows), "svar.xlsx")
        self.assertTrue(result.ok, result.errors)
        self.run_import(respondent_csv(), survey=self.other)
        self.assertEqual(stored(self.survey), stored(self.other))

    def test_it_reads_numbers_and_percent_cells_from_excel(self):
        rows = [["Område", "Fråga", "n", "Andel", "period"],
                ["Alby", "safe_evening", 100, 0.64, dt.datetime(2025, 4, 1)],
                ["fittja", "safe_evening", 200.0, "64,5 %", 2025]]
        result = self.run_import(self.workbook(rows, blank_rows=2, percent="D4"),
                                 "resultat.xlsx")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(share(self.survey, "safe_evening", area=self.alby), (64, 100))
        self.assertEqual(share(self.survey, "safe_evening", area=self.fittja), (129, 200))

    def test_it_reports_excel_rows_by_their_sheet_row_number(self):
        rows = [["area", "question", "n", "share"],
                ["alby", "safe_evening", 100, 0.64],
                ["alby", "safe_area", 100, 150],
                ["nowhere", "safe_area", 10, 0.5]]
        result = self.run_import(self.workbook(rows, blank_rows=1), "resultat.xlsx")
        self.assertEqual(self.errors(result), [(4, "share"), (5, "area")])
        self.assert_nothing_stored()

    def test_it_reads_a_percent_cell_as_a_percentage(self):
        rows = [["area", "question", "n", "share"], ["alby", "safe_area", 100, 1.5]]
        result = self.run_import(self.workbook(rows, percent="D2"), "resultat.xlsx")
        self.assertEqual(self.errors(result), [(2, "share")])
        self.assertIn("150", str(result.errors[0]))
        rows[1][3] = 0.015
        result = self.run_import(self.workbook(rows, percent="D2"), "resultat.xlsx")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(share(self.survey, "safe_area", area=self.alby), (2, 100))

    def test_it_refuses_an_excel_file_that_unpacks_too_large(self):
        data = self.workbook([["area", "safe_area"], ["fittja", "very_safe"]])
        with mock.patch.object(tables, "MAX_UNPACKED_BYTES", 1000):
            result = self.run_import(data, "stor.xlsx")
        self.assertIn("för stor", str(result.errors[0]))
        self.assert_nothing_stored()

    def test_it_refuses_a_broken_excel_file(self):
        result = self.run_import(b"PK\x03\x04 not really a workbook", "trasig.xlsx")
        self.assertEqual(len(result.errors), 1)
        self.assertIn("Excel", str(result.errors[0]))
        result = self.run_import(b"\xd0\xcf\x11\xe0 old excel", "gammal.xls")
        self.assertIn(".xlsx", str(result.errors[0]))
        self.assert_nothing_stored()


class BadRowTests(SurveyImportTestCase):
    def test_it_reports_every_bad_respondent_row_and_stores_nothing(self):
        result = self.run_import(
            "area,property,safe_area,worry_crime\n"
            "fittja,,very_safe,never\n"             # 2 fine
            "rosengard,,very_safe,\n"               # 3 area of another collaboration
            ",Storgatan 1,fairly_safe,\n"           # 4 unknown property
            "fittja,,never,very_safe\n"             # 5 answers of the wrong scale, twice
            ",,very_safe,\n"                        # 6 no place
            "fittja,Albyvägen 10,very_safe,\n"      # 7 property not in that area
            "\n"                                    # 8 blank, skipped
            "alby,,Ganska trygg,Aldrig,extra\n"     # 9 more fields than the header
            "alby,Albyvägen 10,Ganska trygg,Ofta\n"  # 10 fine
        )
        self.assertEqual(self.errors(result), [
            (3, "area"), (4, "property"), (5, "safe_area"), (5, "worry_crime"), (6, ""),
            (7, "property"), (9, "")])
        self.assertIn("rad 3, area: Okänt område 'rosengard'", str(result.errors[0]))
        self.assertIn("fairly_safe", str(result.errors[2]))
        self.assert_nothing_stored()

    def test_it_reports_every_bad_aggregate_row_and_stores_nothing(self):
        result = self.run_import(
            "area;question;n;share;period\n"
            "fittja;safe_area;100;64 %;2025\n"      # 2 fine
            "fittja;safe_town;100;64;\n"            # 3 unknown question
            "alby;safe_area;100;150 %;\n"           # 4 share above 100 %
            "alby;safe_home;0;50;\n"                # 5 n not positive
            "alby;safe_evening;12.5;-3;\n"          # 6 n not an integer and a negative share
            "alby;lighting;100;50;2024\n"           # 7 period outside the survey's
            "alby;clean_tidy;100;50;2025-05-02\n"   # 8 a day outside it
            "alby;know_neighbours;100;50;våren\n"   # 9 no period
            "fittja;safe_area;50;50;\n"             # 10 same area and question as line 2
            "alby;landlord_acts;;;\n"               # 11 n and share missing
            ";safe_area;10;10\n"                    # 12 no place
        )
        self.assertEqual(self.errors(result), [
            (3, "question"), (4, "share"), (5, "n"), (6, "n"), (6, "share"), (7, "period"),
            (8, "period"), (9, "period"), (10, ""), (11, "n"), (11, "share"), (12, "")])
        self.assertIn("Samma område/fastighet och fråga som rad 2", str(result.errors[8]))
        self.assertIn("utanför mätningens period", str(result.errors[5]))
        self.assert_nothing_stored()

    def test_it_reports_bad_counts(self):
        result = self.run_import(
            "area,question,very_safe,fairly_safe,never,dont_know\n"
            "fittja,safe_area,3,4,,1\n"             # 2 fine
            "alby,safe_area,2.5,x,,\n"              # 3 counts not integers
            "alby,safe_evening,-1,2,,\n"            # 4 negative count
            "fittja,safe_evening,1,2,3,\n"          # 5 'never' is not a SAFE answer
            "fittja,worry_crime,0,,0,0\n"           # 6 no answers at all
        )
        self.assertEqual(self.errors(result), [
            (3, "very_safe"), (3, "fairly_safe"), (4, "very_safe"), (5, "never"), (6, "")])
        self.assert_nothing_stored()

    def test_it_reports_what_is_wrong_with_the_file(self):
        cases = [
            (b"", 0, "tom"),
            (b"\n\n  \n", 0, "tom"),
            (b"area;safe_area\n", 1, "inga rader"),
            ("område;fråga;n\nfittja;safe_area;10\n".encode(), 1, "'share'"),
            (b"question,n,share\nsafe_area,10,50\n", 1, "'area' eller 'property'"),
            (b"area,safe_area,favourite_colour\nfittja,very_safe,blue\n", 1, "favourite_colour"),
            (b"area,safe_area,safe_area\nfittja,very_safe,very_safe\n", 1, "två gånger"),
            (b"area,n,share\nfittja,10,50\n", 1, "'question'"),
            (b"area,question,n,share,very_safe\nfittja,safe_area,10,50,5\n", 1, "inte båda"),
            (b"area\nfittja\n", 1, "frågekolumner"),
            ("area;safe_area\nFittja;Mycket trygg\nMöllevången;Ganska trygg\n".encode("cp1252"),
             0, "UTF-8"),
            (b"\n\narea,safe_area\nfittja,\"very_safe\n", 4, "CSV"),
        ]
        for data, line, text in cases:
            with self.subTest(data=data):
                result = self.run_import(data)
                self.assertEqual(len(result.errors), 1, result.errors)
                self.assertEqual(result.errors[0].line, line, result.errors)
                self.assertIn(text, str(result.errors[0]))
        self.assert_nothing_stored()

    def test_it_refuses_too_many_rows(self):
        data = "area,safe_area\n" + "fittja,very_safe\n" * 4
        with mock.patch.object(tables, "MAX_ROWS", 3):
            result = self.run_import(data)
        self.assertEqual(self.errors(result), [(5, "")])
        self.assertIn("högst 3", str(result.errors[0]))
        self.assert_nothing_stored()

    def test_it_refuses_to_import_into_an_open_survey(self):
        Survey.objects.filter(pk=self.survey.pk).update(is_open=True)
        self.survey.refresh_from_db()
        result = self.run_import(respondent_csv())
        self.assertFalse(result.ok)
        self.assert_nothing_stored()


class ReimportTests(SurveyImportTestCase):
    def test_it_replaces_the_counts_of_the_file_areas_on_reimport(self):
        self.run_import(respondent_csv())
        before = stored(self.survey)
        again = self.run_import(respondent_csv())
        self.assertTrue(again.ok)
        self.assertEqual(stored(self.survey), before)
        self.assertEqual(share(self.survey, "safe_area", area=self.fittja), (11, 16))

    def test_it_replaces_only_the_areas_and_questions_in_the_corrected_file(self):
        self.run_import(respondent_csv())
        corrected = self.run_import("area,question,n,share\nfittja,safe_area,20,50\n")
        self.assertTrue(corrected.ok, corrected.errors)
        self.assertEqual(share(self.survey, "safe_area", area=self.fittja), (10, 20))
        # Fittja's other questions are not in the file and stay as they were.
        self.assertEqual(share(self.survey, "safe_evening", area=self.fittja), (6, 15))
        self.assertEqual(share(self.survey, "worry_crime", area=self.fittja), (11, 14))
        self.assertEqual(share(self.survey, "safe_area", area=self.alby), (3, 5))
        self.assertEqual(AuditEntry.objects.filter(action="survey_import").count(), 2)

    def test_it_keeps_the_earlier_counts_when_the_new_file_is_bad(self):
        self.run_import(respondent_csv())
        before = stored(self.survey)
        bad = self.run_import("area,safe_area\nfittja,very_safe\nfittja,kanske\n")
        self.assertEqual(self.errors(bad), [(3, "safe_area")])
        self.assertEqual(stored(self.survey), before)


class PageTests(SurveyImportTestCase):
    def url(self, survey=None) -> str:
        return reverse("surveys:import", args=[(survey or self.survey).pk])

    def upload(self, data: bytes, name: str = "svar.csv", survey=None):
        """Send a file on the import page; once the page has queued its import, let a job
        worker run it and return the job's page."""
        r = self.client.post(self.url(survey), {"file": SimpleUploadedFile(name, data)})
        if r.status_code != 302 or not r["Location"].startswith("/jobs/"):
            return r
        run_queued_jobs()
        return self.client.get(r["Location"])

    def test_it_shows_the_layouts_to_a_coordinator_of_the_owner(self):
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.get(self.url())
        self.assertContains(response, "Importera mätresultat")
        self.assertContains(response, "area,period,question,n,share")
        self.assertContains(response, "area,safe_area,safe_evening")
        self.assertContains(response, 'type="file"')

    def test_it_imports_an_uploaded_file(self):
        self.client.login(username="bob", password=PASSWORD)
        response = self.upload(respondent_csv())
        self.assertContains(response, "23 rader importerade")
        self.assertEqual(share(self.survey, "safe_area", area=self.fittja), (11, 16))

    def test_it_lists_the_errors_of_a_bad_file_and_asks_for_a_missing_one(self):
        self.client.login(username="bob", password=PASSWORD)
        response = self.upload(b"area,safe_area\nfittja,very_safe\nnowhere,maybe\n")
        self.assertContains(response, "rad 3, area: Okänt område")
        self.assertContains(response, "rad 3, safe_area:")
        self.assertContains(response, "Inget sparades")
        self.assertFalse(AnswerCount.objects.exists())
        response = self.client.post(self.url(), {})
        self.assertContains(response, "Välj en fil", status_code=400)

    def test_it_forbids_a_reporter(self):
        self.client.login(username="alice", password=PASSWORD)
        self.assertEqual(self.client.get(self.url()).status_code, 403)
        self.assertEqual(self.client.get(self.url(self.tenant_survey)).status_code, 403)
        self.assertEqual(self.upload(respondent_csv()).status_code, 403)
        self.assertFalse(AnswerCount.objects.exists())

    def test_it_hides_the_survey_from_another_collaboration(self):
        self.client.login(username="charlie", password=PASSWORD)
        self.assertEqual(self.client.get(self.url()).status_code, 404)
        self.assertEqual(self.upload(respondent_csv()).status_code, 404)
        self.assertEqual(self.client.get(reverse("surveys:import", args=[999999])).status_code,
                         404)

    def test_it_forbids_a_coordinator_of_another_owner(self):
        self.client.login(username="bob", password=PASSWORD)
        self.assertEqual(self.client.get(self.url(self.tenant_survey)).status_code, 403)
        Survey.objects.filter(pk=self.tenant_survey.pk).update(shared=False)
        self.assertEqual(self.client.get(self.url(self.tenant_survey)).status_code, 404)

    def test_it_asks_for_a_login(self):
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])


class NewSurveyPageTests(SurveyImportTestCase):
    def form(self, **overrides) -> dict:
        return {"collaboration": self.est.pk, "owner": self.municipality.pk,
                "provider": "police", "title": "Polisens trygghetsmätning 2025",
                "period_start": "2025-09-01", "period_end": "2025-10-15",
                "shared": "on"} | overrides

    def test_it_creates_a_survey_and_goes_on_to_the_import(self):
        self.client.login(username="bob", password=PASSWORD)
        self.assertContains(self.client.get(reverse("surveys:new")), "Ny trygghetsmätning")
        response = self.client.post(reverse("surveys:new"), self.form())
        survey = Survey.objects.get(title="Polisens trygghetsmätning 2025")
        self.assertRedirects(response, reverse("surveys:import", args=[survey.pk]))
        self.assertEqual((survey.collaboration, survey.owner, survey.created_by),
                         (self.est, self.municipality, self.bob))
        self.assertEqual(survey.period_end, dt.date(2025, 10, 15))
        self.assertTrue(survey.shared)
        self.assertTrue(AuditEntry.objects.filter(action="survey_create").exists())

    def test_it_explains_what_is_wrong_in_swedish(self):
        self.client.login(username="bob", password=PASSWORD)
        response = self.client.post(reverse("surveys:new"), self.form(
            title="", period_end="2025-08-01", owner=self.housing.pk, provider="x"))
        self.assertContains(response, "Mätningen skapades inte", status_code=400)
        self.assertContains(response, "Detta fält måste fyllas i", status_code=400)
        self.assertContains(response, "kan inte sluta före", status_code=400)
        self.assertContains(response, "Välj ett giltigt alternativ", status_code=400)
        response = self.client.post(reverse("surveys:new"), self.form(owner=self.housing.pk))
        self.assertContains(response, "Välj ett giltigt alternativ", status_code=400)
        response = self.client.post(reverse("surveys:new"), self.form(
            collaboration=self.other_est.pk))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(Survey.objects.count(), 3)

    def test_it_keeps_an_unshared_survey_to_its_owner(self):
        self.client.login(username="bob", password=PASSWORD)
        form = self.form()
        del form["shared"]
        self.client.post(reverse("surveys:new"), form)
        self.assertFalse(Survey.objects.get(title=form["title"]).shared)

    def test_it_forbids_those_who_may_not_manage_surveys(self):
        for username in ("alice", "polly"):
            self.client.login(username=username, password=PASSWORD)
            self.assertEqual(self.client.get(reverse("surveys:new")).status_code, 403)
            self.assertEqual(self.client.post(reverse("surveys:new"), self.form()).status_code,
                             403)
        self.assertEqual(Survey.objects.count(), 3)


class CommandTests(SurveyImportTestCase):
    def write(self, data: bytes, name: str = "svar.csv") -> Path:
        folder = tempfile.TemporaryDirectory()
        self.addCleanup(folder.cleanup)
        path = Path(folder.name) / name
        path.write_bytes(data)
        return path

    def test_it_imports_from_the_command_line(self):
        out = io.StringIO()
        call_command("import_survey", str(self.survey.pk), str(self.write(counts_csv())),
                     stdout=out)
        self.assertIn("Imported 4 row(s)", out.getvalue())
        self.assertEqual(share(self.survey, "safe_area", area=self.fittja), (11, 16))
        entry = AuditEntry.objects.get(action="survey_import")
        self.assertEqual(entry.actor_username, "(console)")

    def test_it_acts_as_a_named_user(self):
        path = self.write(counts_csv())
        call_command("import_survey", str(self.survey.pk), str(path), "--user", "bob",
                     stdout=io.StringIO())
        self.assertEqual(AuditEntry.objects.get(action="survey_import").actor, self.bob)
        with self.assertRaises(CommandError):
            call_command("import_survey", str(self.other.pk), str(path), "--user", "alice",
                         stderr=io.StringIO())
        self.assertFalse(AnswerCount.objects.filter(survey=self.other).exists())

    def test_it_rejects_a_bad_file(self):
        err = io.StringIO()
        path = self.write(b"area,safe_area\nfittja,very_safe\nnowhere,very_safe\n")
        with self.assertRaisesMessage(CommandError, "nothing was imported"):
            call_command("import_survey", str(self.survey.pk), str(path), stderr=err)
        self.assertIn("rad 3, area", err.getvalue())
        self.assert_nothing_stored()
        with self.assertRaisesMessage(CommandError, "No survey"):
            call_command("import_survey", "999999", str(path))
        with self.assertRaisesMessage(CommandError, "No such file"):
            call_command("import_survey", str(self.survey.pk), str(path) + ".saknas")


def hostile_xlsx(extra_cell: str = "", *, last_row: bool = True) -> bytes:
    """A tiny workbook declaring A1:XFD1048576 with one cell on the very last row."""
    book = Workbook()
    sheet = book.active
    sheet.append(["area", "safe_area"])
    sheet.append(["fittja", "very_safe"])
    plain = io.BytesIO()
    book.save(plain)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain.getvalue())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                text = text.replace('<dimension ref="A1:B2"/>',
                                    '<dimension ref="A1:XFD1048576"/>')
                last = ('<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is>'
                        '</c></row>') if last_row else ""
                text = text.replace("</sheetData>", extra_cell + last + "</sheetData>")
                data = text.encode()
            dst.writestr(info, data)
    return out.getvalue()


class HostileFileTests(SurveyImportTestCase):
    """Small files that used to hang a worker or end in a 500."""

    def assert_fast(self, started: float):
        self.assertLess(time.monotonic() - started, 1)

    def test_it_refuses_huge_numbers_and_exponents(self):
        started = time.monotonic()
        result = self.run_import(
            "area;question;n;share\n"
            "fittja;safe_area;1e9999999;50\n"            # 2 would hang
            "fittja;safe_evening;99999999999999999999;50\n"  # 3 overflows the database
            "fittja;worry_crime;1e30;50\n"               # 4
            "alby;safe_area;10000001;50\n"               # 5 above the cap
            "alby;safe_evening;10000000;50\n"            # 6 fine
        )
        self.assert_fast(started)
        self.assertEqual(self.errors(result), [(2, "n"), (3, "n"), (4, "n"), (5, "n")])
        self.assertIn("10000000", str(result.errors[0]))
        result = self.run_import("area,question,very_safe,fairly_safe\n"
                                 "fittja,safe_area,1e9999999,99999999999999999999\n")
        self.assert_fast(started)
        self.assertEqual(self.errors(result), [(2, "very_safe"), (2, "fairly_safe")])
        self.assert_nothing_stored()

    def test_it_does_not_walk_the_declared_dimension_of_an_excel_sheet(self):
        started = time.monotonic()
        with mock.patch.object(tables, "MAX_ROWS", 10):
            result = self.run_import(hostile_xlsx(), "svar.xlsx")
        self.assert_fast(started)
        self.assertEqual(len(result.errors), 1, result.errors)
        self.assertIn("för många rader", str(result.errors[0]))
        self.assert_nothing_stored()

    def test_it_reads_at_most_one_column_past_the_limit_in_excel(self):
        wide = ('<row r="3"><c r="CW3" t="inlineStr"><is><t>x</t></is></c>'  # column 101
                '<c r="GR3" t="inlineStr"><is><t>y</t></is></c></row>')  # column 200
        data = hostile_xlsx(wide, last_row=False)
        rows = tables.read_table(data, "svar.xlsx").rows
        self.assertEqual([len(cells) for _, cells in rows], [101, 101])
        self.assertEqual(rows[1][1][100], "x")
        result = self.run_import(data, "svar.xlsx")
        self.assertEqual(self.errors(result), [(3, "")])
        self.assertIn("fler fält", str(result.errors[0]))
        self.assert_nothing_stored()

    def test_it_refuses_a_long_or_deeply_nested_period(self):
        started = time.monotonic()
        result = self.run_import(
            "area;question;n;share;period\n"
            "fittja;safe_area;10;50;2025" + " " * 4000 + "2025 x\n"  # 2 took minutes
            "fittja;safe_evening;10;50;" + "2025/" * 3000 + "\n"    # 3 RecursionError
            "alby;safe_area;10;50;2025/2025/2025\n"                  # 4 not a range
            "alby;safe_evening;10;50;2025-03 - 2025-04\n"            # 5 fine
            "alby;worry_crime;10;50;2025..2026\n"                    # 6 fine
        )
        self.assert_fast(started)
        self.assertEqual(self.errors(result), [(2, "period"), (3, "period"), (4, "period")])
        self.assertIn("högst 40 tecken", str(result.errors[0]))
        self.assert_nothing_stored()

    def test_it_drops_trailing_empty_header_cells(self):
        started = time.monotonic()
        data = ("area,safe_area" + "," * 200_000 + "\n"
                + "fittja,very_safe,,,\n" * 2000 + "alby,fairly_safe,,,x\n")
        result = self.run_import(data)
        self.assert_fast(started)
        self.assertEqual(self.errors(result), [(2002, "")])
        self.assertIn("fler fält", str(result.errors[0]))
        result = self.run_import(data.rsplit("alby", 1)[0])
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(share(self.survey, "safe_area", area=self.fittja), (2000, 2000))

    def test_it_refuses_a_header_of_more_than_100_columns(self):
        header = ",".join(["area", *["id"] * 100])
        result = self.run_import(header + "\nfittja\n")
        self.assertEqual(self.errors(result), [(1, "")])
        self.assertIn("för många kolumner", str(result.errors[0]))
        self.assert_nothing_stored()


class GuardTests(SurveyImportTestCase):
    def test_it_refuses_an_area_row_and_a_property_row_of_that_area_together(self):
        result = self.run_import("area;property;question;n;share\n"
                                 "alby;;safe_area;100;50\n"
                                 ";Albyvägen 10;safe_area;20;50\n"
                                 ";Albyvägen 10;safe_evening;20;50\n"
                                 "fittja;;safe_area;10;50\n")
        self.assertEqual(self.errors(result), [(3, "")])
        self.assertIn("Rad 2", str(result.errors[0]))
        self.assert_nothing_stored()
        result = self.run_import("area;property;question;n;share\n"
                                 ";Albyvägen 10;safe_area;20;50\n"
                                 "Alby;;safe_area;100;50\n")
        self.assertEqual(self.errors(result), [(3, "")])
        self.assertIn("Rad 2", str(result.errors[0]))
        self.assert_nothing_stored()

    def test_it_refuses_to_import_into_an_own_survey(self):
        own = Survey.objects.create(
            collaboration=self.est, owner=self.municipality, provider="own",
            title="Egen enkät", period_start=dt.date(2025, 3, 1),
            period_end=dt.date(2025, 4, 30), is_open=False)
        result = self.run_import(respondent_csv(), survey=own)
        self.assertEqual(self.errors(result), [(0, "")])
        self.assertIn("egen enkät", str(result.errors[0]))
        self.assertFalse(AnswerCount.objects.filter(survey=own).exists())
