"""API tokens: made by their owner and shown once, expiring, revoked by the owner or by
the organisation's admin."""

import io
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client, TransactionTestCase, override_settings
from django.utils import timezone

from accounts.tests.helpers import AccountsTestCase
from accounts.tokens import MAX_LIVE_TOKENS_PER_USER, do_issue_token, do_revoke_token
from audit.models import Action, AuditEntry
from orgs.models import ApiToken, hash_token
from tryggve.errors import InputError


def bearer(raw: str) -> dict:
    return {"Authorization": f"Bearer {raw}"}


class OwnTokensTestCase(AccountsTestCase):
    def test_a_user_makes_a_token_and_sees_it_exactly_once(self):
        self.log_in(self.polly)
        r = self.client.post("/accounts/tokens/", {"label": "Polisens lägesbild", "days": ""})
        self.assertEqual(r.status_code, 200)
        self.assertEqual(r.headers["Cache-Control"].split(",")[0], "max-age=0")
        stored = ApiToken.objects.get(user=self.polly)
        raw = next(v for v in r.content.decode().split('"') if v.startswith("tg_"))
        self.assertEqual(stored.key_hash, hash_token(raw))
        self.assertEqual(Client().get("/api/reports", headers=bearer(raw)).status_code, 200)

        again = self.client.get("/accounts/tokens/")
        self.assertNotContains(again, raw)
        self.assertContains(again, stored.prefix)
        self.assertContains(again, "Polisens lägesbild")
        self.assertNotIn(raw, str(self.client.cookies))
        entry = AuditEntry.objects.get(action=Action.TOKEN_ISSUE)
        self.assertNotIn(raw, str(entry.detail))

    def test_a_label_with_control_characters_makes_no_token(self):
        self.log_in(self.polly)
        r = self.client.post("/accounts/tokens/", {"label": "Polisen\x00", "days": ""})
        self.assertContains(r, "Innehåller otillåtna styrtecken.", status_code=422)
        self.assertFalse(ApiToken.objects.filter(user=self.polly).exists())

    def test_a_token_lives_a_year_unless_asked_for_less(self):
        token, _ = do_issue_token(self.alice, self.alice, {})
        self.assertAlmostEqual(token.expires_at, timezone.now() + timedelta(days=365),
                               delta=timedelta(minutes=1))
        token, _ = do_issue_token(self.alice, self.alice, {"days": "30"})
        self.assertAlmostEqual(token.expires_at, timezone.now() + timedelta(days=30),
                               delta=timedelta(minutes=1))
        for days in ("0", "366", "-1", "ett år", "1e3"):
            with self.assertRaisesMessage(InputError, "mellan 1 och 365"):
                do_issue_token(self.alice, self.alice, {"days": days})

    @override_settings(API_TOKEN_DAYS=90)
    def test_the_lifetime_is_a_setting(self):
        token, _ = do_issue_token(self.alice, self.alice, {})
        self.assertAlmostEqual(token.expires_at, timezone.now() + timedelta(days=90),
                               delta=timedelta(minutes=1))

    def test_an_expired_token_gets_the_usual_401(self):
        token, raw = do_issue_token(self.alice, self.alice, {})
        self.assertEqual(self.client.get("/api/reports", headers=bearer(raw)).status_code, 200)
        ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now())
        r = self.client.get("/api/reports", headers=bearer(raw))
        self.assertEqual(r.status_code, 401)
        self.assertEqual(set(r.json()), {"detail", "errors"})
        self.log_in(self.alice)
        self.assertContains(self.client.get("/accounts/tokens/"), "utgången")

    def test_nobody_makes_tokens_for_someone_else(self):
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            do_issue_token(self.ada, self.alice, {})
        self.assertFalse(ApiToken.objects.exists())

    def test_the_number_of_live_tokens_is_bounded(self):
        for _ in range(MAX_LIVE_TOKENS_PER_USER):
            do_issue_token(self.alice, self.alice, {})
        self.log_in(self.alice)
        r = self.client.post("/accounts/tokens/", {"label": "en till"})
        self.assertContains(r, "Återkalla någon först", status_code=409)
        self.assertEqual(ApiToken.objects.filter(user=self.alice).count(),
                         MAX_LIVE_TOKENS_PER_USER)

    def test_a_user_revokes_its_own_token_but_not_anyone_elses(self):
        mine, raw = do_issue_token(self.alice, self.alice, {})
        bobs, _ = do_issue_token(self.bob, self.bob, {})
        self.log_in(self.alice)
        self.assertEqual(self.client.post(f"/accounts/tokens/{bobs.pk}/revoke/").status_code,
                         404)
        self.client.post(f"/accounts/tokens/{mine.pk}/revoke/")
        self.assertEqual(list(ApiToken.objects.all()), [bobs])
        self.assertEqual(Client().get("/api/reports", headers=bearer(raw)).status_code, 401)


