"""The accounts cast: admins for the test organisations, and reading links from mail."""

import re

from django.core import mail

from orgs.models import Role
from tryggve.test import PASSWORD, BaseTestCase, make_user

LINK = re.compile(r"https?://\S+")


def link_in(message) -> str:
    """The single link in a mail, as a path the test client can open."""
    links = LINK.findall(message.body)
    assert len(links) == 1, message.body
    return re.sub(r"^https?://[^/]+", "", links[0])


class AccountsTestCase(BaseTestCase):
    """Adds ada, the admin of Fittjabyggen (alice's housing company), and otto, the admin
    of Annanstad Bostäder (charlie's, in the other collaboration). Everyone has an
    address."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ada = make_user("ada", cls.housing, Role.ADMIN, email="ada@fittjabyggen.se")
        cls.otto = make_user("otto", cls.outsider, Role.ADMIN, email="otto@annanbo.se")
        for user, address in ((cls.alice, "alice@fittjabyggen.se"),
                              (cls.bob, "bob@testkommun.se"),
                              (cls.polly, "polly@polisen.se"),
                              (cls.charlie, "charlie@annanbo.se")):
            user.email = address
            user.save(update_fields=["email"])

    def log_in(self, user, client=None):
        client = client or self.client
        client.force_login(user)
        return client

    def log_in_with_password(self, username, password=PASSWORD, client=None) -> bool:
        """Through the login page, as a person would (force_login skips the checks)."""
        client = client or self.client
        r = client.post("/login/", {"username": username, "password": password})
        return r.status_code == 302

    def last_mail(self):
        self.assertTrue(mail.outbox, "no mail was sent")
        return mail.outbox[-1]
