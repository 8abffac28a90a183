"""The cast of the test stories (as in healthchecks' BaseTestCase).

- alice: reporter at Fittjabyggen (housing company) in EST Testkommun
- bob: coordinator at Testkommun (municipality), same collaboration as alice
- polly: viewer at the police, same collaboration
- charlie: coordinator at Annanstad Bostäder, a member of another collaboration only
"""

from django.contrib.auth.models import User
from django.test import TestCase

from orgs.models import Area, Collaboration, Membership, Organisation, Place, Property, Role

FITTJA = {
    "type": "Polygon",
    "coordinates": [[[17.850, 59.240], [17.875, 59.240], [17.875, 59.255], [17.850, 59.255],
                     [17.850, 59.240]]],
}
ALBY = {
    "type": "Polygon",
    "coordinates": [[[17.830, 59.230], [17.849, 59.230], [17.849, 59.245], [17.830, 59.245],
                     [17.830, 59.230]]],
}
ROSENGARD = {
    "type": "Polygon",
    "coordinates": [[[13.02, 55.58], [13.06, 55.58], [13.06, 55.60], [13.02, 55.60],
                     [13.02, 55.58]]],
}
PASSWORD = "a-long-test-password"


def make_user(username: str, org: Organisation, role: str, **extra) -> User:
    user = User.objects.create_user(username, password=PASSWORD, **extra)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def build_cast(cast) -> None:
    """Create the collaborations, organisations, places and users as attributes of ``cast``.

    Used by BaseTestCase.setUpTestData and by the browser tests (which need committed data).
    """
    cast.est = Collaboration.objects.create(name="EST Testkommun", slug="test",
                                            municipality="Testkommun")
    cast.other_est = Collaboration.objects.create(name="EST Annanstad", slug="annan",
                                                  municipality="Annanstad")
    cast.housing = Organisation.objects.create(name="Fittjabyggen", slug="fittjabyggen",
                                               kind="housing_company")
    cast.municipality = Organisation.objects.create(name="Testkommun", slug="testkommun",
                                                    kind="municipality")
    cast.police = Organisation.objects.create(name="Polisen", slug="polisen", kind="police")
    cast.outsider = Organisation.objects.create(name="Annanstad Bostäder", slug="annanbo",
                                                kind="housing_company")
    cast.est.organisations.add(cast.housing, cast.municipality, cast.police)
    cast.other_est.organisations.add(cast.outsider)

    cast.fittja = Area.objects.create(collaboration=cast.est, name="Fittja", slug="fittja",
                                      polygon=FITTJA)
    cast.alby = Area.objects.create(collaboration=cast.est, name="Alby", slug="alby",
                                    polygon=ALBY)
    cast.rosengard = Area.objects.create(collaboration=cast.other_est, name="Rosengård",
                                         slug="rosengard", polygon=ROSENGARD)
    cast.square = Place.objects.create(collaboration=cast.est, area=cast.fittja,
                                       name="Fittja torg", latitude=59.2475, longitude=17.8610)
    cast.house = Property.objects.create(collaboration=cast.est, area=cast.alby,
                                         owner=cast.housing, address="Albyvägen 10",
                                         apartments=64, latitude=59.238, longitude=17.840)

    cast.alice = make_user("alice", cast.housing, Role.REPORTER)
    cast.bob = make_user("bob", cast.municipality, Role.COORDINATOR)
    cast.polly = make_user("polly", cast.police, Role.VIEWER)
    cast.charlie = make_user("charlie", cast.outsider, Role.COORDINATOR)


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        build_cast(cls)

    def report_data(self, **overrides) -> dict:
        data = {"category": "graffiti", "latitude": 59.2470, "longitude": 17.8600,
                "text": "Klotter på väggen vid tvättstugan."}
        return data | overrides


class ReportsTestCase(BaseTestCase):
    """Adds alice's shared and internal reports (week 2025-W23, Fittja) and one of
    charlie's in the other collaboration."""

    @classmethod
    def setUpTestData(cls):
        from reports.intake import do_create_report

        super().setUpTestData()
        point = {"latitude": 59.247, "longitude": 17.86}
        cls.shared = do_create_report(cls.alice, point | {
            "category": "graffiti", "occurred_at": "2025-06-07T21:30"}).report
        cls.internal = do_create_report(cls.alice, point | {
            "category": "drugs_found", "visibility": "internal",
            "occurred_at": "2025-06-08T21:30"}).report
        cls.elsewhere = do_create_report(cls.charlie, {
            "category": "vandalism", "latitude": 55.59, "longitude": 13.04}).report
