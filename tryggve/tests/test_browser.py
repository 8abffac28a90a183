"""The phone reporter's path, in Debian's chromium at 360 px: log in, report by tapping
the map, get a receipt, find the report in the list; the main pages load without breaking
the Content-Security-Policy. Screenshots go to test-artifacts/.

Every page these tests visit is watched: a CSP violation, a Permissions-Policy violation or
an uncaught script error fails the test (``watch``)."""

import os
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect, sync_playwright

from reports.models import Report
from tryggve.test import PASSWORD, build_cast

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
# Chromium as this machine runs it: no sandbox as root, and no calls home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]

pytestmark = pytest.mark.browser

# Runs before each page's own scripts: a blocked script, style, image or connection is
# reported to the console, where ``watch`` collects it.
REPORT_VIOLATIONS = """
document.addEventListener("securitypolicyviolation", (e) => console.error(
  `CSP violation: ${e.effectiveDirective} blocked ${e.blockedURI || "inline code"}`
  + ` in ${e.sourceFile || document.location.pathname}:${e.lineNumber}`));
"""
VIOLATION_WORDS = ("CSP violation", "Content Security Policy", "Permissions policy",
                   "Permissions-Policy")


def watch(page) -> list[str]:
    """The CSP and Permissions-Policy violations and script errors of every page that
    ``page`` goes on to visit (the list fills as it goes)."""
    problems: list[str] = []
    page.add_init_script(REPORT_VIOLATIONS)
    page.on("console", lambda message: problems.append(f"{page.url}: {message.text}")
            if message.type in ("error", "warning")
            and any(word.lower() in message.text.lower() for word in VIOLATION_WORDS)
            else None)
    page.on("pageerror", lambda error: problems.append(f"{page.url}: uncaught {error}"))
    return problems


@pytest.fixture
def page(live_server):
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop beside the ORM
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 360, "height": 740},
                                      is_mobile=True, has_touch=True, locale="sv-SE")
        page = context.new_page()
        page.set_default_timeout(15_000)
        problems = watch(page)
        yield page
        browser.close()
    assert problems == [], "\n".join(problems)


def log_in(page, base_url: str, username: str, next_path: str = "/") -> None:
    page.goto(f"{base_url}/login/?next={next_path}")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_url(f"{base_url}{next_path}*")


def test_it_reports_by_tapping_the_map_and_finds_the_report(page, live_server, transactional_db):
    cast = SimpleNamespace()
    build_cast(cast)

    page.goto(f"{live_server.url}/reports/")
    expect(page.get_by_role("heading", name="Logga in")).to_be_visible()
    page.get_by_label("Användarnamn").fill("alice")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Rapportera avvikelse")).to_be_visible()

    page.get_by_label("Sök kategori").fill("klotter")
    expect(page.locator("#category option[value=graffiti]")).to_be_visible()
    expect(page.locator("#category option[value=shooting]")).to_be_hidden()
    page.locator("#category").select_option("graffiti")

    page.locator("#map").click()  # the map is fitted to the areas; its centre is in Fittja
    expect(page.locator("#position-text")).to_contain_text("Vald punkt")
    page.locator("textarea[name=text]").fill("Klotter på gaveln, anmält av 811218-9876")
    expect(page.locator("#text-warnings")).to_contain_text("Maskeras när du skickar: personnummer")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=ARTIFACTS / "report-form-360.png", full_page=True)

    page.get_by_role("button", name="Skicka rapport").click()
    expect(page.get_by_role("heading", name="Tack! Rapporten är sparad.")).to_be_visible()
    expect(page.locator("main")).to_contain_text("personnummer som har maskerats")
    page.screenshot(path=ARTIFACTS / "receipt-360.png", full_page=True)

    report = Report.objects.get()
    assert report.category == "graffiti"
    assert report.area == cast.fittja
    assert "811218" not in report.text

    page.get_by_role("link", name="Alla avvikelser").click()
    item = page.locator("#report-list li", has_text="Klotter")
    expect(item).to_have_count(1)
    expect(item).to_contain_text("Fittja")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    page.screenshot(path=ARTIFACTS / "report-list-360.png", full_page=True)
    item.click()
    expect(page.locator("main")).to_contain_text(str(report.pk))


