"""Who sees what: the pages, API, export and admin all ask orgs.permissions."""

from django.contrib.auth.models import Permission

from orgs.models import Membership, Role
from orgs.permissions import can_change_status, visible_reports
from tryggve.test import ReportsTestCase, make_user


class VisibilityTestCase(ReportsTestCase):
    def test_it_shows_an_organisation_its_own_internal_reports(self):
        self.assertEqual(set(visible_reports(self.alice)), {self.shared, self.internal})

    def test_it_shows_other_members_only_the_shared_reports(self):
        self.assertEqual(set(visible_reports(self.bob)), {self.shared})
        self.assertEqual(set(visible_reports(self.polly)), {self.shared})

    def test_it_shows_nothing_across_collaborations(self):
        self.assertEqual(set(visible_reports(self.charlie)), {self.elsewhere})

    def test_it_shows_nothing_to_a_user_without_membership(self):
        from django.contrib.auth.models import User

        nobody = User.objects.create_user("nobody", password="x" * 12)
        self.assertEqual(list(visible_reports(nobody)), [])

    def test_it_shows_everything_to_a_member_of_two_collaborations(self):
        Membership.objects.create(user=self.bob, organisation=self.outsider, role=Role.VIEWER)
        self.assertEqual(set(visible_reports(self.bob)), {self.shared, self.elsewhere})

    def test_it_lets_coordinators_change_status_of_shared_reports_only(self):
        self.assertTrue(can_change_status(self.bob, self.shared))
        self.assertFalse(can_change_status(self.bob, self.internal))
        self.assertFalse(can_change_status(self.alice, self.shared))
        self.assertFalse(can_change_status(self.charlie, self.shared))
        self.assertFalse(can_change_status(self.polly, self.shared))


class AdminTestCase(ReportsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # An admin of the municipality, with the admin site's permissions.
        cls.mia = make_user("mia", cls.municipality, Role.ADMIN, is_staff=True)
        cls.mia.user_permissions.set(Permission.objects.filter(
            codename__in=["view_report", "view_area", "change_area", "view_auditentry"]))

    def setUp(self):
        self.client.force_login(self.mia)

    def test_it_lists_only_visible_reports_in_the_admin(self):
        r = self.client.get("/admin/reports/report/")
        self.assertContains(r, f"/admin/reports/report/{self.shared.pk}/change/")
        self.assertNotContains(r, str(self.internal.pk))
        self.assertNotContains(r, str(self.elsewhere.pk))

    def test_it_refuses_another_organisations_internal_report_in_the_admin(self):
        r = self.client.get(f"/admin/reports/report/{self.internal.pk}/change/")
        self.assertNotEqual(r.status_code, 200)
        self.assertNotContains(r, "drugs_found", status_code=r.status_code)

    def test_it_logs_reads_in_the_admin_and_lets_admins_browse_the_log(self):
        self.client.get(f"/admin/reports/report/{self.shared.pk}/change/")
        r = self.client.get("/admin/audit/auditentry/")
        self.assertContains(r, "mia")
        self.assertContains(r, "Läste")

    def test_it_shows_areas_of_own_collaborations_only(self):
        r = self.client.get("/admin/orgs/area/")
        self.assertContains(r, "Fittja")
        self.assertNotContains(r, "Rosengård")

    def test_it_keeps_reporters_out_of_the_admin(self):
        self.client.force_login(self.alice)
        r = self.client.get("/admin/reports/report/")
        self.assertEqual(r.status_code, 302)


class ReportsInCollaborationTestCase(ReportsTestCase):
    def test_it_agrees_with_visible_reports_for_every_user_and_collaboration(self):
        from orgs.permissions import visible_reports_in

        for user in (self.alice, self.bob, self.polly, self.charlie):
            for collaboration in (self.est, self.other_est):
                expected = set(visible_reports(user).filter(collaboration=collaboration))
                self.assertEqual(set(visible_reports_in(user, collaboration)), expected,
                                 (user, collaboration))