class OrganisationTokensTestCase(AccountsTestCase):
    def setUp(self):
        self.alices, self.alice_raw = do_issue_token(self.alice, self.alice, {"label": "GIS"})
        self.charlies, self.charlie_raw = do_issue_token(self.charlie, self.charlie, {})
        self.bobs, _ = do_issue_token(self.bob, self.bob, {})

    def test_the_admin_lists_its_members_tokens_only(self):
        self.log_in(self.ada)
        r = self.client.get(f"/accounts/org/{self.housing.slug}/tokens/")
        self.assertContains(r, self.alices.prefix)
        self.assertContains(r, "GIS")
        self.assertNotContains(r, self.charlies.prefix)
        self.assertNotContains(r, self.bobs.prefix)

    def test_the_admin_revokes_a_members_token(self):
        self.log_in(self.ada)
        r = self.client.post(
            f"/accounts/org/{self.housing.slug}/tokens/{self.alices.pk}/revoke/", follow=True)
        self.assertContains(r, "är återkallad")
        self.assertFalse(ApiToken.objects.filter(pk=self.alices.pk).exists())
        self.assertEqual(Client().get("/api/reports",
                                      headers=bearer(self.alice_raw)).status_code, 401)
        entry = AuditEntry.objects.get(action=Action.TOKEN_REVOKE)
        self.assertEqual(entry.actor_organisation_id, self.housing.pk)

    def test_another_organisations_tokens_are_out_of_reach(self):
        self.log_in(self.ada)
        self.assertEqual(
            self.client.get(f"/accounts/org/{self.outsider.slug}/tokens/").status_code, 404)
        for slug in (self.housing.slug, self.outsider.slug):
            r = self.client.post(f"/accounts/org/{slug}/tokens/{self.charlies.pk}/revoke/")
            self.assertEqual(r.status_code, 404)
        from django.core.exceptions import PermissionDenied

        with self.assertRaises(PermissionDenied):
            do_revoke_token(self.ada, self.charlies)
        with self.assertRaises(PermissionDenied):
            do_revoke_token(self.ada, self.charlies, self.housing.pk)
        with self.assertRaises(PermissionDenied):
            do_revoke_token(self.ada, self.charlies, self.outsider.pk)
        self.assertEqual(Client().get("/api/reports",
                                      headers=bearer(self.charlie_raw)).status_code, 200)


class TokenCommandTestCase(AccountsTestCase):
    def run_token(self, *args) -> tuple[str, str]:
        out, err = io.StringIO(), io.StringIO()
        call_command("token", *args, stdout=out, stderr=err)
        return out.getvalue().strip(), err.getvalue()

    def test_it_prints_the_expiry_beside_the_token(self):
        raw, note = self.run_token("alice", "--days", "30")
        token = ApiToken.objects.get(key_hash=hash_token(raw))
        expected = timezone.localtime(timezone.now() + timedelta(days=30)).strftime("%Y-%m-%d")
        self.assertIn(f"valid until {expected}", note)
        self.assertNotIn(raw, note)
        self.assertAlmostEqual(token.expires_at, timezone.now() + timedelta(days=30),
                               delta=timedelta(minutes=1))

    def test_it_refuses_a_lifetime_beyond_the_setting(self):
        with self.assertRaisesMessage(CommandError, "mellan 1 och 365"):
            self.run_token("alice", "--days", "1000")
        self.assertFalse(ApiToken.objects.exists())


class MigrationTestCase(TransactionTestCase):
    """Tokens from before expiry existed get a year from the migration."""

    def test_existing_tokens_expire_a_year_after_the_migration(self):
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        before = [("orgs", "0002_collaboration_recurrence_min_weeks_and_more")]
        executor = MigrationExecutor(connection)
        executor.migrate(before)
        old_state = executor.loader.project_state(before).apps
        user = old_state.get_model("auth", "User").objects.create(username="old")
        old_state.get_model("orgs", "ApiToken").objects.create(
            user_id=user.pk, key_hash="x" * 64, prefix="tg_old",
            created_at=timezone.now() - timedelta(days=800))

        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
        token = ApiToken.objects.get(prefix="tg_old")
        self.assertAlmostEqual(token.expires_at, timezone.now() + timedelta(days=365),
                               delta=timedelta(minutes=5))
        self.assertTrue(User.objects.filter(username="old").exists())
