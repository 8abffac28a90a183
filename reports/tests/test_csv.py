import csv
import io
import uuid
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from audit.models import Action, AuditEntry
from jobs.testing import run_queued_jobs
from reports.csvio import EXPORT_COLUMNS, import_reports
from reports.intake import do_create_report
from reports.models import Report, Source
from tryggve.test import BaseTestCase

ROSENGARD_POINT = {"latitude": 55.59, "longitude": 13.04}


def csv_text(rows: list[list], delimiter: str = ",") -> str:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return out.getvalue()


class CsvTestCase(BaseTestCase):
    def import_text(self, text: str, user=None):
        return import_reports(user or self.bob, text.encode("utf-8"))

    def upload(self, data: bytes, name: str = "avvikelser.csv"):
        """Send a file on the import page; once the page has queued its import, let a job
        worker run it and return the job's page."""
        r = self.client.post("/reports/import/",
                             {"file": SimpleUploadedFile(name, data, "text/csv")})
        if r.status_code != 302 or not r["Location"].startswith("/jobs/"):
            return r
        run_queued_jobs()
        return self.client.get(r["Location"])

    def report(self, user, **overrides) -> Report:
        return do_create_report(user, self.report_data(**overrides), source=Source.FORM).report

    def errors_of(self, result) -> set[tuple[int, str]]:
        return {(e.line, e.field) for e in result.errors}


class ImportTestCase(CsvTestCase):
    def test_it_stores_every_row_of_a_valid_file_placed_in_four_ways(self):
        text = csv_text([
            ["category", "latitude", "longitude", "place", "property", "area", "occurred_at",
             "text"],
            ["graffiti", "59.2470", "17.8600", "", "", "", "2025-06-07 21:30", "Klotter."],
            ["youth_gathering", "", "", "Fittja torg", "", "", "2025-06-08 22:00", ""],
            ["broken_lighting", "", "", "", "Albyvägen 10", "", "2025-06-09", "Mörkt."],
            ["littering", "", "", "", "", "alby", "", "Skräp överallt, igen."],
        ])
        result = self.import_text(text)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.existing), (4, 0))

        reports = {r.category: r for r in Report.objects.select_related("area", "place")}
        self.assertEqual(len(reports), 4)
        self.assertTrue(all(r.source == "import" for r in reports.values()))
        self.assertTrue(all(r.reporter == self.bob for r in reports.values()))
        self.assertTrue(all(r.organisation == self.municipality for r in reports.values()))
        self.assertEqual(reports["graffiti"].area, self.fittja)
        self.assertEqual(reports["youth_gathering"].place, self.square)
        self.assertEqual(reports["youth_gathering"].area, self.fittja)
        self.assertEqual(reports["youth_gathering"].latitude, 59.2475)
        self.assertEqual(reports["broken_lighting"].area, self.alby)
        self.assertEqual(reports["littering"].area, self.alby)
        self.assertEqual(reports["littering"].text, "Skräp överallt, igen.")
        occurred = timezone.localtime(reports["graffiti"].occurred_at)
        self.assertEqual((occurred.hour, occurred.minute), (21, 30))  # read as Swedish time

        entries = AuditEntry.objects.filter(action=Action.IMPORT)
        self.assertEqual({e.report_id for e in entries}, {r.pk for r in reports.values()})
        self.assertTrue(all(e.actor == self.bob for e in entries))

    def test_it_reads_a_semicolon_file_with_bom_and_decimal_commas_as_excel_saves_it(self):
        text = "\ufeff" + csv_text([
            ["category", "latitude", "longitude", "text"],
            ["graffiti", "59,2470", "17,8600", "Klotter, på väggen"],
            ["noise", "59,2400", "17,8400", "Musik"],
        ], delimiter=";")
        result = self.import_text(text)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 2)
        graffiti = Report.objects.get(category="graffiti")
        self.assertEqual(graffiti.text, "Klotter, på väggen")
        self.assertEqual(graffiti.area, self.fittja)
        self.assertEqual(Report.objects.get(category="noise").area, self.alby)

    def test_it_skips_blank_lines(self):
        result = self.import_text("category,area\ngraffiti,fittja\n\n,\nnoise,alby\n")
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 2)

    def test_it_lets_the_console_operator_import_into_a_named_collaboration(self):
        from reports.management.commands._actor import SystemActor

        text = csv_text([["collaboration", "organisation", "category", "area"],
                         ["test", "fittjabyggen", "graffiti", "fittja"],
                         ["annan", "annanbo", "noise", "rosengard"]])
        result = import_reports(SystemActor(), text.encode())
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(Report.objects.get(category="graffiti").organisation, self.housing)
        self.assertEqual(Report.objects.get(category="noise").collaboration, self.other_est)
        self.assertEqual(AuditEntry.objects.get(action=Action.IMPORT,
                                                report_id=Report.objects.get(
                                                    category="noise").pk).actor_username,
                         "(console)")


