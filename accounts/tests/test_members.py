"""An organisation's admin lists its members, sets their roles and removes leavers, and
reaches nobody outside its organisation."""

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.test import Client

from accounts.members import do_change_role, do_deactivate
from accounts.tests.helpers import AccountsTestCase
from audit.models import Action
from orgs.models import ApiToken, Membership, Role
from orgs.permissions import visible_audit_entries
from tryggve.errors import InputError
from tryggve.test import make_user


class MemberListTestCase(AccountsTestCase):
    def test_the_admin_sees_its_organisations_members_only(self):
        self.log_in(self.ada)
        r = self.client.get("/accounts/", follow=True)
        self.assertEqual(r.redirect_chain[-1][0], f"/accounts/org/{self.housing.slug}/")
        for shown in ("alice", "alice@fittjabyggen.se", "Rapportör", "ada"):
            self.assertContains(r, shown)
        for hidden in ("bob", "polly", "charlie", "otto"):
            self.assertNotContains(r, f"<td>{hidden}</td>")

    def test_the_header_offers_the_page_to_admins_only(self):
        self.log_in(self.ada)
        self.assertContains(self.client.get("/reports/"), 'href="/accounts/"')
        self.log_in(self.bob)
        self.assertNotContains(self.client.get("/reports/"), 'href="/accounts/"')

    def test_non_admins_are_refused_every_admin_page(self):
        slug = self.housing.slug
        pages = ["/accounts/", f"/accounts/org/{slug}/", f"/accounts/org/{slug}/invite/",
                 f"/accounts/org/{slug}/tokens/",
                 f"/accounts/org/{slug}/members/{self.alice.pk}/remove/"]
        for user in (self.alice, self.bob, self.polly, self.charlie):
            self.log_in(user)
            for page in pages:
                self.assertEqual(self.client.get(page).status_code, 403, (user, page))
            r = self.client.post(f"/accounts/org/{slug}/members/{self.alice.pk}/role/",
                                 {"role": Role.ADMIN})
            self.assertEqual(r.status_code, 403)
        self.assertEqual(Membership.objects.get(user=self.alice).role, Role.REPORTER)

    def test_a_superuser_chooses_among_all_organisations(self):
        self.log_in(User.objects.create_superuser("root", password="x" * 20))
        r = self.client.get("/accounts/")
        for name in ("Fittjabyggen", "Testkommun", "Polisen", "Annanstad Bostäder"):
            self.assertContains(r, name)
        self.assertContains(self.client.get(f"/accounts/org/{self.outsider.slug}/"), "charlie")


class OtherOrganisationTestCase(AccountsTestCase):
    """Ada administers Fittjabyggen; otto and charlie belong to Annanstad Bostäder."""

    def test_the_other_organisations_pages_are_not_found(self):
        self.log_in(self.ada)
        slug = self.outsider.slug
        for page in (f"/accounts/org/{slug}/", f"/accounts/org/{slug}/invite/",
                     f"/accounts/org/{slug}/tokens/",
                     f"/accounts/org/{slug}/members/{self.charlie.pk}/remove/"):
            self.assertEqual(self.client.get(page).status_code, 404, page)

    def test_its_members_cannot_be_changed_or_removed(self):
        self.log_in(self.ada)
        for slug in (self.outsider.slug, self.housing.slug):
            r = self.client.post(f"/accounts/org/{slug}/members/{self.charlie.pk}/role/",
                                 {"role": Role.VIEWER})
            self.assertEqual(r.status_code, 404)
            r = self.client.post(f"/accounts/org/{slug}/members/{self.charlie.pk}/remove/")
            self.assertEqual(r.status_code, 404)
        charlie = Membership.objects.get(user=self.charlie)
        self.assertEqual(charlie.role, Role.COORDINATOR)
        with self.assertRaises(PermissionDenied):
            do_change_role(self.ada, charlie, Role.VIEWER)
        with self.assertRaises(PermissionDenied):
            do_deactivate(self.ada, charlie)
        self.charlie.refresh_from_db()
        self.assertTrue(self.charlie.is_active)

    def test_no_role_can_be_granted_there(self):
        """Not even to a member of both: ada's rights stop at Fittjabyggen."""
        both = Membership.objects.create(user=self.alice, organisation=self.outsider,
                                         role=Role.VIEWER)
        self.log_in(self.ada)
        r = self.client.post(f"/accounts/org/{self.outsider.slug}/members/{self.alice.pk}/role/",
                             {"role": Role.ADMIN})
        self.assertEqual(r.status_code, 404)
        with self.assertRaises(PermissionDenied):
            do_change_role(self.ada, both, Role.ADMIN)
        both.refresh_from_db()
        self.assertEqual(both.role, Role.VIEWER)


