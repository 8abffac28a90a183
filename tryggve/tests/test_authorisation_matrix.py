"""The authorisation matrix: every page, API operation and admin view, as every role of
three organisations in two collaborations, anonymously and with an API token, reads and
writes nothing of another tenant's.

Which URLs: every pattern of the URL resolver (the admin's included) and every operation
of the OpenAPI schema, with their parameters filled with ids of each tenant's records
(tryggve/tests/matrix/targets.py); a new page or endpoint is covered without editing this
test, and one whose parameters cannot be filled fails it. The data: three tenants whose
every record carries a canary (matrix/tenants.py). The checks (matrix/oracle.py): no
answer shows a canary its reader may not see; no request changes a row of a tenant it
may not write; a write to, or a page of, a record its reader may not see is refused.

Bounds: each identity tries, of every kind of record, one of each tenant class: its own
organisation's internal one, the other organisation's of its collaboration shared and
internal ones, and the other collaboration's (for X, alone in its collaboration: A's
shared and internal ones and B's); collaborations and organisations by slug, all three.
Identities the admin site turns away (not staff) try each admin view once. First every
identity reads every URL (the forms on the pages are kept by the URL they post to); then
every identity writes: to each URL some page has a form for (or that takes only POST),
with that form's ids turned to each tenant's, as forged; to each URL of a record it may
not see, POST (and DELETE, unless its GET already turned the identity away: 403, 404 or
the login page); and every API operation that writes.

The counts (URLs × identities, requests, seconds) are printed: `pytest -rP` shows them.
"""

import copy
import logging
import sys
import tempfile
import time
from collections import Counter
from contextlib import contextmanager
from unittest import mock

from django.core.management.color import no_style
from django.db import connection, transaction
from django.test import TestCase, override_settings

from tryggve.tests.matrix.bodies import (
    body_for,
    default_body,
    forms_on,
    json_body,
    search_query,
)
from tryggve.tests.matrix.oracle import Rows, body_text, leaks, refused, written_tables
from tryggve.tests.matrix.targets import Target, api_routes, api_targets, page_targets
from tryggve.tests.matrix.tenants import TENANTS, Identity, seed

MEDIA = tempfile.mkdtemp(prefix="tryggve-matrix-")


class LaidOutHTML:
    """Stands in for weasyprint.HTML: the "PDF" is the HTML it was given, so the matrix
    reads what a PDF would print (and does not spend seconds laying it out)."""

    def __init__(self, string="", **kwargs):
        self.html = string

    def write_pdf(self, *args, **kwargs) -> bytes:
        return b"%PDF-1.7\n" + self.html.encode()


@contextmanager
def rolled_back():
    """Every request starts from the seed: its writes are undone when it has been judged."""
    atomic = transaction.atomic()
    atomic._from_testcase = True  # as TestCase's own blocks: the code's durable blocks run
    with atomic:
        yield
        transaction.set_rollback(True)


def tenant_classes(identity: Identity) -> tuple[int, int, int]:
    """(own, other, farthest): the identity's organisation, the other organisation of its
    collaboration (or, alone in its own, the first of another), and the last one."""
    home = next((t for t in TENANTS if t.number in identity.organisations), TENANTS[0])
    others = sorted((t for t in TENANTS if t is not home),
                    key=lambda t: t.collaboration != home.collaboration)
    return home.number, others[0].number, others[1].number


def tried_by(identity: Identity, target) -> bool:
    """One record per tenant class: its own internal one, the other's shared and internal
    ones, the farthest's shared one."""
    if target.slug or (target.number is None and target.survey is None):
        return True
    own, other, farthest = tenant_classes(identity)
    return (target.number or target.survey) in (own + 1, other, other + 1, farthest)


@override_settings(SESSION_ENGINE="django.contrib.sessions.backends.signed_cookies",
                   MEDIA_ROOT=MEDIA, TILE_URL="")
class AuthorisationMatrixTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = seed()
        models = connection.introspection.installed_models(
            connection.introspection.table_names())
        with connection.cursor() as cursor:  # PostgreSQL: new rows after the seeded ids
            for sql in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(sql)

    def setUp(self):
        self.problems: list[str] = []
        self.requests: Counter = Counter()
        self.forms: dict[str, object] = {}  # action URL -> the fullest form posting there
        self.post_only: set[str] = set()  # URLs that answered GET with 405
        self.turned_away: set[tuple[str, str]] = set()  # (identity, URL) GET found nothing
        patcher = mock.patch("weasyprint.HTML", LaidOutHTML)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.statements: list[str] = []  # to see which tables a request wrote
        wrapper = connection.execute_wrapper(self.record_statement)
        wrapper.__enter__()
        self.addCleanup(wrapper.__exit__, None, None, None)
        quiet = logging.getLogger("django.request")  # thousands of refusals, as intended
        self.addCleanup(quiet.setLevel, quiet.level)
        quiet.setLevel(logging.ERROR)

    # One request ------------------------------------------------------------------------

    def record_statement(self, execute, sql, params, many, context):
        self.statements.append(sql)
        return execute(sql, params, many, context)

    def send(self, identity: Identity, method: str, target, data=None, json=False,
             survey: int | None = None) -> str:
        """Make the request from the identity's login, judge it, undo it; the answer."""
        self.client.cookies = copy.deepcopy(self.cookies)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {identity.token}"} if identity.token else {}
        extra = {"content_type": "application/json"} if json else {}
        where = f"{identity.label} {method.upper()} {target.url}"
        self.requests[method] += 1
        survey = survey or target.survey
        self.statements.clear()
        with rolled_back():
            try:
                response = getattr(self.client, method)(target.url, data, **extra, **headers)
            except Exception as exc:  # noqa: BLE001 - every failure is a finding
                self.problems.append(f"{where}: raised {type(exc).__name__}: {exc}")
                return ""
            text = body_text(response)
            changes = list(self.rows.changes(written_tables(self.statements)))
            self.judge(identity, method, target, response, text, changes, where, survey)
        if method == "get" and response.status_code == 405:
            self.post_only.add(target.url)
        if method == "get" and (response.status_code in (403, 404) or refused(response)):
            self.turned_away.add((identity.label, target.url))
        return text

    def judge(self, identity, method, target, response, text, changes, where, survey):
        granted = set(target.grants) | (self.world.granted_by(survey) if survey else set())
        if response.status_code >= 500:
            self.problems.append(f"{where}: answered {response.status_code}")
        shown = leaks(self.world, identity, text, granted)
        if shown:
            self.problems.append(f"{where}: showed {', '.join(shown)}")
        for model, before, after in changes:
            for row in (before, after):
                owner = row and self.rows.owner(model, row)
                if owner and not self.rows.may_change(identity, owner, survey):
                    pk = (before or after)[model._meta.pk.attname]
                    self.problems.append(f"{where}: changed {model._meta.label} {pk} of "
                                         f"{owner.kind} {owner.organisation or ''}")
                    break
        hidden = target.number is not None and not identity.sees_number(target.number)
        if hidden and method != "get" and not self.refused(identity, response):
            self.problems.append(f"{where}: answered {response.status_code} to a write of "
                                 f"another tenant's record")
        if hidden and method == "get" and response.status_code < 300:
            self.problems.append(f"{where}: answered {response.status_code} for another "
                                 f"tenant's record")

    def refused(self, identity, response, hops: int = 3) -> bool:
        """Refused, or redirected to where the identity is refused (an admin URL's alias)."""
        if refused(response) or not 300 <= response.status_code < 400 or not hops:
            return refused(response)
        with rolled_back():
            self.requests["get"] += 1
            following = self.client.get(response["Location"], **(
                {"HTTP_AUTHORIZATION": f"Bearer {identity.token}"} if identity.token else {}))
            return self.refused(identity, following, hops - 1)

    def login(self, identity: Identity) -> None:
        self.client.cookies.clear()
        if identity.user is not None and not identity.token:
            with rolled_back():  # its last_login stays as seeded, like every other row
                self.client.force_login(identity.user)
        self.cookies = copy.deepcopy(self.client.cookies)

    # The two passes ---------------------------------------------------------------------

    @staticmethod
    def once_in_admin(identity: Identity, target, tried: set[str]) -> bool:
        """The admin site turns away whoever is not staff before any view runs: such an
        identity tries each admin view once, with the farthest tenant's record."""
        if not target.pattern.startswith("admin/") or (
                identity.user is not None and identity.user.is_staff and not identity.token):
            return True
        if target.pattern in tried or target.number not in (None, tenant_classes(identity)[2]):
            return False
        tried.add(target.pattern)
        return True

    def read(self, identity: Identity, pages, apis) -> None:
        tried: set[str] = set()
        searched: set[str] = set()
        for target in pages:
            if tried_by(identity, target) and self.once_in_admin(identity, target, tried):
                text = self.send(identity, "get", target, target.query or None)
                for form in forms_on(target.url, text):
                    if form.method == "get":
                        self.search(identity, target, form, searched)
                        continue
                    form.survey = target.survey
                    known = self.forms.get(form.action)
                    if known is None or len(form.fields) > len(known.fields):
                        self.forms[form.action] = form
        for target in apis:
            if target.method == "get" and tried_by(identity, target):
                self.send(identity, "get", target, target.query)

    def search(self, identity: Identity, target, form, searched: set[str]) -> None:
        """A page's search box (the admin's), searched for every canary."""
        query = search_query(form)
        if query is not None and form.action not in searched:
            searched.add(form.action)
            self.send(identity, "get", Target(f"{target.pattern} (search)", form.action,
                                              survey=target.survey, grants=target.grants),
                      query)

    def write(self, identity: Identity, pages, apis, schema) -> None:
        own, other, farthest = tenant_classes(identity)
        tried_patterns: set[str] = set()
        for target in pages:
            if not tried_by(identity, target):
                continue
            if not self.once_in_admin(identity, target, tried_patterns):
                continue
            form = self.forms.get(target.url)
            hidden = target.number is not None and not identity.sees_number(target.number)
            if form is None and not hidden and target.url not in self.post_only:
                continue  # a page nothing posts to, of a record the identity may see
            if form is not None and form.survey is not None:
                bodies = [(body_for(form, None), form.survey)]  # a capability's own form
            else:
                numbers = [target.number] if target.number else [own, other, farthest]
                if target.number in (own, own + 1):
                    numbers.append(farthest)  # its own record, pointed at another tenant
                bodies = [(body_for(form, n) if form else default_body(n), None)
                          for n in numbers]
            for body, survey in bodies:
                self.send(identity, "post", target, body, survey=survey)
            if hidden and (identity.label, target.url) not in self.turned_away:
                self.send(identity, "delete", target)  # a view that answers GET otherwise
        for target in apis:
            if target.method != "get" and tried_by(identity, target):
                number = target.number or own
                self.send(identity, target.method, target,
                          json_body(target.api, schema, number) or {}, json=True)

    def test_no_one_reads_or_writes_another_tenants_records(self):
        started = time.perf_counter()
        self.rows = Rows()
        schema = self.client.get("/api/openapi.json").json()
        pages, unfilled = page_targets(self.world, api_routes(schema))
        apis, unfilled_api = api_targets(schema, self.world)
        self.assertEqual(unfilled + unfilled_api, [], "parameters the matrix cannot fill")
        identities = self.world.identities()
        checked = 0
        for identity in identities:
            self.login(identity)
            self.read(identity, pages, apis)
            tried: set[str] = set()
            checked += sum(tried_by(identity, t) and self.once_in_admin(identity, t, tried)
                           for t in [*pages, *apis])
        for identity in identities:
            self.login(identity)
            self.write(identity, pages, apis, schema)
        seconds = time.perf_counter() - started
        print(f"\nAuthorisation matrix ({connection.vendor}): "
              f"{len({t.pattern for t in pages})} page patterns as {len(pages)} URLs and "
              f"{len({t.pattern for t in apis})} API operations as {len(apis)} calls; "
              f"{len(identities)} identities, {checked} URL × identity checks; "
              f"{sum(self.requests.values())} requests {dict(self.requests)} in "
              f"{seconds:.0f} s; {len(self.problems)} problems.", file=sys.stderr)
        for problem in self.problems:
            print(problem, file=sys.stderr)
        self.assertEqual(len(self.problems), 0, "the problems are listed above")