def test_it_shows_the_picture_map_and_drills_down(page, live_server, transactional_db):
    from datetime import timedelta

    from reports import weeks
    from reports.intake import do_create_report

    cast = SimpleNamespace()
    build_cast(cast)
    for key in (202521, 202522, 202523):
        for _ in range(2):
            moment = weeks.week_bounds(key)[0] + timedelta(hours=20)
            do_create_report(cast.alice, {"category": "drug_dealing", "place": "Fittja torg",
                                          "occurred_at": moment.isoformat()})
    page.set_viewport_size({"width": 1200, "height": 900})
    page.goto(f"{live_server.url}/login/?next=/picture/test/2025-W23/")
    page.get_by_label("Användarnamn").fill("bob")
    page.get_by_label("Lösenord").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page.get_by_role("heading", name="Lägesbild vecka 2025-W23")).to_be_visible()
    expect(page.locator("#map-status")).to_contain_text("2 rapporter på kartan")
    assert page.locator("#picture-map path.leaflet-interactive").count() > 3  # areas, cells
    expect(page.locator("#recurring")).to_contain_text("Fittja torg (Fittja)")
    page.screenshot(path=ARTIFACTS / "picture-1200.png", full_page=True)

    page.locator("#area-table a", has_text="2").first.click()
    expect(page.get_by_role("heading", name="Avvikelser")).to_be_visible()
    expect(page.locator("#report-list li")).to_have_count(2)
    page.go_back()
    page.locator("a[rel=prev]").click()
    expect(page.get_by_role("heading", name="Lägesbild vecka 2025-W22")).to_be_visible()


def test_the_main_pages_work_under_the_content_security_policy(page, live_server,
                                                              transactional_db):
    """The maps, htmx, the collaboration switch, the API docs and the admin, with scripts and
    styles only from our static files."""
    from django.contrib.auth.models import User

    from inspections.models import SafetyWalk
    from measures.models import Measure

    cast = SimpleNamespace()
    build_cast(cast)
    Measure.objects.create(collaboration=cast.est, responsible=cast.municipality,
                           title="Belysning vid torget", kind="lighting", corner="place",
                           place=cast.square, status="ongoing")
    walk = SafetyWalk.objects.create(collaboration=cast.est, organisation=cast.municipality,
                                     area=cast.fittja)
    User.objects.create_superuser("root", password=PASSWORD)
    page.set_viewport_size({"width": 1200, "height": 900})

    log_in(page, live_server.url, "bob", "/measures/")
    expect(page.locator("#measures-map.leaflet-container")).to_be_visible()
    expect(page.locator("#measures-map path.leaflet-interactive")).to_have_count(1)
    page.goto(f"{live_server.url}/inspections/walks/{walk.pk}/")
    expect(page.locator("#map.leaflet-container")).to_be_visible()
    for path, heading in (("/surveys/", "Trygghet"), ("/reports/", "Avvikelser"),
                          ("/meetings/cases/", "ärenden"), ("/inspections/", "Besiktning")):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("h1")).to_contain_text(heading)
    page.goto(f"{live_server.url}/api/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Tryggve API")
    expect(page.locator(".opblock").first).to_be_visible()
    page.screenshot(path=ARTIFACTS / "api-docs-1200.png")

    page.context.clear_cookies()
    log_in(page, live_server.url, "root", "/picture/test/2025-W23/")
    expect(page.locator("#picture-map.leaflet-container")).to_be_visible()
    page.get_by_label("Samverkan").select_option("annan")  # a static script, no onchange=
    expect(page.get_by_role("heading", name="Lägesbild vecka 2025-W23")).to_be_visible()
    expect(page.locator("h1 .hint")).to_have_text("EST Annanstad")
    page.goto(f"{live_server.url}/admin/")
    expect(page.locator("#site-name")).to_contain_text("Tryggve")
    page.goto(f"{live_server.url}/admin/reports/report/")
    expect(page.locator("#changelist")).to_be_visible()