class RoleTestCase(AccountsTestCase):
    def test_the_admin_changes_a_role_within_its_organisation(self):
        self.log_in(self.ada)
        r = self.client.post(f"/accounts/org/{self.housing.slug}/members/{self.alice.pk}/role/",
                             {"role": Role.COORDINATOR}, follow=True)
        self.assertContains(r, "alice är nu samordnare")
        self.assertEqual(Membership.objects.get(user=self.alice).role, Role.COORDINATOR)
        entry = visible_audit_entries(self.ada).get(action=Action.ROLE_CHANGE)
        self.assertEqual(entry.detail["role"], [Role.REPORTER, Role.COORDINATOR])
        self.assertEqual(entry.detail["username"], "alice")

    def test_an_unknown_role_is_refused(self):
        self.log_in(self.ada)
        r = self.client.post(f"/accounts/org/{self.housing.slug}/members/{self.alice.pk}/role/",
                             {"role": "superuser"}, follow=True)
        self.assertContains(r, "Välj en roll")
        self.assertEqual(Membership.objects.get(user=self.alice).role, Role.REPORTER)

    def test_the_last_admin_cannot_step_down(self):
        ada = Membership.objects.get(user=self.ada)
        with self.assertRaisesMessage(InputError, "minst en administratör"):
            do_change_role(self.ada, ada, Role.VIEWER)
        with self.assertRaisesMessage(InputError, "minst en administratör"):
            do_deactivate(self.ada, ada)
        self.assertEqual(Membership.objects.get(user=self.ada).role, Role.ADMIN)

    def test_with_a_second_admin_the_first_may_step_down(self):
        do_change_role(self.ada, Membership.objects.get(user=self.alice), Role.ADMIN)
        self.log_in(self.ada)
        r = self.client.post(f"/accounts/org/{self.housing.slug}/members/{self.ada.pk}/role/",
                             {"role": Role.VIEWER})
        self.assertRedirects(r, "/", fetch_redirect_response=False)
        self.assertEqual(Membership.objects.get(user=self.ada).role, Role.VIEWER)
        # Ada is no admin any more: the pages close at once.
        self.assertEqual(self.client.get(f"/accounts/org/{self.housing.slug}/").status_code, 403)


class LeaverTestCase(AccountsTestCase):
    def test_a_leaver_is_logged_out_cannot_log_in_and_its_tokens_stop_working(self):
        alices_phone = self.log_in(self.alice, Client())
        _, token = ApiToken.issue(self.alice)
        bearer = {"Authorization": f"Bearer {token}"}
        self.assertEqual(self.client.get("/api/reports", headers=bearer).status_code, 200)

        self.log_in(self.ada)
        page = self.client.get(f"/accounts/org/{self.housing.slug}/members/{self.alice.pk}/"
                               "remove/")
        self.assertContains(page, "Ta bort alice från Fittjabyggen?")
        r = self.client.post(f"/accounts/org/{self.housing.slug}/members/{self.alice.pk}/"
                             "remove/", follow=True)
        self.assertContains(r, "Kontot är inaktiverat. 1 API-nyckel återkallad.")
        self.assertNotContains(r, "<td>alice</td>")

        self.alice.refresh_from_db()
        self.assertFalse(self.alice.is_active)
        self.assertFalse(Membership.objects.filter(user=self.alice).exists())
        self.assertRedirects(alices_phone.get("/reports/"), "/login/?next=/reports/")
        self.assertFalse(self.log_in_with_password("alice", client=Client()))
        self.assertEqual(Client().get("/api/reports", headers=bearer).status_code, 401)
        entry = visible_audit_entries(self.ada).get(action=Action.MEMBER_REMOVE)
        self.assertEqual(entry.detail["tokens_revoked"], 1)
        self.assertTrue(entry.detail["deactivated"])

    def test_a_member_elsewhere_keeps_its_account_but_leaves_this_organisation(self):
        Membership.objects.create(user=self.alice, organisation=self.municipality,
                                  role=Role.VIEWER)
        phone = self.log_in(self.alice, Client())
        removal = do_deactivate(self.ada, Membership.objects.get(user=self.alice,
                                                                 organisation=self.housing))
        self.assertFalse(removal.account_deactivated)
        self.assertEqual((removal.sessions_ended, removal.tokens_revoked), (0, 0))
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.is_active)
        self.assertEqual(list(self.alice.memberships.values_list("organisation", flat=True)),
                         [self.municipality.pk])
        # Still logged in, but at once with only what the municipality's viewer may do.
        self.assertEqual(phone.get("/reports/").status_code, 200)
        self.assertEqual(phone.get("/reports/new/").status_code, 403)
        self.assertTrue(self.log_in_with_password("alice", client=Client()))

    def test_a_member_elsewhere_keeps_its_tokens_out_of_this_organisations_list(self):
        ApiToken.issue(self.alice)
        self.client.force_login(self.ada)
        url = f"/accounts/org/{self.housing.slug}/tokens/"
        self.assertContains(self.client.get(url), "<td>alice</td>")
        Membership.objects.create(user=self.alice, organisation=self.municipality,
                                  role=Role.VIEWER)
        self.assertNotContains(self.client.get(url), "<td>alice</td>")

    def test_other_peoples_sessions_survive(self):
        bobs = self.log_in(self.bob, Client())
        do_deactivate(self.ada, Membership.objects.get(user=self.alice))
        self.assertEqual(bobs.get("/reports/").status_code, 200)

    def test_an_admin_cannot_remove_a_superuser(self):
        root = User.objects.create_superuser("root", password="x" * 20)
        membership = Membership.objects.create(user=root, organisation=self.housing,
                                               role=Role.VIEWER)
        with self.assertRaises(PermissionDenied):
            do_deactivate(self.ada, membership)
        root.refresh_from_db()
        self.assertTrue(root.is_active)

    def test_an_admin_removing_itself_is_logged_out(self):
        make_user("ida", self.housing, Role.ADMIN)
        self.log_in(self.ada)
        r = self.client.post(f"/accounts/org/{self.housing.slug}/members/{self.ada.pk}/remove/")
        self.assertRedirects(r, "/login/", fetch_redirect_response=False)
        self.assertEqual(self.client.get("/reports/").status_code, 302)
