"""Guessing passwords: five wrong ones lock that username from that address for 15 minutes,
on the login page and the admin's alike, in the database that every worker reads."""

from datetime import timedelta

from axes.models import AccessAttempt
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models import F
from django.test import Client, override_settings

from tryggve.test import PASSWORD, BaseTestCase

ATTACKER, OFFICE, PROXY = "203.0.113.66", "198.51.100.20", "10.0.0.2"


class LockoutTests(BaseTestCase):
    def log_in(self, username, password, address=ATTACKER, path="/login/", **headers):
        client = Client(REMOTE_ADDR=address, **headers)
        response = client.post(path, {"username": username, "password": password})
        return response, client

    def fail(self, times, username="alice", address=ATTACKER, path="/login/", **headers):
        """Wrong passwords; the statuses: 200 (the form and its error), then 429."""
        return [self.log_in(username, "wrong-password", address, path, **headers)[0].status_code
                for _ in range(times)]

    def assertLoggedIn(self, response, client):
        self.assertEqual(response.status_code, 302, response.content[:200])
        self.assertIn("_auth_user_id", client.session)

    def assertLockedOut(self, response, client):
        self.assertContains(response, "Inloggningen är spärrad", status_code=429)
        self.assertContains(response, "spärrad i 15 minuter", status_code=429)
        self.assertEqual(response["Retry-After"], "900")
        self.assertNotIn("_auth_user_id", client.session)

    def test_it_locks_a_username_from_one_address_after_five_failures(self):
        self.assertEqual(self.fail(4), [200] * 4)
        self.assertLoggedIn(*self.log_in("alice", PASSWORD))  # a success clears the count
        self.assertEqual(self.fail(6), [200] * 4 + [429] * 2)  # the fifth failure locks
        self.assertLockedOut(*self.log_in("alice", PASSWORD))
        self.assertEqual(AccessAttempt.objects.get(username="alice").failures_since_start, 5)
        # Only that pair is locked: alice elsewhere, and bob from the same address, log in.
        self.assertLoggedIn(*self.log_in("alice", PASSWORD, address=OFFICE))
        self.assertLoggedIn(*self.log_in("bob", PASSWORD))

    def test_it_lets_the_user_in_again_after_fifteen_minutes(self):
        self.fail(5)
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=14))
        self.assertLockedOut(*self.log_in("alice", PASSWORD))
        AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=2))
        self.assertLoggedIn(*self.log_in("alice", PASSWORD))

    def test_the_admin_login_counts_and_locks_alike(self):
        User.objects.create_superuser("root", password=PASSWORD)
        self.assertEqual(self.fail(3, "root", path="/admin/login/"), [200] * 3)
        self.assertEqual(self.fail(2, "root"), [200, 429])  # the two pages share one count
        response, client = self.log_in("root", PASSWORD, path="/admin/login/")
        self.assertLockedOut(response, client)

    def test_a_forged_forwarded_for_does_not_move_the_attacker(self):
        for n in range(5):
            self.fail(1, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
        self.assertLockedOut(*self.log_in("alice", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.99"))

    @override_settings(TRUSTED_PROXIES=[PROXY])
    def test_behind_a_trusted_proxy_it_locks_the_client_not_the_proxy(self):
        self.fail(5, address=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
        self.assertLockedOut(*self.log_in("alice", PASSWORD, address=PROXY,
                                          HTTP_X_FORWARDED_FOR=ATTACKER))
        self.assertLoggedIn(*self.log_in("alice", PASSWORD, address=PROXY,
                                         HTTP_X_FORWARDED_FOR=OFFICE))


class PasswordRuleTests(BaseTestCase):
    def assertRefused(self, password, user, says):
        with self.assertRaises(ValidationError) as refused:
            validate_password(password, user)
        self.assertIn(says, " ".join(refused.exception.messages))

    def test_it_refuses_a_password_like_the_username_or_only_digits(self):
        user = User(username="stina.andersson", email="stina.andersson@example.se")
        self.assertRefused("stina.andersson", user, "för likt")
        self.assertRefused("84736251907", user, "enbart numeriskt")
        self.assertRefused("password123", user, "för vanligt")
        self.assertRefused("k7#Qm", user, "för kort")
        validate_password("tvättstuga-korridor-7", user)
