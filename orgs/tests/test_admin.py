"""The admin as an organisation admin meets it: only its own organisations' and
collaborations' things, and no way to join or change anyone else's.

ada is the admin of Fittjabyggen (alice's housing company in EST Testkommun), staff and in
the demo's admin group; Testkommun (bob) shares the collaboration, Annanstad Bostäder
(charlie) is in another one.
"""

from decimal import Decimal

from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError

from measures.models import Measure
from orgs.models import Area, Collaboration, Membership, Organisation, Property, Role
from surveys.models import Survey, Target
from tryggve.demo.load import _admin_group
from tryggve.test import BaseTestCase, make_user


class OrganisationAdminTestCase(BaseTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.ada = make_user("ada", cls.housing, Role.ADMIN, is_staff=True)
        cls.ada.groups.add(_admin_group())
        cls.root = User.objects.create_superuser("root", password="x" * 16)
        cls.alice_membership = Membership.objects.get(user=cls.alice)

    def setUp(self):
        self.client.force_login(self.ada)

    def membership_form(self, **values) -> dict:
        return {"user": self.alice.pk, "organisation": self.housing.pk,
                "role": Role.REPORTER} | values


class MembershipTestCase(OrganisationAdminTestCase):
    """Memberships change on the accounts pages (invitations, roles, leavers), whose rules
    the admin lacks; in the admin an organisation admin only looks them up."""

    def test_it_sees_its_own_organisations_memberships_and_no_others(self):
        r = self.client.get("/admin/orgs/membership/")
        self.assertContains(r, ">alice<")
        self.assertNotContains(r, ">bob<")
        self.assertNotContains(r, ">charlie<")
        bobs = Membership.objects.get(user=self.bob)
        self.assertEqual(self.client.get(f"/admin/orgs/membership/{bobs.pk}/change/")
                         .status_code, 404)

    def test_it_cannot_make_itself_a_member_of_any_organisation(self):
        self.assertEqual(self.client.get("/admin/orgs/membership/add/").status_code, 403)
        for organisation in (self.housing, self.municipality, self.outsider):
            r = self.client.post("/admin/orgs/membership/add/", self.membership_form(
                user=self.ada.pk, organisation=organisation.pk, role=Role.ADMIN))
            self.assertEqual(r.status_code, 403)
        r = self.client.post("/admin/orgs/membership/add/",
                             self.membership_form(user=self.charlie.pk))
        self.assertEqual(r.status_code, 403)
        self.assertEqual(Membership.objects.filter(user__in=[self.ada, self.charlie]).count(), 2)

    def test_it_changes_no_role_and_removes_no_one_in_the_admin(self):
        url = f"/admin/orgs/membership/{self.alice_membership.pk}/change/"
        page = self.client.get(url)
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'name="_save"')
        self.assertEqual(self.client.post(url, self.membership_form(role=Role.ADMIN))
                         .status_code, 403)
        self.client.post("/admin/orgs/membership/", {
            "action": "delete_selected", "_selected_action": [self.alice_membership.pk],
            "post": "yes"})
        self.alice_membership.refresh_from_db()
        self.assertEqual(self.alice_membership.role, Role.REPORTER)

    def test_a_superuser_still_adds_anyone_anywhere(self):
        self.client.force_login(self.root)
        r = self.client.post("/admin/orgs/membership/add/", self.membership_form(
            user=self.charlie.pk, organisation=self.municipality.pk))
        self.assertRedirects(r, "/admin/orgs/membership/")
        self.assertTrue(Membership.objects.filter(user=self.charlie,
                                                  organisation=self.municipality).exists())


