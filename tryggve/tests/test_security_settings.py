"""HTTPS, proxy and header settings: the README's production settings pass
`check --deploy` without a warning, and a mistyped value is an error, not a silent default."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.test import SimpleTestCase, override_settings

from tryggve.checks import check_security_settings
from tryggve.policies import DEFAULT_PERMISSIONS_POLICY

ROOT = Path(__file__).resolve().parents[2]


def readme_production_exports() -> str:
    """The `export …` lines of the README's production section, as a shell would run them."""
    section = (ROOT / "README.md").read_text().split("## Production on PostgreSQL", 1)[1]
    block = section.split("```sh", 1)[1].split("```", 1)[0]
    return "\n".join(line for line in block.splitlines() if line.startswith("export "))


def check_deploy(shell_setup: str = "", **env) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items()  # only what the README sets
             if not k.startswith(("SECURE_", "DATABASE_URL", "ALLOWED_HOSTS", "SECRET_KEY",
                                  "TRUSTED_PROXIES", "PERMISSIONS_POLICY", "DEBUG",
                                  "DJANGO_", "TRYGGVE_", "CSRF_"))}
    script = f"{shell_setup}\nexec {sys.executable} manage.py check --deploy --fail-level WARNING"
    return subprocess.run(["bash", "-c", script], cwd=ROOT, env=clean | env,
                          capture_output=True, text=True, timeout=120)


class DeployCheckTests(SimpleTestCase):
    def test_the_readmes_production_settings_pass_check_deploy_without_warnings(self):
        exports = readme_production_exports()
        self.assertIn("SECURE_HSTS_SECONDS", exports)
        done = check_deploy(exports)
        self.assertEqual(done.returncode, 0, done.stdout + done.stderr)
        self.assertIn("no issues", done.stdout)

    def test_a_mistyped_setting_is_an_error(self):
        exports = readme_production_exports()
        done = check_deploy(exports + "\nexport SECURE_SSL_REDIRECT=ture SECURE_HSTS_SECONDS=1y"
                                      " TRUSTED_PROXIES=127.0.0.1,proxy.local")
        self.assertNotEqual(done.returncode, 0)
        output = done.stdout + done.stderr
        self.assertIn("tryggve.E004", output)
        self.assertRegex(output, r"SECURE_SSL_REDIRECT has a value that cannot be read: 'ture'")
        self.assertRegex(output, r"SECURE_HSTS_SECONDS has a value that cannot be read: '1y'")
        self.assertIn("TRUSTED_PROXIES: 'proxy.local' is not an IP address", output)


class SecurityCheckTests(SimpleTestCase):
    def ids(self) -> list[str]:
        return [problem.id for problem in check_security_settings(None)]

    def test_the_defaults_pass(self):
        self.assertEqual(self.ids(), [])

    def test_it_checks_proxies_hsts_and_the_permissions_policy(self):
        with self.settings(TRUSTED_PROXIES=["10.0.0.0/8", "::1", "10.0.0.300"]):
            self.assertEqual(self.ids(), ["tryggve.E005"])
        with self.settings(SECURE_HSTS_SECONDS=-1):
            self.assertEqual(self.ids(), ["tryggve.E006"])
        for bad in ("camera=none", "geolocation=(self), camera", "camera=(), camera=()",
                    "geolocation=(https://example.se)"):
            with self.subTest(bad), self.settings(PERMISSIONS_POLICY=bad):
                self.assertEqual(self.ids(), ["tryggve.E007"])
        with self.settings(PERMISSIONS_POLICY="camera=(), geolocation=()"):
            self.assertEqual(self.ids(), ["tryggve.W001"])
        with self.settings(PERMISSIONS_POLICY='geolocation=(self "https://karta.example.se")'):
            self.assertEqual(self.ids(), [])

    def test_it_checks_that_the_tile_server_can_be_named_in_the_csp(self):
        for url in ("https://{s}.tile.example.se/{z}/{x}/{y}.png", ""):
            with self.subTest(url), self.settings(TILE_URL=url):
                self.assertEqual(self.ids(), [])
        with self.settings(TILE_URL="https://tiles-{s}.example.se/{z}/{x}/{y}.png"):
            self.assertEqual(self.ids(), ["tryggve.E008"])


class HeaderTests(SimpleTestCase):
    def test_pages_carry_a_csp_without_inline_code_and_the_permissions_policy(self):
        r = self.client.get("/login/")
        csp = dict(part.strip().split(" ", 1) for part in
                   r["Content-Security-Policy"].split(";") if part.strip())
        self.assertEqual(csp["script-src"], "'self'")
        self.assertEqual(csp["style-src"], "'self'")
        self.assertEqual(csp["object-src"], "'none'")
        self.assertEqual(csp["frame-ancestors"], "'none'")
        self.assertNotIn("unsafe", r["Content-Security-Policy"])
        self.assertEqual(r["Permissions-Policy"], DEFAULT_PERMISSIONS_POLICY)
        self.assertIn("geolocation=(self)", r["Permissions-Policy"])
        self.assertNotIn("Strict-Transport-Security", r)

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
    def test_it_sends_hsts_over_https_when_set(self):
        r = self.client.get("/login/", secure=True)
        self.assertEqual(r["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")

    def test_no_template_holds_an_inline_script_or_event_handler(self):
        inline = re.compile(r"<script(?![^>]*\b(src|type=\"application/json\")\b)[^>]*>"
                            r"|\son[a-z]+\s*=|javascript:", re.IGNORECASE)
        found = [f"{path.relative_to(ROOT)}: {match.group(0)}"
                 for path in ROOT.glob("*/templates/**/*.html")
                 for match in inline.finditer(path.read_text())]
        self.assertEqual(found, [])
