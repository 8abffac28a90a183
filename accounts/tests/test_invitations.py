"""An organisation's admin invites people by e-mail; the invitee joins through the link."""

import smtplib
from datetime import timedelta
from unittest import mock

from django.contrib.auth.models import User
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from accounts.invitations import do_accept_invite, do_invite
from accounts.models import Invitation
from accounts.tests.helpers import AccountsTestCase, link_in
from audit.models import Action, AuditEntry
from orgs.models import Membership, Role
from orgs.permissions import visible_audit_entries
from tryggve.errors import InputError

BASE = "http://testserver/"
NEW_PASSWORD = "kanelbulle-och-kaffe-42"


class InviteStoryTestCase(AccountsTestCase):
    def invite(self, email="nils@fittjabyggen.se", role=Role.COORDINATOR, admin=None):
        self.log_in(admin or self.ada)
        return self.client.post(f"/accounts/org/{self.housing.slug}/invite/",
                                {"email": email, "role": role})

    def test_it_invites_a_new_person_who_chooses_a_login_and_gets_the_role(self):
        r = self.invite()
        self.assertRedirects(r, f"/accounts/org/{self.housing.slug}/")
        message = self.last_mail()
        self.assertEqual(message.to, ["nils@fittjabyggen.se"])
        self.assertIn("Fittjabyggen", message.subject)
        self.assertIn("med rollen samordnare", message.body)
        link = link_in(message)
        page = self.client.get(f"/accounts/org/{self.housing.slug}/")
        self.assertContains(page, "nils@fittjabyggen.se")  # pending, on the admin's page

        invitee = Client()
        r = invitee.get(link)
        self.assertRedirects(r, "/accounts/invite/", fetch_redirect_response=False)
        self.assertContains(invitee.get("/accounts/invite/"), "Välj ett användarnamn")
        r = invitee.post("/accounts/invite/", {
            "username": "nils", "first_name": "Nils", "last_name": "Holm",
            "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertRedirects(r, "/", fetch_redirect_response=False)

        nils = User.objects.get(username="nils")
        self.assertEqual(nils.email, "nils@fittjabyggen.se")
        self.assertEqual(Membership.objects.get(user=nils).organisation, self.housing)
        self.assertEqual(Membership.objects.get(user=nils).role, Role.COORDINATOR)
        self.assertEqual(invitee.get("/reports/").status_code, 200)  # logged in already
        self.assertTrue(self.log_in_with_password("nils", NEW_PASSWORD, Client()))
        self.assertContains(self.client.get(f"/accounts/org/{self.housing.slug}/"),
                            "Inga inbjudningar väntar.")
        actions = set(visible_audit_entries(self.ada).values_list("action", flat=True))
        self.assertLessEqual({Action.INVITE, Action.INVITE_ACCEPT}, actions)

    def test_a_used_link_is_refused(self):
        self.invite()
        link = link_in(self.last_mail())
        first = Client()
        first.get(link)
        first.post("/accounts/invite/", {"username": "nils", "password1": NEW_PASSWORD,
                                         "password2": NEW_PASSWORD})
        second = Client()
        second.get(link)
        r = second.get("/accounts/invite/")
        self.assertContains(r, "Länken fungerar inte", status_code=410)
        r = second.post("/accounts/invite/", {"username": "mallory", "password1": NEW_PASSWORD,
                                              "password2": NEW_PASSWORD})
        self.assertEqual(r.status_code, 410)
        self.assertFalse(User.objects.filter(username="mallory").exists())

    def test_an_expired_link_is_refused(self):
        self.invite()
        Invitation.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
        invitee = Client()
        invitee.get(link_in(self.last_mail()))
        r = invitee.post("/accounts/invite/", {"username": "nils", "password1": NEW_PASSWORD,
                                               "password2": NEW_PASSWORD})
        self.assertContains(r, "Länken fungerar inte", status_code=410)
        self.assertFalse(User.objects.filter(username="nils").exists())
        self.assertContains(self.client.get(f"/accounts/org/{self.housing.slug}/"), "utgången")

    def test_it_expires_after_a_week(self):
        self.invite()
        invitation = Invitation.objects.get()
        self.assertAlmostEqual(invitation.expires_at, timezone.now() + timedelta(days=7),
                               delta=timedelta(minutes=1))

    def test_sending_again_replaces_the_link(self):
        self.invite()
        old = link_in(self.last_mail())
        invitation = Invitation.objects.get()
        self.client.post(f"/accounts/org/{self.housing.slug}/invitations/{invitation.pk}/resend/")
        new = link_in(self.last_mail())
        self.assertNotEqual(old, new)
        stale = Client()
        stale.get(old)
        self.assertEqual(stale.get("/accounts/invite/").status_code, 410)
        fresh = Client()
        fresh.get(new)
        self.assertEqual(fresh.get("/accounts/invite/").status_code, 200)

    def test_a_withdrawn_invitation_opens_nothing(self):
        self.invite()
        invitation = Invitation.objects.get()
        self.client.post(
            f"/accounts/org/{self.housing.slug}/invitations/{invitation.pk}/withdraw/")
        self.assertFalse(Invitation.objects.exists())
        invitee = Client()
        invitee.get(link_in(self.last_mail()))
        self.assertEqual(invitee.get("/accounts/invite/").status_code, 410)

    def test_the_token_is_stored_only_as_a_hash(self):
        self.invite()
        token = link_in(self.last_mail()).rstrip("/").rsplit("/", 1)[-1]
        stored = Invitation.objects.get()
        self.assertNotIn(token, stored.token_hash)
        self.assertEqual(len(stored.token_hash), 64)

    def test_a_bad_choice_is_explained_and_nothing_is_stored(self):
        self.log_in(self.ada)
        r = self.client.post(f"/accounts/org/{self.housing.slug}/invite/",
                             {"email": "inte en adress", "role": "emperor"})
        self.assertContains(r, "Ange en giltig e-postadress", status_code=422)
        self.assertContains(r, "Välj en roll", status_code=422)
        self.assertFalse(Invitation.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_the_mail_server_failing_leaves_an_invitation_to_send_again(self):
        with mock.patch("accounts.invitations.send_mail",
                        side_effect=smtplib.SMTPServerDisconnected("down")):
            r = self.invite()
        self.assertRedirects(r, f"/accounts/org/{self.housing.slug}/",
                             fetch_redirect_response=False)
        page = self.client.get(f"/accounts/org/{self.housing.slug}/")
        self.assertContains(page, "kunde inte skickas")
        self.assertContains(page, "Skicka igen")
        invitation = Invitation.objects.get()
        self.client.post(f"/accounts/org/{self.housing.slug}/invitations/{invitation.pk}/resend/")
        self.assertEqual(self.last_mail().to, ["nils@fittjabyggen.se"])


class ExistingAccountTestCase(AccountsTestCase):
    """Bob (coordinator at the municipality) is invited to the housing company too."""

    def setUp(self):
        self.log_in(self.ada)
        self.client.post(f"/accounts/org/{self.housing.slug}/invite/",
                         {"email": "Bob@Testkommun.se", "role": Role.ADMIN})
        self.link = link_in(self.last_mail())
        self.client.logout()

    def test_the_owner_joins_only_after_logging_in(self):
        visitor = Client()
        visitor.get(self.link)
        page = visitor.get("/accounts/invite/")
        self.assertContains(page, "Det finns redan ett konto")
        # Choosing a new login for that address is refused: no takeover.
        visitor.post("/accounts/invite/", {"username": "bob2", "password1": NEW_PASSWORD,
                                           "password2": NEW_PASSWORD})
        self.assertFalse(User.objects.filter(username="bob2").exists())
        with self.assertRaises(PermissionDenied):
            do_accept_invite(self.link.rstrip("/").rsplit("/", 1)[-1], None, {
                "username": "bob2", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertFalse(User.objects.filter(username="bob2").exists())
        self.assertFalse(Membership.objects.filter(user=self.bob,
                                                   organisation=self.housing).exists())

        self.assertTrue(self.log_in_with_password("bob", client=visitor))
        self.assertContains(visitor.get("/accounts/invite/"), "Ta emot inbjudan")
        r = visitor.post("/accounts/invite/")
        self.assertRedirects(r, "/", fetch_redirect_response=False)
        self.assertEqual(Membership.objects.get(user=self.bob, organisation=self.housing).role,
                         Role.ADMIN)
        self.assertTrue(self.bob.memberships.filter(organisation=self.municipality).exists())
        self.bob.refresh_from_db()
        self.assertTrue(self.bob.check_password("a-long-test-password"))  # unchanged

    def test_someone_else_who_is_logged_in_cannot_use_the_link(self):
        intruder = self.log_in(self.polly, Client())
        intruder.get(self.link)
        self.assertContains(intruder.get("/accounts/invite/"), "gäller en annan e-postadress")
        intruder.post("/accounts/invite/")
        self.assertFalse(Membership.objects.filter(organisation=self.housing,
                                                   role=Role.ADMIN).exclude(user=self.ada)
                         .exists())
        with self.assertRaises(PermissionDenied):
            do_accept_invite(self.link.rstrip("/").rsplit("/", 1)[-1], self.polly)

    def test_a_deactivated_account_does_not_count(self):
        """A returning leaver chooses a new login; the old account stays closed."""
        User.objects.filter(pk=self.bob.pk).update(is_active=False)
        visitor = Client()
        visitor.get(self.link)
        visitor.post("/accounts/invite/", {"username": "bob.again",
                                           "password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
        self.assertTrue(Membership.objects.filter(user__username="bob.again",
                                                  organisation=self.housing).exists())
        self.bob.refresh_from_db()
        self.assertFalse(self.bob.is_active)


class InviteRulesTestCase(AccountsTestCase):
    def test_only_the_organisations_admin_invites(self):
        with self.assertRaises(PermissionDenied):
            do_invite(self.alice, self.housing, {"email": "x@example.se", "role": "viewer"},
                      BASE)
        with self.assertRaises(PermissionDenied):
            do_invite(self.otto, self.housing, {"email": "x@example.se", "role": "admin"},
                      BASE)
        self.assertFalse(Invitation.objects.exists())

    def test_an_admin_cannot_invite_into_another_organisation_through_the_page(self):
        self.log_in(self.ada)
        r = self.client.post(f"/accounts/org/{self.outsider.slug}/invite/",
                             {"email": "x@example.se", "role": "admin"})
        self.assertEqual(r.status_code, 404)
        self.assertFalse(Invitation.objects.exists())

    def test_a_superuser_invites_anywhere(self):
        root = User.objects.create_superuser("root", password="x" * 20)
        do_invite(root, self.outsider, {"email": "x@example.se", "role": "admin"}, BASE)
        self.assertEqual(Invitation.objects.get().organisation, self.outsider)
        entry = AuditEntry.objects.get(action=Action.INVITE)
        self.assertIn(entry, visible_audit_entries(self.otto))
        self.assertNotIn(entry, visible_audit_entries(self.ada))

    def test_it_refuses_members_and_addresses_already_invited(self):
        with self.assertRaisesMessage(InputError, "redan medlem"):
            do_invite(self.ada, self.housing, {"email": "ALICE@fittjabyggen.se",
                                               "role": "viewer"}, BASE)
        do_invite(self.ada, self.housing, {"email": "nils@example.se", "role": "viewer"}, BASE)
        with self.assertRaisesMessage(InputError, "väntar"):
            do_invite(self.ada, self.housing, {"email": "Nils@example.se", "role": "admin"},
                      BASE)
        self.assertEqual(Invitation.objects.count(), 1)

    def test_a_taken_username_or_a_weak_password_stores_nothing(self):
        do_invite(self.ada, self.housing, {"email": "nils@example.se", "role": "viewer"}, BASE)
        token = link_in(self.last_mail()).rstrip("/").rsplit("/", 1)[-1]
        with self.assertRaises(InputError) as caught:
            do_accept_invite(token, None, {"username": "ALICE", "password1": "123",
                                           "password2": "123"})
        self.assertEqual(set(caught.exception.errors), {"username", "password1"})
        with self.assertRaises(InputError) as caught:
            do_accept_invite(token, None, {"username": "nils", "password1": NEW_PASSWORD,
                                           "password2": NEW_PASSWORD + "x"})
        self.assertEqual(set(caught.exception.errors), {"password2"})
        self.assertFalse(User.objects.filter(username="nils").exists())
        self.assertIsNone(Invitation.objects.get().accepted_at)
        do_accept_invite(token, None, {"username": "nils", "password1": NEW_PASSWORD,
                                       "password2": NEW_PASSWORD})
        self.assertIsNotNone(Invitation.objects.get().accepted_at)