class StructureTestCase(OrganisationAdminTestCase):
    def collaboration_form(self, organisations) -> dict:
        return {"name": "EST Testkommun", "slug": "test", "municipality": "Testkommun",
                "organisations": [o.pk for o in organisations],
                "recurrence_window_weeks": 4, "recurrence_min_weeks": 3}

    def test_it_cannot_add_an_organisation_to_its_collaboration(self):
        members = [self.housing, self.municipality, self.police, self.outsider]
        r = self.client.post(f"/admin/orgs/collaboration/{self.est.pk}/change/",
                             self.collaboration_form(members))
        self.assertEqual(r.status_code, 403)
        self.assertNotIn(self.outsider, self.est.organisations.all())

    def test_it_sees_its_collaboration_read_only_and_not_the_other_one(self):
        r = self.client.get(f"/admin/orgs/collaboration/{self.est.pk}/change/")
        self.assertContains(r, "EST Testkommun")
        self.assertNotContains(r, 'name="_save"')
        self.assertNotContains(self.client.get("/admin/orgs/collaboration/"), "Annanstad")
        r = self.client.get(f"/admin/orgs/collaboration/{self.other_est.pk}/change/")
        self.assertEqual(r.status_code, 404)

    def test_it_cannot_create_a_collaboration(self):
        self.assertEqual(self.client.get("/admin/orgs/collaboration/add/").status_code, 403)
        r = self.client.post("/admin/orgs/collaboration/add/", self.collaboration_form(
            [self.housing, self.outsider]) | {"name": "EST Ny", "slug": "ny"})
        self.assertEqual(r.status_code, 403)
        self.assertFalse(Collaboration.objects.filter(slug="ny").exists())

    def test_it_cannot_edit_another_organisation_or_its_own(self):
        for organisation in (self.municipality, self.housing):
            r = self.client.post(f"/admin/orgs/organisation/{organisation.pk}/change/",
                                 {"name": "Kapad", "slug": "kapad", "kind": "police"})
            self.assertEqual(r.status_code, 403)
        self.assertFalse(Organisation.objects.filter(name="Kapad").exists())
        self.assertEqual(self.client.get("/admin/orgs/organisation/add/").status_code, 403)

    def test_a_superuser_still_manages_collaborations_and_organisations(self):
        self.client.force_login(self.root)
        members = [self.housing, self.municipality, self.police, self.outsider]
        r = self.client.post(f"/admin/orgs/collaboration/{self.est.pk}/change/",
                             self.collaboration_form(members))
        self.assertRedirects(r, "/admin/orgs/collaboration/")
        self.assertIn(self.outsider, self.est.organisations.all())
        r = self.client.post(f"/admin/orgs/organisation/{self.police.pk}/change/",
                             {"name": "Polisen Syd", "slug": "polisen", "kind": "police"})
        self.assertRedirects(r, "/admin/orgs/organisation/")

    def test_the_demo_admin_group_manages_no_organisations_or_collaborations(self):
        codenames = set(_admin_group().permissions.values_list("codename", flat=True))
        for model in ("organisation", "collaboration"):
            self.assertIn(f"view_{model}", codenames)
            self.assertNotIn(f"add_{model}", codenames)
            self.assertNotIn(f"change_{model}", codenames)
            self.assertNotIn(f"delete_{model}", codenames)


class PropertyTestCase(OrganisationAdminTestCase):
    def property_form(self, **values) -> dict:
        return {"collaboration": self.est.pk, "area": self.fittja.pk,
                "owner": self.housing.pk, "address": "Fittjagången 3", "apartments": 40,
                "latitude": "", "longitude": ""} | values

    def test_it_adds_a_property_its_organisation_owns(self):
        r = self.client.post("/admin/orgs/property/add/", self.property_form())
        self.assertRedirects(r, "/admin/orgs/property/")
        self.assertEqual(Property.objects.get(address="Fittjagången 3").owner, self.housing)

    def test_it_cannot_save_a_property_with_another_collaborations_area_or_owner(self):
        for values in ({"area": self.rosengard.pk}, {"owner": self.outsider.pk},
                       {"owner": self.municipality.pk},
                       {"collaboration": self.other_est.pk}):
            r = self.client.post("/admin/orgs/property/add/", self.property_form(**values))
            self.assertContains(r, "Välj ett giltigt alternativ", msg_prefix=str(values))
        self.assertFalse(Property.objects.filter(address="Fittjagången 3").exists())

    def test_a_superuser_cannot_either(self):
        self.client.force_login(self.root)
        r = self.client.post("/admin/orgs/property/add/",
                             self.property_form(area=self.rosengard.pk))
        self.assertContains(r, "Hör till en annan samverkan.")
        r = self.client.post("/admin/orgs/property/add/",
                             self.property_form(owner=self.outsider.pk))
        self.assertContains(r, "Organisationen är inte medlem i samverkan.")
        self.assertFalse(Property.objects.filter(address="Fittjagången 3").exists())

    def test_it_cannot_change_a_property_another_organisation_owns(self):
        theirs = Property.objects.create(collaboration=self.est, area=self.alby,
                                         owner=self.municipality, address="Kommunhuset")
        r = self.client.post(f"/admin/orgs/property/{theirs.pk}/change/",
                             self.property_form(address="Kapat", owner=self.housing.pk))
        self.assertEqual(r.status_code, 403)
        theirs.refresh_from_db()
        self.assertEqual((theirs.address, theirs.owner), ("Kommunhuset", self.municipality))

    def test_it_cannot_delete_an_area_that_others_report_in(self):
        self.ada.user_permissions.add(Permission.objects.get(codename="delete_area"))
        r = self.client.post(f"/admin/orgs/area/{self.fittja.pk}/delete/", {"post": "yes"})
        self.assertEqual(r.status_code, 403)
        self.assertTrue(Area.objects.filter(pk=self.fittja.pk).exists())

    def test_the_models_keep_their_links_inside_the_collaboration(self):
        checks = [
            Property(collaboration=self.est, area=self.rosengard, owner=self.housing,
                     address="x"),
            Property(collaboration=self.est, owner=self.outsider, address="x"),
            Survey(collaboration=self.est, owner=self.outsider, provider="aktivbo",
                   title="x", period_start="2025-01-01", period_end="2025-02-01"),
            Target(collaboration=self.est, area=self.rosengard, year=2025, share=Decimal("0.5")),
            Measure(collaboration=self.est, responsible=self.housing, area=self.rosengard,
                    title="x", kind="other", corner="place"),
        ]
        for record in checks:
            with self.assertRaises(ValidationError, msg=type(record).__name__):
                record.full_clean()


