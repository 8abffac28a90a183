import csv
import io
import tempfile
from contextlib import redirect_stdout
from pathlib import Path
from unittest import mock

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase, override_settings
from shapely.geometry import Point, shape

from audit.models import Action, AuditEntry
from orgs import geo
from orgs.models import ApiToken, Collaboration, Membership
from orgs.permissions import visible_reports
from reports.intake import do_create_report
from reports.models import Report, Source
from tryggve import cli
from tryggve.demo.load import DEMO_PASSWORD, DEMO_ROLES, SHORT, load_demo
from tryggve.test import BaseTestCase

ROSENGARD_POINT = {"latitude": 55.59, "longitude": 13.04}


def run(*args, **options) -> tuple[str, str]:
    """Call a management command; return what it wrote to stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


class ConsoleTestCase(BaseTestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)

    def write(self, text: str, name: str = "in.csv") -> Path:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return path


class HelpTestCase(ConsoleTestCase):
    def test_it_lists_its_own_commands_on_help(self):
        out = io.StringIO()
        with redirect_stdout(out):
            self.assertEqual(cli.main(["tryggve", "--help"]), 0)
        text = out.getvalue()
        self.assertIn("usage: tryggve COMMAND", text)
        for name in ("demo", "serve", "token", "import-reports", "export-reports"):
            self.assertRegex(text, rf"\n  {name} +\w", name)
        self.assertIn("DATABASE_URL", text)

    def test_it_shows_the_same_help_when_called_without_a_command(self):
        bare = io.StringIO()
        with redirect_stdout(bare):
            cli.main(["tryggve"])
        helped = io.StringIO()
        with redirect_stdout(helped):
            cli.main(["tryggve", "-h"])
        self.assertEqual(bare.getvalue(), helped.getvalue())
        self.assertIn("import-reports", bare.getvalue())

    def test_it_passes_its_own_names_on_to_the_django_commands(self):
        # Patched: a real run_from_argv closes the database connection, which would end
        # the test's transaction on PostgreSQL.
        with mock.patch("django.core.management.execute_from_command_line") as execute:
            self.assertEqual(cli.main(["tryggve", "import-reports", "f.csv", "--user", "bob"]), 0)
            self.assertEqual(cli.main(["tryggve", "migrate", "--check"]), 0)
        self.assertEqual(execute.call_args_list[0].args[0],
                         ["tryggve", "import_reports", "f.csv", "--user", "bob"])
        self.assertEqual(execute.call_args_list[1].args[0], ["tryggve", "migrate", "--check"])

    def test_it_shows_the_options_of_a_subcommand(self):
        out = io.StringIO()
        with redirect_stdout(out), self.assertRaises(SystemExit) as exit_:
            cli.main(["tryggve", "import-reports", "--help"])
        self.assertEqual(exit_.exception.code, 0)
        self.assertIn("nothing is stored", out.getvalue())
        self.assertIn("--user", out.getvalue())


class TokenTestCase(ConsoleTestCase):
    def test_it_prints_a_token_that_opens_the_api(self):
        out, err = run("token", "alice")
        token = out.strip()
        self.assertIn("Authorization: Bearer", err)
        self.assertNotIn(token, err)
        do_create_report(self.alice, self.report_data(), source=Source.FORM)

        r = self.client.get("/api/reports", headers={"Authorization": f"Bearer {token}"})
        self.assertEqual(r.status_code, 200, r.content)
        self.assertEqual(r.json()["count"], 1)
        self.assertIsNotNone(ApiToken.objects.get(user=self.alice).last_used_at)

    def test_the_token_is_stored_only_as_a_hash(self):
        token = run("token", "alice")[0].strip()
        stored = ApiToken.objects.get()
        self.assertNotEqual(stored.key_hash, token)
        self.assertEqual(stored.prefix, token[:8])

    def test_a_made_up_token_opens_nothing(self):
        run("token", "alice")
        r = self.client.get("/api/reports", headers={"Authorization": "Bearer tg_madeup"})
        self.assertEqual(r.status_code, 401)

    def test_it_refuses_an_unknown_user(self):
        with self.assertRaisesMessage(CommandError, "No active user 'mallory'"):
            run("token", "mallory")
        self.assertFalse(ApiToken.objects.exists())

    def test_it_refuses_a_deactivated_user(self):
        User.objects.filter(pk=self.alice.pk).update(is_active=False)
        with self.assertRaises(CommandError):
            run("token", "alice")


class ImportCommandTestCase(ConsoleTestCase):
    def test_the_console_operator_imports_rows_that_name_their_collaboration(self):
        path = self.write(
            "collaboration,organisation,category,area,text\n"
            "test,fittjabyggen,graffiti,fittja,Klotter på garaget.\n"
            "annan,annanbo,noise,rosengard,Musik.\n")
        out, _ = run("import_reports", str(path))
        self.assertIn("Imported 2 report(s); 0 already existed.", out)
        graffiti, noise = Report.objects.get(category="graffiti"), Report.objects.get(
            category="noise")
        self.assertEqual((graffiti.collaboration, graffiti.organisation, graffiti.area),
                         (self.est, self.housing, self.fittja))
        self.assertEqual((noise.collaboration, noise.organisation, noise.area),
                         (self.other_est, self.outsider, self.rosengard))
        self.assertIsNone(graffiti.reporter)
        self.assertEqual(graffiti.source, "import")
        entries = AuditEntry.objects.filter(action=Action.IMPORT)
        self.assertEqual(entries.count(), 2)
        self.assertEqual({e.actor_username for e in entries}, {"(console)"})

    def test_the_console_operator_must_name_collaboration_and_organisation(self):
        path = self.write("category,area\ngraffiti,fittja\n")
        err = io.StringIO()
        with self.assertRaisesMessage(CommandError, "1 error(s); nothing was imported."):
            call_command("import_reports", str(path), stdout=io.StringIO(), stderr=err)
        self.assertIn("rad 2, collaboration: Välj vilken samverkan", err.getvalue())
        self.assertFalse(Report.objects.exists())

    def test_it_imports_as_a_named_user(self):
        path = self.write("category,place\nyouth_gathering,Fittja torg\n")
        out, _ = run("import_reports", str(path), "--user", "bob")
        self.assertIn("Imported 1 report(s)", out)
        report = Report.objects.get()
        self.assertEqual((report.reporter, report.organisation, report.area),
                         (self.bob, self.municipality, self.fittja))
        self.assertEqual(AuditEntry.objects.get(action=Action.IMPORT).actor, self.bob)

    def test_a_named_user_cannot_import_into_another_collaboration(self):
        path = self.write("collaboration,category,area\nannan,graffiti,rosengard\n")
        with self.assertRaises(CommandError):
            run("import_reports", str(path), "--user", "bob")
        self.assertFalse(Report.objects.exists())

    def test_a_bad_file_stores_nothing_and_lists_every_error(self):
        path = self.write("category,latitude,longitude\n"
                          "graffiti,59.2470,17.8600\n"
                          "ufo,59.2470,17.8600\n"
                          "graffiti,52.5,13.4\n")
        err = io.StringIO()
        with self.assertRaisesMessage(CommandError, "2 error(s); nothing was imported."):
            call_command("import_reports", str(path), "--user", "bob", stdout=io.StringIO(),
                         stderr=err)
        self.assertIn("rad 3, category: Okänd kategori 'ufo'.", err.getvalue())
        self.assertIn("rad 4, latitude:", err.getvalue())
        self.assertFalse(Report.objects.exists())
        self.assertFalse(AuditEntry.objects.exists())

    def test_a_file_that_is_not_utf8_is_refused(self):
        path = self.tmp / "latin1.csv"
        path.write_bytes("category,area,text\ngraffiti,fittja,Klotter på väggen\n"
                         .encode("latin-1"))
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command("import_reports", str(path), "--user", "bob", stderr=err)
        self.assertIn("UTF-8", err.getvalue())
        self.assertFalse(Report.objects.exists())

    def test_it_refuses_a_missing_file_and_an_unknown_user(self):
        with self.assertRaisesMessage(CommandError, "No such file"):
            run("import_reports", str(self.tmp / "nope.csv"))
        with self.assertRaisesMessage(CommandError, "No active user 'mallory'"):
            run("import_reports", str(self.write("category\n")), "--user", "mallory")


class ExportCommandTestCase(ConsoleTestCase):
    def setUp(self):
        super().setUp()
        self.shared = do_create_report(self.alice, self.report_data(), source=Source.FORM).report
        self.internal = do_create_report(self.alice, self.report_data(visibility="internal"),
                                         source=Source.FORM).report
        self.elsewhere = do_create_report(self.charlie, self.report_data(**ROSENGARD_POINT),
                                          source=Source.FORM).report

    def read(self, path: Path) -> list[dict]:
        return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))

    def test_it_exports_only_what_the_named_user_may_see(self):
        path = self.tmp / "bob.csv"
        _, err = run("export_reports", "--user", "bob", "--output", str(path))
        self.assertIn("Exported 1 report(s).", err)
        rows = self.read(path)
        self.assertEqual([row["id"] for row in rows], [str(self.shared.pk)])
        self.assertEqual(rows[0]["organisation"], "fittjabyggen")
        entry = AuditEntry.objects.get(action=Action.EXPORT)
        self.assertEqual((entry.actor, entry.detail["count"]), (self.bob, 1))

    def test_it_refuses_a_user_whose_role_may_not_export(self):
        path = self.tmp / "polly.csv"
        with self.assertRaisesMessage(CommandError, "polly may not export reports"):
            run("export_reports", "--user", "polly", "--output", str(path))
        self.assertFalse(path.exists())
        self.assertFalse(AuditEntry.objects.filter(action=Action.EXPORT).exists())

    def test_it_refuses_an_import_by_a_user_whose_role_may_not_import(self):
        path = self.tmp / "in.csv"
        path.write_text("category,area,text\ngraffiti,fittja,Klotter\n", encoding="utf-8")
        with self.assertRaisesMessage(CommandError, "alice may not import reports"):
            run("import_reports", str(path), "--user", "alice")
        self.assertEqual(Report.objects.count(), 3)

    def test_the_console_operator_exports_everything_to_stdout(self):
        out, _ = run("export_reports")
        rows = list(csv.DictReader(io.StringIO(out.removeprefix("\ufeff"))))
        self.assertEqual({row["id"] for row in rows},
                         {str(r.pk) for r in (self.shared, self.internal, self.elsewhere)})
        self.assertEqual(AuditEntry.objects.get(action=Action.EXPORT).actor_username,
                         "(console)")

    def test_it_applies_the_filters(self):
        path = self.tmp / "annan.csv"
        run("export_reports", "--collaboration", "annan", "--output", str(path))
        self.assertEqual([row["id"] for row in self.read(path)], [str(self.elsewhere.pk)])

    def test_it_refuses_a_nonsense_filter(self):
        with self.assertRaisesMessage(CommandError, "ingen vecka 54"):
            run("export_reports", "--week", "2025-W54")
        self.assertFalse(AuditEntry.objects.filter(action=Action.EXPORT).exists())

    def test_an_export_imports_again_as_all_existing(self):
        path = self.tmp / "all.csv"
        run("export_reports", "--output", str(path))
        out, _ = run("import_reports", str(path))
        self.assertIn("Imported 0 report(s); 3 already existed.", out)
        self.assertEqual(Report.objects.count(), 3)


def small_demo(**kwargs):
    return load_demo(weeks=3)


# The demo sets sixteen passwords; the default hasher would take most of the time.
FAST_HASHER = override_settings(
    PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


@FAST_HASHER
class DemoCommandTestCase(TestCase):
    """`tryggve demo --no-serve` with three weeks of reports instead of two years."""

    @mock.patch("tryggve.management.commands.demo.load_demo", small_demo)
    def test_it_loads_once_and_prints_the_logins(self):
        first, _ = run("demo", no_serve=True)
        total = Report.objects.count()
        self.assertGreater(total, 100)
        self.assertIn(f"Demo data: {total} new reports ({total} in all)", first)
        self.assertIn(f"password for all: {DEMO_PASSWORD}", first)
        self.assertIn("samordnare.botkyrka", first)

        second, _ = run("demo", no_serve=True)
        self.assertIn(f"Demo data: 0 new reports ({total} in all)", second)
        self.assertEqual(Report.objects.count(), total)

    def test_it_is_the_same_data_every_time(self):
        first = small_demo()
        ids = set(Report.objects.values_list("pk", flat=True))
        Report.objects.all().delete()
        second = small_demo()
        self.assertEqual(first.reports_created, second.reports_created)
        self.assertEqual(set(Report.objects.values_list("pk", flat=True)), ids)


@FAST_HASHER
class DemoDataTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.summary = small_demo()

    def test_every_role_has_a_login_in_every_collaboration(self):
        collabs = Collaboration.objects.all()
        self.assertEqual(collabs.count(), 3)
        for collab in collabs:
            for prefix, kind, role, _ in DEMO_ROLES:
                username = f"{prefix}.{SHORT[collab.slug]}"
                membership = Membership.objects.get(user__username=username)
                self.assertEqual(membership.role, role, username)
                self.assertEqual(membership.organisation.kind, kind, username)
                self.assertIn(collab, membership.organisation.collaborations.all(), username)
                self.assertTrue(self.client.login(username=username, password=DEMO_PASSWORD))
        self.assertTrue(User.objects.get(username="admin").is_superuser)
        self.assertEqual(len(self.summary.logins), 1 + 3 * len(DEMO_ROLES))

    def test_every_report_lies_in_an_area_of_its_own_collaboration(self):
        reports = Report.objects.select_related("area")
        self.assertGreater(reports.count(), 100)
        members = {c.pk: set(c.organisations.values_list("pk", flat=True))
                   for c in Collaboration.objects.all()}
        shapes = {}
        for report in reports:
            self.assertIsNotNone(report.area, report.pk)
            self.assertEqual(report.area.collaboration_id, report.collaboration_id)
            self.assertIn(report.organisation_id, members[report.collaboration_id])
            polygon = shapes.setdefault(report.area_id, shape(report.area.polygon))
            self.assertTrue(polygon.contains(Point(report.longitude, report.latitude)),
                            (report.area.slug, report.latitude, report.longitude))
            self.assertEqual(report.h3_cell, geo.h3_cell(report.latitude, report.longitude))

    def test_a_demo_login_sees_only_its_own_collaboration(self):
        polis = User.objects.get(username="polis.malmo")
        seen = visible_reports(polis)
        self.assertTrue(seen.exists())
        self.assertEqual(set(seen.values_list("collaboration__slug", flat=True)), {"est-malmo"})
        own = Membership.objects.get(user=polis).organisation
        internal = seen.filter(visibility="internal")
        self.assertEqual(set(internal.values_list("organisation", flat=True)) - {own.pk}, set())
        self.assertTrue(Report.objects.filter(collaboration__slug="est-malmo",
                                              visibility="internal")
                        .exclude(organisation=own).exists())  # others' internal ones exist
