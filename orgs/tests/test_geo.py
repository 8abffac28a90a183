import pytest
from django.core.exceptions import ValidationError

from orgs import geo
from tryggve.test import BaseTestCase


def test_it_knows_sweden_from_elsewhere():
    assert geo.in_sweden(59.33, 18.07)  # Stockholm
    assert geo.in_sweden(67.86, 20.22)  # Kiruna
    assert not geo.in_sweden(52.52, 13.40)  # Berlin
    assert not geo.in_sweden(0, 0)
    assert not geo.in_sweden(18.07, 59.33)  # swapped


def test_it_stores_resolution_9_cells():
    cell = geo.h3_cell(59.247, 17.86)
    assert len(cell) == 15
    import h3

    assert h3.get_resolution(cell) == 9


def test_it_refuses_polygons_that_are_not_polygons_or_outside_sweden():
    with pytest.raises(ValidationError):
        geo.validate_polygon({"type": "Point", "coordinates": [17.8, 59.2]})
    with pytest.raises(ValidationError):
        geo.validate_polygon({"type": "Polygon", "coordinates": [[[59.2, 17.8], [59.3, 17.8],
                                                                   [59.3, 17.9], [59.2, 17.8]]]})


class AreaLookupTestCase(BaseTestCase):
    def test_it_finds_the_area_containing_a_point(self):
        areas = [self.fittja, self.alby]
        self.assertEqual(geo.area_containing(areas, 59.247, 17.86), self.fittja)
        self.assertEqual(geo.area_containing(areas, 59.238, 17.84), self.alby)
        self.assertIsNone(geo.area_containing(areas, 59.30, 18.00))
