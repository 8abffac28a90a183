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


class BaseTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.est = Collaboration.objects.create(name="EST Testkommun", slug="test",
                                               municipality="Testkommun")
        cls.other_est = Collaboration.objects.create(name="EST Annanstad", slug="annan",
                                                     municipality="Annanstad")
        cls.housing = Organisation.objects.create(name="Fittjabyggen", slug="fittjabyggen",
                                                  kind="housing_company")
        cls.municipality = Organisation.objects.create(name="Testkommun", slug="testkommun",
                                                       kind="municipality")
        cls.police = Organisation.objects.create(name="Polisen", slug="polisen", kind="police")
        cls.outsider = Organisation.objects.create(name="Annanstad Bostäder", slug="annanbo",
                                                   kind="housing_company")
        cls.est.organisations.add(cls.housing, cls.municipality, cls.police)
        cls.other_est.organisations.add(cls.outsider)

        cls.fittja = Area.objects.create(collaboration=cls.est, name="Fittja", slug="fittja",
                                         polygon=FITTJA)
        cls.alby = Area.objects.create(collaboration=cls.est, name="Alby", slug="alby",
                                       polygon=ALBY)
        cls.rosengard = Area.objects.create(collaboration=cls.other_est, name="Rosengård",
                                            slug="rosengard", polygon=ROSENGARD)
        cls.square = Place.objects.create(collaboration=cls.est, area=cls.fittja,
                                          name="Fittja torg", latitude=59.2475,
                                          longitude=17.8610)
        cls.house = Property.objects.create(collaboration=cls.est, area=cls.alby,
                                            owner=cls.housing, address="Albyvägen 10",
                                            apartments=64, latitude=59.238, longitude=17.840)

        cls.alice = make_user("alice", cls.housing, Role.REPORTER)
        cls.bob = make_user("bob", cls.municipality, Role.COORDINATOR)
        cls.polly = make_user("polly", cls.police, Role.VIEWER)
        cls.charlie = make_user("charlie", cls.outsider, Role.COORDINATOR)

    def report_data(self, **overrides) -> dict:
        data = {"category": "graffiti", "latitude": 59.2470, "longitude": 17.8600,
                "text": "Klotter på väggen vid tvättstugan."}
        return data | overrides
