"""The deploy check warns when mail would only land in files; settings are checked."""

from django.test import SimpleTestCase, override_settings

from accounts.checks import check_account_settings, check_mail_is_sent

FILES = "django.core.mail.backends.filebased.EmailBackend"
SMTP = "django.core.mail.backends.smtp.EmailBackend"


class MailCheckTestCase(SimpleTestCase):
    def test_it_warns_when_mail_goes_to_files(self):
        with override_settings(EMAIL_BACKEND=FILES):
            self.assertEqual([w.id for w in check_mail_is_sent(None)], ["accounts.W001"])
        with override_settings(EMAIL_BACKEND=SMTP):
            self.assertEqual(check_mail_is_sent(None), [])

    def test_it_refuses_lifetimes_below_a_day(self):
        with override_settings(API_TOKEN_DAYS=0, INVITATION_DAYS=0):
            self.assertEqual([e.id for e in check_account_settings(None)],
                             ["accounts.E001", "accounts.E002"])
        self.assertEqual(check_account_settings(None), [])

    def test_it_refuses_tls_and_ssl_at_once(self):
        with override_settings(EMAIL_USE_TLS=True, EMAIL_USE_SSL=True):
            self.assertEqual([e.id for e in check_account_settings(None)], ["accounts.E003"])
