"""Everyone changes its own password, and resets a forgotten one by e-mail."""

from django.core import mail
from django.test import Client

from accounts.tests.helpers import AccountsTestCase, link_in
from audit.models import Action, AuditEntry
from tryggve.test import PASSWORD

NEW_PASSWORD = "sju-sorters-kakor-1945"


class ChangePasswordTestCase(AccountsTestCase):
    def test_a_non_staff_user_changes_its_password_and_its_other_sessions_end(self):
        self.assertFalse(self.polly.is_staff)
        desk, phone = Client(), Client()
        self.assertTrue(self.log_in_with_password("polly", client=desk))
        self.assertTrue(self.log_in_with_password("polly", client=phone))
        page = desk.get("/reports/")
        self.assertContains(page, 'href="/accounts/password/"')

        r = desk.post("/accounts/password/", {"old_password": PASSWORD,
                                              "new_password1": NEW_PASSWORD,
                                              "new_password2": NEW_PASSWORD})
        self.assertRedirects(r, "/accounts/password/done/")
        self.assertEqual(desk.get("/reports/").status_code, 200)  # still logged in here
        self.assertRedirects(phone.get("/reports/"), "/login/?next=/reports/")
        self.assertFalse(self.log_in_with_password("polly", PASSWORD, Client()))
        self.assertTrue(self.log_in_with_password("polly", NEW_PASSWORD, Client()))
        self.assertTrue(AuditEntry.objects.filter(action=Action.PASSWORD_CHANGE,
                                                  actor=self.polly).exists())

    def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(self):
        self.log_in(self.polly)
        r = self.client.post("/accounts/password/", {"old_password": "fel",
                                                     "new_password1": NEW_PASSWORD,
                                                     "new_password2": NEW_PASSWORD})
        self.assertContains(r, "Lösenordet kunde inte bytas")
        r = self.client.post("/accounts/password/", {"old_password": PASSWORD,
                                                     "new_password1": "12345678",
                                                     "new_password2": "12345678"})
        self.assertContains(r, "Lösenordet kunde inte bytas")
        self.polly.refresh_from_db()
        self.assertTrue(self.polly.check_password(PASSWORD))
        self.assertFalse(AuditEntry.objects.filter(action=Action.PASSWORD_CHANGE).exists())

    def test_the_page_needs_a_login(self):
        self.assertRedirects(self.client.get("/accounts/password/"),
                             "/login/?next=/accounts/password/")


class ResetPasswordTestCase(AccountsTestCase):
    def test_a_forgotten_password_is_reset_through_the_mailed_link(self):
        desk = self.log_in(self.alice, Client())
        self.assertContains(self.client.get("/login/"), 'href="/accounts/password/reset/"')
        r = self.client.post("/accounts/password/reset/", {"email": "Alice@Fittjabyggen.se"})
        self.assertRedirects(r, "/accounts/password/reset/sent/")
        message = self.last_mail()
        self.assertEqual(message.to, ["alice@fittjabyggen.se"])
        self.assertIn("alice", message.body)

        r = self.client.get(link_in(message), follow=True)
        self.assertContains(r, "Välj ett nytt lösenord")
        r = self.client.post(r.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD,
                                                       "new_password2": NEW_PASSWORD})
        self.assertRedirects(r, "/accounts/reset/done/")
        self.assertTrue(self.log_in_with_password("alice", NEW_PASSWORD, Client()))
        self.assertRedirects(desk.get("/reports/"), "/login/?next=/reports/")
        self.assertTrue(AuditEntry.objects.filter(action=Action.PASSWORD_RESET,
                                                  actor=self.alice).exists())

        again = Client().get(link_in(message), follow=True)
        self.assertContains(again, "Länken är redan använd")

    def test_the_answer_never_tells_whether_an_address_is_known(self):
        known = self.client.post("/accounts/password/reset/", {"email": "alice@fittjabyggen.se"})
        unknown = self.client.post("/accounts/password/reset/", {"email": "nobody@example.se"})
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual((known.status_code, known.url), (unknown.status_code, unknown.url))
        done = self.client.get(unknown.url)
        self.assertContains(done, "Om adressen hör till ett konto")

    def test_a_deactivated_account_gets_no_mail(self):
        self.alice.is_active = False
        self.alice.save()
        self.client.post("/accounts/password/reset/", {"email": "alice@fittjabyggen.se"})
        self.assertEqual(mail.outbox, [])

    def test_it_sends_at_most_five_reset_mails_an_hour_from_one_address(self):
        for _ in range(5):
            r = self.client.post("/accounts/password/reset/", {"email": "alice@fittjabyggen.se"})
            self.assertRedirects(r, "/accounts/password/reset/sent/")
        r = self.client.post("/accounts/password/reset/", {"email": "alice@fittjabyggen.se"})
        self.assertContains(r, "För många förfrågningar", status_code=429)
        self.assertTrue(r["Retry-After"].isdigit())
        self.assertEqual(len(mail.outbox), 5)
        other = Client(REMOTE_ADDR="198.51.100.20")
        r = other.post("/accounts/password/reset/", {"email": "alice@fittjabyggen.se"})
        self.assertRedirects(r, "/accounts/password/reset/sent/")