class ListsTestCase(OrganisationAdminTestCase):
    def test_no_list_or_filter_names_another_collaboration(self):
        Property.objects.create(collaboration=self.other_est, area=self.rosengard,
                                owner=self.outsider, address="Rosengårdsvägen 1")
        self.ada.user_permissions.add(*Permission.objects.filter(codename__in=[
            "view_measure", "view_survey", "view_target", "view_inspection",
            "view_safetywalk"]))
        for url in ("/admin/reports/report/", "/admin/orgs/property/", "/admin/orgs/area/",
                    "/admin/orgs/place/", "/admin/orgs/membership/",
                    "/admin/orgs/organisation/", "/admin/measures/measure/",
                    "/admin/surveys/survey/", "/admin/surveys/target/",
                    "/admin/inspections/inspection/", "/admin/inspections/safetywalk/"):
            r = self.client.get(url)
            self.assertEqual(r.status_code, 200, url)
            for name in ("Annanstad", "Rosengård"):
                self.assertNotContains(r, name, msg_prefix=url)

    def test_another_organisations_measure_is_read_only(self):
        from measures import services

        self.ada.user_permissions.add(*Permission.objects.filter(codename__in=[
            "view_measure", "change_measure"]))
        theirs = services.do_create_measure(self.bob, self.est, {
            "title": "Beskärning", "kind": "pruning", "corner": "place",
            "area": self.fittja.pk, "shared": "on"})
        url = f"/admin/measures/measure/{theirs.pk}/change/"
        r = self.client.get(url)
        self.assertContains(r, "Beskärning")
        self.assertNotContains(r, 'name="_save"')
        r = self.client.post(url, {"title": "Kapad"})
        self.assertEqual(r.status_code, 403)
        unshared = services.do_create_measure(self.bob, self.est, {
            "title": "Intern", "kind": "pruning", "corner": "place", "area": self.alby.pk})
        r = self.client.get(f"/admin/measures/measure/{unshared.pk}/change/")
        self.assertEqual(r.status_code, 404)

    def test_a_model_nobody_wrote_rules_for_shows_nothing(self):
        from orgs import scopes

        self.assertFalse(scopes.visible(self.ada, Permission).exists())
        self.assertTrue(scopes.visible(self.root, Permission).exists())

    def test_every_admin_in_the_site_is_scoped_or_for_superusers(self):
        from django.contrib import admin
        from django.contrib.auth.models import Group
        from django.test import RequestFactory

        from orgs.scoped_admin import ScopedAdmin, SuperusersOnly, close_unscoped_admins

        for model, model_admin in admin.site._registry.items():
            self.assertIsInstance(model_admin, ScopedAdmin | SuperusersOnly, model)
        site = admin.AdminSite(name="elsewhere")
        site.register(Group, admin.ModelAdmin)  # as a library registers its own
        close_unscoped_admins(site)
        request = RequestFactory().get("/")
        request.user = self.ada
        self.ada.user_permissions.add(Permission.objects.get(codename="view_group"))
        self.assertFalse(site._registry[Group].has_view_permission(request))

    def test_users_and_groups_are_for_superusers_only(self):
        self.ada.user_permissions.add(*Permission.objects.filter(
            content_type__app_label="auth"))
        for url in ("/admin/auth/user/", f"/admin/auth/user/{self.alice.pk}/change/",
                    f"/admin/auth/user/{self.ada.pk}/password/", "/admin/auth/group/"):
            self.assertEqual(self.client.get(url).status_code, 403, url)
        self.client.force_login(self.root)
        self.assertContains(self.client.get("/admin/auth/user/"), "charlie")