class BadRowsTestCase(CsvTestCase):
    def bad_file(self) -> str:
        good_id = str(uuid.uuid4())
        future = (timezone.localtime() + timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
        return csv_text([
            ["id", "category", "latitude", "longitude", "place", "occurred_at", "text"],
            [good_id, "graffiti", "59.2470", "17.8600", "", "", "Klotter."],      # line 2: ok
            ["", "ufo", "59.2470", "17.8600", "", "", ""],                        # 3
            ["", "graffiti", "52.5", "13.4", "", "", "I Berlin"],                 # 4
            ["", "graffiti", "59.2470", "17.8600", "", future, ""],               # 5
            ["", "graffiti", "", "", "", "", "Var då?"],                          # 6
            ["", "graffiti", "59.2470", "17.8600", "", "", "x" * 2001],           # 7
            ["", "graffiti", "59.2470", "17.8600", "", "2025-02-30 10:00", ""],   # 8
            ["", "graffiti", "59.2470", "17.8600", "", "igår kväll", ""],         # 9
            [good_id, "noise", "59.2470", "17.8600", "", "", ""],                 # 10
            ["", "graffiti", "", "", "Månen", "", ""],                            # 11
            ["", "graffiti", "59.2470", "17.8600", "", "", "Klotter."],           # 12: ok
        ])

    def test_it_stores_nothing_and_names_every_bad_row_and_field(self):
        result = self.import_text(self.bad_file())
        self.assertFalse(result.ok)
        self.assertEqual(self.errors_of(result), {
            (3, "category"), (4, "latitude"), (5, "occurred_at"), (6, "location"),
            (7, "text"), (8, "occurred_at"), (9, "occurred_at"), (10, "id"), (11, "place"),
        })
        self.assertEqual((result.created, result.existing), (0, 0))
        self.assertEqual(Report.objects.count(), 0)
        self.assertFalse(AuditEntry.objects.filter(action=Action.IMPORT).exists())

    def test_it_explains_each_error_in_swedish(self):
        messages = {(e.line, e.field): e.message for e in self.import_text(self.bad_file()).errors}
        self.assertIn("Okänd kategori 'ufo'", messages[3, "category"])
        self.assertIn("utanför Sverige", messages[4, "latitude"])
        self.assertIn("framtiden", messages[5, "occurred_at"])
        self.assertIn("för lång (2001 tecken, högst 2000)", messages[7, "text"])
        self.assertIn("ingen tidpunkt", messages[9, "occurred_at"])
        self.assertIn("Samma id som rad 2", messages[10, "id"])
        self.assertIn("Hittar inte platsen 'Månen'", messages[11, "place"])

    def test_it_counts_lines_of_quoted_multiline_text_in_the_file(self):
        text = csv_text([["category", "area", "text"],
                         ["graffiti", "fittja", "Första raden\nandra raden"],   # lines 2-3
                         ["ufo", "fittja", ""]])                                 # line 4
        result = self.import_text(text)
        self.assertEqual(self.errors_of(result), {(4, "category")})

    def test_the_page_shows_the_errors_in_swedish_and_stores_nothing(self):
        self.client.force_login(self.bob)
        r = self.upload(self.bad_file().encode())
        self.assertContains(r, "Inget sparades")
        self.assertContains(r, "filen innehåller 9 fel")
        self.assertContains(r, "rad 3, category: Okänd kategori &#x27;ufo&#x27;.")
        self.assertContains(r, "rad 4, latitude: Positionen 52.50000, 13.40000 ligger utanför "
                               "Sverige.")
        self.assertContains(r, "rad 10, id: Samma id som rad 2.")
        self.assertEqual(Report.objects.count(), 0)


class MalformedFileTestCase(CsvTestCase):
    def assert_refused(self, data: bytes, line: int, phrase: str):
        result = import_reports(self.bob, data)
        self.assertFalse(result.ok)
        self.assertEqual(len(result.errors), 1, result.errors)
        self.assertEqual(result.errors[0].line, line)
        self.assertIn(phrase, str(result.errors[0]))
        self.assertEqual(Report.objects.count(), 0)

    def test_it_refuses_a_file_that_is_not_utf8(self):
        data = "category,area,text\ngraffiti,fittja,Klotter på väggen\n".encode("latin-1")
        self.assert_refused(data, 0, "filen: Filen är inte UTF-8-kodad")

    def test_it_refuses_a_file_without_a_category_column(self):
        self.assert_refused(b"kategori,area\ngraffiti,fittja\n", 1,
                            "saknar kolumnen 'category'")

    def test_it_refuses_unknown_columns_by_name(self):
        self.assert_refused(b"category,area,farg\ngraffiti,fittja,bla\n", 1,
                            "Okända kolumner: farg")

    def test_it_refuses_a_row_with_more_fields_than_the_header(self):
        data = b"category,area\ngraffiti,fittja\nnoise,alby,extra\n"
        self.assert_refused(data, 3, "rad 3: Raden har fler fält än rubrikraden")

    def test_it_refuses_an_empty_file(self):
        self.assert_refused(b"", 0, "Filen är tom")

    def test_it_refuses_a_file_of_only_whitespace(self):
        self.assert_refused(b"\xef\xbb\xbf\n\n", 0, "Filen är tom")

    def test_the_page_asks_for_a_file_when_none_was_sent(self):
        self.client.force_login(self.bob)
        r = self.client.post("/reports/import/", {})
        self.assertContains(r, "Välj en fil.", status_code=400)

    def test_the_page_names_a_file_that_is_not_utf8(self):
        self.client.force_login(self.bob)
        r = self.upload("category,area\ngraffiti,Fittja å\n".encode("latin-1"))
        self.assertContains(r, "Filen är inte UTF-8-kodad")


class IdempotentImportTestCase(CsvTestCase):
    def file_with_ids(self) -> str:
        self.ids = [str(uuid.uuid4()) for _ in range(3)]
        return csv_text([["id", "category", "area"]] + [[i, "graffiti", "fittja"]
                                                        for i in self.ids])

    def test_it_stores_nothing_new_when_the_same_file_comes_again(self):
        text = self.file_with_ids()
        first = self.import_text(text)
        second = self.import_text(text)
        self.assertEqual((first.created, first.existing), (3, 0))
        self.assertTrue(second.ok, second.errors)
        self.assertEqual((second.created, second.existing), (0, 3))
        self.assertEqual(sorted(str(pk) for pk in Report.objects.values_list("pk", flat=True)),
                         sorted(self.ids))
        self.assertEqual(AuditEntry.objects.filter(action=Action.IMPORT).count(), 3)

    def test_it_stores_only_the_new_rows_of_a_grown_file(self):
        text = self.file_with_ids()
        self.import_text(text)
        result = self.import_text(text + csv_text([[str(uuid.uuid4()), "noise", "alby"]]))
        self.assertEqual((result.created, result.existing), (1, 3))
        self.assertEqual(Report.objects.count(), 4)

    def test_the_page_says_how_many_already_existed(self):
        text = self.file_with_ids()
        self.client.force_login(self.bob)
        self.assertContains(self.upload(text.encode()), "Klart: 3 nya avvikelser sparade.")
        self.assertContains(self.upload(text.encode()),
                            "Klart: 0 nya avvikelser sparade, 3 fanns redan.")

    def test_it_refuses_an_id_of_another_organisations_internal_report(self):
        internal = self.report(self.alice, visibility="internal", text="Internt ärende.")
        text = csv_text([["id", "category", "latitude", "longitude", "text"],
                         [str(internal.pk), "noise", ROSENGARD_POINT["latitude"],
                          ROSENGARD_POINT["longitude"], "Kapat id"]])
        result = self.import_text(text, user=self.charlie)
        self.assertEqual(self.errors_of(result), {(2, "id")})
        self.assertIn("används redan", result.errors[0].message)
        self.assertNotIn("Internt", str(result.errors[0]))
        self.assertEqual(Report.objects.count(), 1)
        internal.refresh_from_db()
        self.assertEqual(internal.text, "Internt ärende.")


class ImportPageAccessTestCase(CsvTestCase):
    def test_a_coordinator_may_open_the_import_page(self):
        self.client.force_login(self.bob)
        r = self.client.get("/reports/import/")
        self.assertContains(r, "Importera avvikelser från CSV")
        self.assertContains(r, "category")

    def test_a_coordinator_may_import_a_file(self):
        self.client.force_login(self.bob)
        r = self.upload(b"category,area\ngraffiti,fittja\n")
        self.assertContains(r, "Klart: 1 nya avvikelser sparade.")
        self.assertEqual(Report.objects.get().source, "import")

    def test_a_reporter_may_not_import(self):
        self.client.force_login(self.alice)
        self.assertEqual(self.client.get("/reports/import/").status_code, 403)
        self.assertEqual(self.upload(b"category,area\ngraffiti,fittja\n").status_code, 403)
        self.assertEqual(Report.objects.count(), 0)

    def test_a_viewer_may_not_import(self):
        self.client.force_login(self.polly)
        self.assertEqual(self.upload(b"category,area\ngraffiti,fittja\n").status_code, 403)

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        r = self.upload(b"category,area\ngraffiti,fittja\n")
        self.assertRedirects(r, "/login/?next=/reports/import/", fetch_redirect_response=False)
        self.assertEqual(Report.objects.count(), 0)


class ExportTestCase(CsvTestCase):
    def setUp(self):
        self.alice_shared = self.report(self.alice, text="Delad från Fittjabyggen.")
        self.alice_internal = self.report(self.alice, visibility="internal",
                                          text="Internt hos Fittjabyggen.")
        self.bob_noise = self.report(self.bob, category="noise", place="Fittja torg",
                                     latitude="", longitude="")
        self.charlie_report = self.report(self.charlie, **ROSENGARD_POINT)

    def export(self, user=None, **params):
        self.client.force_login(user or self.bob)
        return self.client.get("/reports/export.csv", params)

    def rows(self, response) -> list[dict]:
        body = b"".join(response.streaming_content).decode("utf-8")
        self.assertTrue(body.startswith("\ufeff"), "Excel needs the BOM to read UTF-8")
        return list(csv.DictReader(io.StringIO(body.removeprefix("\ufeff"))))

    def test_it_exports_what_the_coordinator_may_see_and_nothing_else(self):
        r = self.export()
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r["Content-Type"], "text/csv; charset=utf-8")
        self.assertRegex(r["Content-Disposition"], r'attachment; filename="avvikelser-\d{8}-\d{4}'
                                                   r'\.csv"')
        rows = self.rows(r)
        self.assertEqual({row["id"] for row in rows},
                         {str(self.alice_shared.pk), str(self.bob_noise.pk)})
        self.assertEqual(list(rows[0]), EXPORT_COLUMNS)
        by_id = {row["id"]: row for row in rows}
        noise = by_id[str(self.bob_noise.pk)]
        self.assertEqual(noise["organisation"], "testkommun")
        self.assertEqual(noise["place"], "Fittja torg")
        self.assertEqual(noise["area"], "fittja")
        self.assertEqual(noise["collaboration"], "test")
        self.assertEqual(len(noise["h3_cell"]), 15)
        self.assertEqual(by_id[str(self.alice_shared.pk)]["text"], "Delad från Fittjabyggen.")

    def test_it_writes_formula_like_text_so_that_a_spreadsheet_shows_it_as_text(self):
        self.report(self.bob, text='=HYPERLINK("http://evil.example/","klicka")',
                    address="@SUM(1+1)")
        row = next(r for r in self.rows(self.export()) if r["text"].startswith("'"))
        self.assertEqual(row["text"], '\'=HYPERLINK("http://evil.example/","klicka")')
        self.assertEqual(row["address"], "'@SUM(1+1)")
        self.assertEqual(row["latitude"], "59.247000")  # numbers stay numbers

    def test_it_applies_the_list_filters(self):
        rows = self.rows(self.export(category="noise"))
        self.assertEqual([row["id"] for row in rows], [str(self.bob_noise.pk)])
        self.assertEqual(self.rows(self.export(area="alby")), [])

    def test_it_sends_a_nonsense_week_back_to_the_list_with_a_message(self):
        r = self.export(week="2025-W54")
        self.assertRedirects(r, "/reports/", fetch_redirect_response=False)
        page = self.client.get("/reports/")
        self.assertContains(page, "År 2025 har ingen vecka 54")
        self.assertFalse(AuditEntry.objects.filter(action=Action.EXPORT).exists())

    def test_it_writes_who_exported_what_to_the_audit_log(self):
        self.rows(self.export(category="noise"))
        entry = AuditEntry.objects.get(action=Action.EXPORT)
        self.assertEqual(entry.actor, self.bob)
        self.assertEqual(entry.actor_organisation_id, self.municipality.pk)
        self.assertEqual(entry.detail, {"filters": {"category": "noise"}, "count": 1})

    def test_a_reporter_may_not_export(self):
        r = self.export(self.alice)
        self.assertEqual(r.status_code, 403)
        self.assertFalse(AuditEntry.objects.filter(action=Action.EXPORT).exists())

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        r = self.client.get("/reports/export.csv")
        self.assertRedirects(r, "/login/?next=/reports/export.csv", fetch_redirect_response=False)

    def test_an_exported_file_imports_again_as_all_existing(self):
        data = b"".join(self.export().streaming_content)
        result = import_reports(self.bob, data)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual((result.created, result.existing), (0, 2))
        self.assertEqual(Report.objects.count(), 4)

    def test_an_exported_file_imports_again_through_the_page(self):
        data = b"".join(self.export().streaming_content)
        r = self.upload(data)
        self.assertContains(r, "Klart: 0 nya avvikelser sparade, 2 fanns redan.")

    def test_an_exported_file_fills_an_empty_database_with_the_same_reports(self):
        data = b"".join(self.export(category="noise").streaming_content)
        Report.objects.filter(pk=self.bob_noise.pk).delete()
        result = import_reports(self.bob, data)
        self.assertTrue(result.ok, result.errors)
        self.assertEqual(result.created, 1)
        again = Report.objects.get(pk=self.bob_noise.pk)
        self.assertEqual((again.category, again.place, again.area, again.h3_cell),
                         ("noise", self.square, self.fittja, self.bob_noise.h3_cell))
        self.assertEqual(again.occurred_at.replace(second=0, microsecond=0),
                         self.bob_noise.occurred_at.replace(second=0, microsecond=0))
