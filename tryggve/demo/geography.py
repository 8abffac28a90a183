"""Demo geography: three EST collaborations modelled on the seed texts.

Pure data, no Django. Everything here sits at its real location in WGS84:
latitude/longitude for points, (lon, lat) pairs for polygon rings, as GeoJSON
wants them.

What is real and what is not:

* The districts, their rough extent and most street and place names are real
  (Fittja, Alby, Hallunda-Norsborg in Botkyrka; Rosengård, Möllevången, Kirseberg,
  Lindängen in Malmö; Dalhem, Drottninghög, Fredriksdal, Söder in Helsingborg).
  Polygons are hand-drawn approximations of each district (a few hundred metres
  of slack is normal), not official boundaries. Where a street name was not
  known it is a plausible one.
* House numbers, apartment counts and which organisation owns which building
  are invented for the demo. The municipal housing companies (Botkyrkabyggen,
  MKB, Helsingborgshem), the municipalities and the local police areas are real
  organisations; every private landlord, centre owner, security company and
  association name below is FICTIONAL unless a comment says otherwise.
* ``hot_places`` are the places the synthetic report generator will make recur
  week after week; ``quiet_places`` get almost no reports. That is a property
  of the demo data, not a statement about the real places.
"""

from __future__ import annotations

from dataclasses import dataclass

ORGANISATION_KINDS: tuple[str, ...] = (
    "housing_company",
    "property_owner",
    "centre_owner",
    "municipality",
    "police",
    "security_company",
    "association",
)

PLACE_KINDS: tuple[str, ...] = (
    "torg",
    "centrum",
    "lekplats",
    "parkering",
    "gångtunnel",
    "busshållplats",
    "skolgård",
    "park",
)


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str  # one of ORGANISATION_KINDS


@dataclass(frozen=True)
class DemoPlace:
    name: str
    lat: float
    lon: float
    kind: str  # one of PLACE_KINDS


@dataclass(frozen=True)
class DemoProperty:
    address: str
    owner: str  # slug of a DemoOrganisation in the same collaboration
    apartments: int
    lat: float
    lon: float


@dataclass(frozen=True)
class DemoArea:
    slug: str
    name: str
    # Closed ring of (lon, lat), first == last, counter-clockwise. A tuple rather
    # than a list so that the frozen dataclass stays hashable.
    polygon: tuple[tuple[float, float], ...]
    properties: tuple[DemoProperty, ...]
    places: tuple[DemoPlace, ...]
    hot_places: tuple[str, ...]  # place names that recur week after week in synthetic data
    quiet_places: tuple[str, ...]  # place names with almost no reports


@dataclass(frozen=True)
class DemoCollaboration:
    slug: str
    name: str
    municipality: str
    organisations: tuple[DemoOrganisation, ...]
    areas: tuple[DemoArea, ...]


# ---------------------------------------------------------------------------
# EST Botkyrka — Fittja, Alby, Hallunda-Norsborg (seeds: Botkyrkabyggen's
# deviation reporting and weekly meetings with police and municipality).
# ---------------------------------------------------------------------------

_BOTKYRKA_ORGS = (
    DemoOrganisation("botkyrkabyggen", "AB Botkyrkabyggen", "housing_company"),
    # Fictional private landlord and centre owner.
    DemoOrganisation("fastighets-ab-tornet", "Fastighets AB Tornet", "property_owner"),
    DemoOrganisation("norra-botkyrka-centrum", "Norra Botkyrka Centrum AB", "centre_owner"),
    DemoOrganisation("botkyrka-kommun", "Botkyrka kommun", "municipality"),
    DemoOrganisation("polisen-lpo-botkyrka", "Polisen lokalpolisområde Botkyrka", "police"),
    # Fictional security company.
    DemoOrganisation("trygg-bevakning", "Trygg Bevakning AB", "security_company"),
    # Illustrative local tenants' association; not a registered name.
    DemoOrganisation("hyresgastforeningen-fittja", "Hyresgästföreningen Fittja", "association"),
)

# Fittja: the centre and the 1970s blocks north of Alby, up towards Fittjaviken,
# with Fittja äng at the north tip of Albysjön.
_FITTJA = DemoArea(
    slug="fittja",
    name="Fittja",
    polygon=(
        (17.8480, 59.2440),
        (17.8560, 59.2430),
        (17.8640, 59.2422),
        (17.8700, 59.2440),
        (17.8745, 59.2475),
        (17.8760, 59.2510),
        (17.8720, 59.2545),
        (17.8650, 59.2560),
        (17.8570, 59.2555),
        (17.8510, 59.2535),
        (17.8470, 59.2500),
        (17.8465, 59.2465),
        (17.8480, 59.2440),
    ),
    properties=(
        DemoProperty("Krögarvägen 2", "botkyrkabyggen", 124, 59.2500, 17.8600),
        DemoProperty("Krögarvägen 16", "botkyrkabyggen", 96, 59.2512, 17.8575),
        DemoProperty("Värdshusvägen 5", "botkyrkabyggen", 168, 59.2488, 17.8650),
        DemoProperty("Värdshusvägen 23", "botkyrkabyggen", 88, 59.2520, 17.8660),
        DemoProperty("Gästgivarvägen 4", "botkyrkabyggen", 142, 59.2465, 17.8540),
        DemoProperty("Gästgivarvägen 12", "botkyrkabyggen", 72, 59.2480, 17.8515),
        DemoProperty("Tegelbruksvägen 3", "fastighets-ab-tornet", 58, 59.2455, 17.8680),
        # Fittja centrum:
        DemoProperty("Fittja torg 1", "norra-botkyrka-centrum", 24, 59.2474, 17.8606),
    ),
    places=(
        DemoPlace("Fittja torg", 59.2477, 17.8613, "torg"),
        DemoPlace("Fittja centrum", 59.2471, 17.8602, "centrum"),
        DemoPlace("Busshållplats Fittja centrum", 59.2467, 17.8620, "busshållplats"),
        DemoPlace("Gångtunneln under Fittjavägen", 59.2458, 17.8590, "gångtunnel"),
        DemoPlace("Lekplatsen vid Krögarvägen", 59.2506, 17.8588, "lekplats"),
        DemoPlace("Parkeringen vid Värdshusvägen", 59.2495, 17.8668, "parkering"),
        DemoPlace("Regnbågsparken", 59.2490, 17.8612, "park"),
        DemoPlace("Skolgården vid Fittjaskolan", 59.2525, 17.8630, "skolgård"),
        DemoPlace("Fittja äng", 59.2438, 17.8640, "park"),
    ),
    hot_places=("Fittja torg", "Gångtunneln under Fittjavägen"),
    quiet_places=("Fittja äng",),
)

# Alby: Alby centrum by the metro, Albyberget to the south, Alby gård on the
# west shore of Albysjön.
_ALBY = DemoArea(
    slug="alby",
    name="Alby",
    polygon=(
        (17.8365, 59.2300),
        (17.8450, 59.2270),
        (17.8530, 59.2285),
        (17.8575, 59.2330),
        (17.8585, 59.2380),
        (17.8575, 59.2412),
        (17.8500, 59.2425),
        (17.8440, 59.2432),
        (17.8395, 59.2420),
        (17.8365, 59.2380),
        (17.8360, 59.2340),
        (17.8365, 59.2300),
    ),
    properties=(
        DemoProperty("Albyvägen 10", "botkyrkabyggen", 120, 59.2405, 17.8420),
        DemoProperty("Albyvägen 38", "botkyrkabyggen", 96, 59.2360, 17.8385),
        DemoProperty("Hälsovägen 3", "botkyrkabyggen", 210, 59.2365, 17.8470),
        DemoProperty("Hälsovägen 21", "botkyrkabyggen", 180, 59.2345, 17.8500),
        DemoProperty("Ekvägen 6", "botkyrkabyggen", 64, 59.2320, 17.8425),
        DemoProperty("Ekvägen 18", "fastighets-ab-tornet", 48, 59.2305, 17.8465),
        DemoProperty("Tingstorget 4", "fastighets-ab-tornet", 90, 59.2378, 17.8445),
        # Alby centrum:
        DemoProperty("Alby torg 2", "norra-botkyrka-centrum", 30, 59.2393, 17.8452),
    ),
    places=(
        DemoPlace("Alby centrum", 59.2395, 17.8448, "centrum"),
        DemoPlace("Alby torg", 59.2390, 17.8458, "torg"),
        DemoPlace("Busshållplats Alby centrum", 59.2400, 17.8440, "busshållplats"),
        DemoPlace("Tingstorget", 59.2373, 17.8437, "torg"),
        DemoPlace("Gångtunneln under Albyvägen", 59.2408, 17.8430, "gångtunnel"),
        DemoPlace("Lekplatsen vid Hälsovägen", 59.2350, 17.8490, "lekplats"),
        DemoPlace("Parkeringen vid Ekvägen", 59.2315, 17.8440, "parkering"),
        DemoPlace("Albyparken", 59.2330, 17.8520, "park"),
        DemoPlace("Alby gård", 59.2400, 17.8555, "park"),
    ),
    hot_places=("Alby centrum", "Gångtunneln under Albyvägen"),
    quiet_places=("Alby gård",),
)

# Norsborg: the contiguous Hallunda-Norsborg blocks along Hallundavägen, from
# Norsborg's metro terminus east to Hallunda centrum.
_NORSBORG = DemoArea(
    slug="norsborg",
    name="Norsborg",
    polygon=(
        (17.8010, 59.2385),
        (17.8120, 59.2365),
        (17.8240, 59.2360),
        (17.8330, 59.2375),
        (17.8350, 59.2420),
        (17.8330, 59.2465),
        (17.8240, 59.2485),
        (17.8140, 59.2490),
        (17.8040, 59.2475),
        (17.8000, 59.2435),
        (17.8010, 59.2385),
    ),
    properties=(
        DemoProperty("Skarpbrunnavägen 4", "botkyrkabyggen", 132, 59.2420, 17.8100),
        DemoProperty("Skarpbrunnavägen 20", "botkyrkabyggen", 88, 59.2405, 17.8070),
        DemoProperty("Hallundavägen 31", "botkyrkabyggen", 156, 59.2455, 17.8190),
        DemoProperty("Friggs väg 9", "botkyrkabyggen", 110, 59.2420, 17.8235),
        DemoProperty("Odens väg 4", "botkyrkabyggen", 76, 59.2440, 17.8290),
        DemoProperty("Tors väg 2", "fastighets-ab-tornet", 64, 59.2395, 17.8265),
        # Hallunda centrum:
        DemoProperty("Hallunda torg 1", "norra-botkyrka-centrum", 40, 59.2436, 17.8252),
    ),
    places=(
        DemoPlace("Norsborgs centrum", 59.2442, 17.8152, "centrum"),
        DemoPlace("Hallunda torg", 59.2432, 17.8258, "torg"),
        DemoPlace("Busshållplats Norsborg", 59.2446, 17.8162, "busshållplats"),
        DemoPlace("Gångtunneln under Hallundavägen", 59.2449, 17.8142, "gångtunnel"),
        DemoPlace("Lekplatsen vid Skarpbrunnavägen", 59.2412, 17.8090, "lekplats"),
        DemoPlace("Parkeringen vid Friggs väg", 59.2415, 17.8220, "parkering"),
        DemoPlace("Skolgården vid Hallundaskolan", 59.2405, 17.8300, "skolgård"),
        DemoPlace("Hallunda gårds park", 59.2390, 17.8200, "park"),
    ),
    hot_places=("Gångtunneln under Hallundavägen",),
    quiet_places=("Hallunda gårds park",),
)

EST_BOTKYRKA = DemoCollaboration(
    slug="est-botkyrka",
    name="EST Botkyrka",
    municipality="Botkyrka",
    organisations=_BOTKYRKA_ORGS,
    areas=(_FITTJA, _ALBY, _NORSBORG),
)


# ---------------------------------------------------------------------------
# EST Malmö — Rosengård, Möllevången, Kirseberg, Lindängen (seeds: MKB's three
# levels of safety work; the police's and Malmö stad's citizen promises).
# ---------------------------------------------------------------------------

_MALMO_ORGS = (
    DemoOrganisation("mkb", "MKB Fastighets AB", "housing_company"),
    # Fictional private landlord and centre owner.
    DemoOrganisation("fastighets-ab-pilgarden", "Fastighets AB Pilgården", "property_owner"),
    DemoOrganisation("malmo-stadsdelscentrum", "Malmö Stadsdelscentrum AB", "centre_owner"),
    DemoOrganisation("malmo-stad", "Malmö stad", "municipality"),
    # One police member stands in for the local police areas covering the four
    # districts (in reality Malmö Norr, Öster, Söder and Centrum).
    DemoOrganisation("polisen-lpo-malmo", "Polisen, lokalpolisområdena i Malmö", "police"),
    # Fictional security company.
    DemoOrganisation("sundsvakten", "Sundsvakten Bevakning AB", "security_company"),
    # Illustrative local tenants' association; not a registered name.
    DemoOrganisation(
        "hyresgastforeningen-rosengard", "Hyresgästföreningen Rosengård", "association"
    ),
)

# Rosengård: between Kontinentalbanan (west), Östra kyrkogården (north-west),
# Inre ringvägen (east) and Jägersrovägen (south); Amiralsgatan cuts through it
# with Rosengård centrum bridging it.
_ROSENGARD = DemoArea(
    slug="rosengard",
    name="Rosengård",
    polygon=(
        (13.0290, 55.5790),
        (13.0400, 55.5770),
        (13.0520, 55.5775),
        (13.0590, 55.5800),
        (13.0605, 55.5850),
        (13.0590, 55.5900),
        (13.0530, 55.5935),
        (13.0430, 55.5950),
        (13.0340, 55.5945),
        (13.0285, 55.5915),
        (13.0270, 55.5860),
        (13.0290, 55.5790),
    ),
    properties=(
        DemoProperty("Ramels väg 28", "mkb", 180, 55.5885, 13.0420),
        DemoProperty("Ramels väg 64", "mkb", 144, 55.5905, 13.0440),
        DemoProperty("Ögårdsvägen 6", "mkb", 96, 55.5820, 13.0460),
        DemoProperty("Ögårdsvägen 18", "mkb", 120, 55.5810, 13.0500),
        DemoProperty("Bennets väg 9", "mkb", 212, 55.5855, 13.0385),
        DemoProperty("Von Rosens väg 3", "mkb", 84, 55.5835, 13.0530),
        DemoProperty("Amiralsgatan 104", "fastighets-ab-pilgarden", 160, 55.5872, 13.0510),
        DemoProperty("Kryddgårdsvägen 5", "fastighets-ab-pilgarden", 132, 55.5815, 13.0395),
        # Rosengård centrum:
        DemoProperty("Amiralsgatan 111", "malmo-stadsdelscentrum", 40, 55.5852, 13.0443),
    ),
    places=(
        DemoPlace("Rosengård centrum", 55.5850, 13.0440, "centrum"),
        DemoPlace("Rosens röda matta", 55.5862, 13.0402, "torg"),
        DemoPlace("Busshållplats Rosengård centrum", 55.5846, 13.0452, "busshållplats"),
        DemoPlace("Gångtunneln under Amiralsgatan", 55.5866, 13.0488, "gångtunnel"),
        DemoPlace("Lekplatsen vid Ramels väg", 55.5893, 13.0430, "lekplats"),
        DemoPlace("Parkeringen vid Ögårdsvägen", 55.5815, 13.0475, "parkering"),
        DemoPlace("Skolgården vid Rosengårdsskolan", 55.5800, 13.0430, "skolgård"),
        DemoPlace("Rosengårdsstråket", 55.5880, 13.0345, "park"),
        DemoPlace("Östra kyrkogårdens entré", 55.5928, 13.0400, "park"),
    ),
    hot_places=("Rosengård centrum", "Gångtunneln under Amiralsgatan"),
    quiet_places=("Östra kyrkogårdens entré",),
)

# Möllevången: between Bergsgatan (west), Amiralsgatan/Folkets park (north-east)
# and Nobelvägen (east), with Möllevångstorget in the middle.
_MOLLEVANGEN = DemoArea(
    slug="mollevangen",
    name="Möllevången",
    polygon=(
        (13.0040, 55.5890),
        (13.0110, 55.5880),
        (13.0170, 55.5885),
        (13.0185, 55.5915),
        (13.0165, 55.5950),
        (13.0120, 55.5962),
        (13.0060, 55.5960),
        (13.0030, 55.5935),
        (13.0028, 55.5910),
        (13.0040, 55.5890),
    ),
    properties=(
        DemoProperty("Möllevångsgatan 12", "mkb", 42, 55.5925, 13.0095),
        DemoProperty("Bergsgatan 40", "mkb", 36, 55.5915, 13.0045),
        DemoProperty("Ystadgatan 9", "mkb", 54, 55.5900, 13.0115),
        DemoProperty("Kristianstadsgatan 14", "mkb", 48, 55.5930, 13.0140),
        DemoProperty("Spångatan 22", "fastighets-ab-pilgarden", 28, 55.5940, 13.0060),
        DemoProperty("Claesgatan 7", "fastighets-ab-pilgarden", 32, 55.5905, 13.0075),
        # Shops with homes above, owned by the centre owner:
        DemoProperty("Möllevångstorget 5", "malmo-stadsdelscentrum", 24, 55.5917, 13.0093),
    ),
    places=(
        DemoPlace("Möllevångstorget", 55.5913, 13.0087, "torg"),
        DemoPlace("Folkets park", 55.5940, 13.0125, "park"),
        DemoPlace("Lekplatsen i Folkets park", 55.5947, 13.0138, "lekplats"),
        DemoPlace("Busshållplats Möllevångstorget", 55.5909, 13.0078, "busshållplats"),
        DemoPlace("Parkeringen vid Bergsgatan", 55.5930, 13.0040, "parkering"),
        DemoPlace("Gångtunneln under Nobelvägen", 55.5902, 13.0165, "gångtunnel"),
        DemoPlace("Skolgården vid Möllevångsskolan", 55.5895, 13.0130, "skolgård"),
    ),
    hot_places=("Möllevångstorget",),
    quiet_places=("Parkeringen vid Bergsgatan",),
)

# Kirseberg: Kirsebergsstaden on the hill ("Backarna"), Beijers park to the east
# and Segevång to the north; Lundavägen on the west side.
_KIRSEBERG = DemoArea(
    slug="kirseberg",
    name="Kirseberg",
    polygon=(
        (13.0200, 55.6010),
        (13.0300, 55.5995),
        (13.0400, 55.6005),
        (13.0450, 55.6040),
        (13.0455, 55.6090),
        (13.0420, 55.6140),
        (13.0340, 55.6160),
        (13.0260, 55.6150),
        (13.0195, 55.6110),
        (13.0180, 55.6055),
        (13.0200, 55.6010),
    ),
    properties=(
        DemoProperty("Vattenverksvägen 14", "mkb", 72, 55.6085, 13.0330),
        DemoProperty("Östra Fäladsgatan 21", "mkb", 60, 55.6060, 13.0300),
        DemoProperty("Bäckagatan 7", "mkb", 32, 55.6075, 13.0260),
        DemoProperty("Segevångsvägen 3", "mkb", 110, 55.6135, 13.0330),
        DemoProperty("Lundavägen 92", "fastighets-ab-pilgarden", 84, 55.6085, 13.0215),
        DemoProperty("Beijersgatan 4", "fastighets-ab-pilgarden", 44, 55.6035, 13.0340),
        # Shops with homes above, owned by the centre owner:
        DemoProperty("Kirsebergs torg 2", "malmo-stadsdelscentrum", 22, 55.6072, 13.0290),
    ),
    places=(
        DemoPlace("Kirsebergs torg", 55.6070, 13.0285, "torg"),
        DemoPlace("Beijers park", 55.6050, 13.0375, "park"),
        DemoPlace("Lekplatsen i Beijers park", 55.6058, 13.0390, "lekplats"),
        DemoPlace("Busshållplats Beijers park", 55.6042, 13.0355, "busshållplats"),
        DemoPlace("Gerlachs park", 55.6095, 13.0250, "park"),
        DemoPlace("Parkeringen vid Vattenverksvägen", 55.6092, 13.0345, "parkering"),
        DemoPlace("Gångtunneln under Lundavägen", 55.6068, 13.0205, "gångtunnel"),
        DemoPlace("Skolgården vid Kirsebergsskolan", 55.6080, 13.0305, "skolgård"),
    ),
    hot_places=("Gerlachs park",),
    quiet_places=("Lekplatsen i Beijers park",),
)

# Lindängen: south of Inre ringvägen, the blocks along Munkhättegatan around
# Lindängens centrum, the park with Lindängsbadet and Blå Lekan to the north.
# (In reality the rental stock here belongs to private landlords; the demo
# gives MKB a share so the housing company appears in every district.)
_LINDANGEN = DemoArea(
    slug="lindangen",
    name="Lindängen",
    polygon=(
        (13.0150, 55.5500),
        (13.0260, 55.5492),
        (13.0360, 55.5505),
        (13.0385, 55.5550),
        (13.0375, 55.5600),
        (13.0330, 55.5628),
        (13.0230, 55.5632),
        (13.0160, 55.5615),
        (13.0135, 55.5560),
        (13.0150, 55.5500),
    ),
    properties=(
        DemoProperty("Munkhättegatan 150", "mkb", 156, 55.5565, 13.0200),
        DemoProperty("Munkhättegatan 174", "mkb", 124, 55.5568, 13.0250),
        DemoProperty("Lindängsstigen 12", "mkb", 200, 55.5582, 13.0240),
        DemoProperty("Stenkällegatan 12", "mkb", 110, 55.5525, 13.0270),
        DemoProperty("Munkhättegatan 200", "fastighets-ab-pilgarden", 96, 55.5570, 13.0310),
        DemoProperty("Stenkällegatan 40", "fastighets-ab-pilgarden", 88, 55.5530, 13.0330),
        DemoProperty("Vårsångsvägen 8", "mkb", 64, 55.5515, 13.0200),
        # Lindängens centrum:
        DemoProperty("Lindängsstigen 2", "malmo-stadsdelscentrum", 36, 55.5557, 13.0267),
    ),
    places=(
        DemoPlace("Lindängens centrum", 55.5555, 13.0262, "centrum"),
        DemoPlace("Lindängens torg", 55.5551, 13.0255, "torg"),
        DemoPlace("Busshållplats Lindängen centrum", 55.5560, 13.0277, "busshållplats"),
        DemoPlace("Gångtunneln under Munkhättegatan", 55.5566, 13.0225, "gångtunnel"),
        DemoPlace("Blå Lekan", 55.5600, 13.0300, "lekplats"),
        DemoPlace("Parkeringen vid Motetten", 55.5575, 13.0232, "parkering"),
        DemoPlace("Skolgården vid Lindängeskolan", 55.5535, 13.0300, "skolgård"),
        DemoPlace("Lindängsbadet", 55.5608, 13.0270, "park"),
    ),
    hot_places=("Lindängens centrum", "Gångtunneln under Munkhättegatan"),
    quiet_places=("Lindängsbadet",),
)

EST_MALMO = DemoCollaboration(
    slug="est-malmo",
    name="EST Malmö",
    municipality="Malmö",
    organisations=_MALMO_ORGS,
    areas=(_ROSENGARD, _MOLLEVANGEN, _KIRSEBERG, _LINDANGEN),
)


# ---------------------------------------------------------------------------
# EST Helsingborg — Dalhem, Drottninghög, Fredriksdal, Söder (seed:
# Helsingborgshem's safety goal and crime-triangle measures).
# Drottninghög lies between Regementsvägen (west), Vasatorpsvägen (south) and
# Drottninghögsvägen (north and east); Dalhem wraps around it to the north-east
# up to the E4 and Österleden; Fredriksdal is south of Vasatorpsvägen; Söder is
# south of the city centre by the harbour.
# ---------------------------------------------------------------------------

_HELSINGBORG_ORGS = (
    DemoOrganisation("helsingborgshem", "AB Helsingborgshem", "housing_company"),
    # Fictional private landlord and centre owner.
    DemoOrganisation("fastighets-ab-karnhusen", "Fastighets AB Kärnhusen", "property_owner"),
    DemoOrganisation(
        "helsingborg-centrumfastigheter", "Helsingborg Centrumfastigheter AB", "centre_owner"
    ),
    DemoOrganisation("helsingborgs-stad", "Helsingborgs stad", "municipality"),
    DemoOrganisation("polisen-lpo-helsingborg", "Polisen lokalpolisområde Helsingborg", "police"),
    # Fictional security company and residents' association.
    DemoOrganisation("nordvastra-bevakning", "Nordvästra Skånes Bevakning AB", "security_company"),
    DemoOrganisation("drottninghogs-grannar", "Föreningen Drottninghögs grannar", "association"),
)

_DALHEM = DemoArea(
    slug="dalhem",
    name="Dalhem",
    polygon=(
        (12.7358, 56.0596),
        (12.7450, 56.0600),
        (12.7535, 56.0605),
        (12.7565, 56.0650),
        (12.7560, 56.0715),
        (12.7490, 56.0760),
        (12.7380, 56.0765),
        (12.7290, 56.0740),
        (12.7225, 56.0700),
        (12.7215, 56.0668),
        (12.7290, 56.0666),
        (12.7348, 56.0662),
        (12.7358, 56.0630),
        (12.7358, 56.0596),
    ),
    properties=(
        DemoProperty("Dalhemsvägen 12", "helsingborgshem", 140, 56.0650, 12.7420),
        DemoProperty("Dalhemsvägen 40", "helsingborgshem", 96, 56.0690, 12.7445),
        DemoProperty("Filbornavägen 8", "helsingborgshem", 120, 56.0625, 12.7500),
        DemoProperty("Annerovägen 3", "helsingborgshem", 80, 56.0640, 12.7465),
        DemoProperty("Drottninghögsvägen 55", "helsingborgshem", 104, 56.0678, 12.7300),
        DemoProperty("Vasatorpsvägen 88", "fastighets-ab-karnhusen", 64, 56.0612, 12.7400),
        DemoProperty("Berga allé 6", "fastighets-ab-karnhusen", 32, 56.0725, 12.7330),
        # Dalhems centrum:
        DemoProperty("Dalhemsvägen 2", "helsingborg-centrumfastigheter", 28, 56.0672, 12.7372),
    ),
    places=(
        DemoPlace("Dalhems centrum", 56.0675, 12.7368, "centrum"),
        DemoPlace("Dalhems torg", 56.0670, 12.7378, "torg"),
        DemoPlace("Busshållplats Dalhems centrum", 56.0680, 12.7360, "busshållplats"),
        DemoPlace("Gångtunneln under Drottninghögsvägen", 56.0672, 12.7340, "gångtunnel"),
        DemoPlace("Lekplatsen nedanför Kojak", 56.0725, 12.7420, "lekplats"),
        DemoPlace("Kojakparken", 56.0740, 12.7400, "park"),
        DemoPlace("Parkeringen vid Dalhemsvägen", 56.0660, 12.7440, "parkering"),
        DemoPlace("Skolgården vid Anneroskolan", 56.0650, 12.7390, "skolgård"),
    ),
    hot_places=("Dalhems centrum", "Parkeringen vid Dalhemsvägen"),
    quiet_places=("Kojakparken",),
)

# Drottninghög: in reality Helsingborgshem owns the centre as well as all rental
# homes, so the centre property here belongs to the housing company.
_DROTTNINGHOG = DemoArea(
    slug="drottninghog",
    name="Drottninghög",
    polygon=(
        (12.7220, 56.0592),
        (12.7290, 56.0588),
        (12.7340, 56.0594),
        (12.7348, 56.0625),
        (12.7338, 56.0652),
        (12.7280, 56.0658),
        (12.7225, 56.0650),
        (12.7212, 56.0620),
        (12.7220, 56.0592),
    ),
    properties=(
        DemoProperty("Grönkullagatan 4", "helsingborgshem", 96, 56.0640, 12.7245),
        DemoProperty("Grönkullagatan 18", "helsingborgshem", 72, 56.0632, 12.7262),
        DemoProperty("Rökullagatan 6", "helsingborgshem", 120, 56.0618, 12.7270),
        DemoProperty("Drottninghögsvägen 12", "helsingborgshem", 108, 56.0645, 12.7320),
        DemoProperty("Vasatorpsvägen 40", "helsingborgshem", 84, 56.0600, 12.7300),
        DemoProperty("Regementsvägen 15", "helsingborgshem", 60, 56.0610, 12.7232),
        DemoProperty("Kavallerigatan 2", "fastighets-ab-karnhusen", 40, 56.0647, 12.7292),
        # Drottninghögs centrum:
        DemoProperty("Grönkullagatan 1", "helsingborgshem", 20, 56.0626, 12.7283),
    ),
    places=(
        DemoPlace("Drottninghögs centrum", 56.0624, 12.7280, "centrum"),
        DemoPlace("Drottninghögs torg", 56.0620, 12.7287, "torg"),
        DemoPlace("Busshållplats Drottninghög", 56.0612, 12.7268, "busshållplats"),
        DemoPlace("Gångtunneln under Regementsvägen", 56.0625, 12.7226, "gångtunnel"),
        DemoPlace("Lekplatsen vid Grönkullagatan", 56.0637, 12.7252, "lekplats"),
        DemoPlace("Parkeringen vid Vasatorpsvägen", 56.0598, 12.7315, "parkering"),
        DemoPlace("Skolgården vid Drottninghögsskolan", 56.0635, 12.7315, "skolgård"),
        DemoPlace("Grönstråket på Drottninghög", 56.0645, 12.7275, "park"),
    ),
    hot_places=("Drottninghögs centrum", "Parkeringen vid Vasatorpsvägen"),
    quiet_places=("Grönstråket på Drottninghög",),
)

# Fredriksdal: high-rise blocks with car parks facing the main roads around a
# green interior; Fredriksdalsparken on the west side. It has no centre of its
# own (residents use Drottninghög's), so no centre property here.
_FREDRIKSDAL = DemoArea(
    slug="fredriksdal",
    name="Fredriksdal",
    polygon=(
        (12.7145, 56.0505),
        (12.7230, 56.0495),
        (12.7310, 56.0505),
        (12.7335, 56.0540),
        (12.7325, 56.0575),
        (12.7260, 56.0582),
        (12.7190, 56.0580),
        (12.7140, 56.0560),
        (12.7130, 56.0530),
        (12.7145, 56.0505),
    ),
    properties=(
        DemoProperty("Ringstorpsvägen 50", "helsingborgshem", 180, 56.0560, 12.7165),
        DemoProperty("Ringstorpsvägen 70", "helsingborgshem", 150, 56.0528, 12.7170),
        DemoProperty("Vasatorpsvägen 21", "helsingborgshem", 120, 56.0572, 12.7240),
        DemoProperty("Fredriksdalsgatan 4", "helsingborgshem", 96, 56.0545, 12.7205),
        DemoProperty("Fredriksdalsgatan 22", "helsingborgshem", 88, 56.0522, 12.7255),
        DemoProperty("Gustavslundsvägen 9", "fastighets-ab-karnhusen", 110, 56.0530, 12.7305),
        DemoProperty("Vattentornsgatan 3", "fastighets-ab-karnhusen", 56, 56.0562, 12.7292),
    ),
    places=(
        DemoPlace("Fredriksdalsparken", 56.0540, 12.7150, "park"),
        DemoPlace("Skolgården vid Fredriksdalsskolan", 56.0535, 12.7230, "skolgård"),
        DemoPlace("Lekplatsen vid Fredriksdalsgatan", 56.0552, 12.7222, "lekplats"),
        DemoPlace("Parkeringen vid Ringstorpsvägen", 56.0550, 12.7168, "parkering"),
        DemoPlace("Gångtunneln under Vasatorpsvägen", 56.0575, 12.7220, "gångtunnel"),
        DemoPlace("Busshållplats Fredriksdal", 56.0512, 12.7225, "busshållplats"),
        DemoPlace("Grönområdet vid vattentornet", 56.0565, 12.7270, "park"),
    ),
    hot_places=("Parkeringen vid Ringstorpsvägen",),
    quiet_places=("Fredriksdalsparken",),
)

# Söder: from Trädgårdsgatan (north) and Bergaliden (north-east) down to
# Malmöleden (south), between the railway/harbour and the landborg slope.
_SODER = DemoArea(
    slug="soder",
    name="Söder",
    polygon=(
        (12.6945, 56.0400),
        (12.6965, 56.0350),
        (12.6990, 56.0322),
        (12.7060, 56.0310),
        (12.7110, 56.0330),
        (12.7122, 56.0370),
        (12.7095, 56.0405),
        (12.7080, 56.0432),
        (12.7020, 56.0445),
        (12.6958, 56.0438),
        (12.6945, 56.0400),
    ),
    properties=(
        DemoProperty("Södergatan 40", "helsingborgshem", 48, 56.0390, 12.7012),
        DemoProperty("Carl Krooks gata 30", "helsingborgshem", 64, 56.0400, 12.7000),
        DemoProperty("Kopparmöllegatan 12", "helsingborgshem", 72, 56.0372, 12.7050),
        DemoProperty("Planteringsvägen 8", "helsingborgshem", 96, 56.0340, 12.7060),
        DemoProperty("Trädgårdsgatan 24", "helsingborgshem", 44, 56.0432, 12.7020),
        DemoProperty("Gasverksgatan 5", "fastighets-ab-karnhusen", 40, 56.0355, 12.6992),
        DemoProperty("Furutorpsgatan 18", "fastighets-ab-karnhusen", 52, 56.0410, 12.7060),
        # Söderpunkten:
        DemoProperty("Södergatan 12", "helsingborg-centrumfastigheter", 30, 56.0415, 12.6985),
    ),
    places=(
        DemoPlace("Mäster Palms plats", 56.0392, 12.7032, "torg"),
        DemoPlace("Söderpunkten", 56.0412, 12.6988, "centrum"),
        DemoPlace("Busshållplats Södergatan", 56.0385, 12.7018, "busshållplats"),
        DemoPlace("Gångtunneln under Malmöleden", 56.0322, 12.7050, "gångtunnel"),
        DemoPlace("Lekplatsen vid Kopparmöllegatan", 56.0365, 12.7060, "lekplats"),
        DemoPlace("Parkeringen vid Gasverksgatan", 56.0348, 12.6985, "parkering"),
        DemoPlace("Söderparken", 56.0345, 12.7090, "park"),
    ),
    hot_places=("Mäster Palms plats",),
    quiet_places=("Söderparken",),
)

EST_HELSINGBORG = DemoCollaboration(
    slug="est-helsingborg",
    name="EST Helsingborg",
    municipality="Helsingborg",
    organisations=_HELSINGBORG_ORGS,
    areas=(_DALHEM, _DROTTNINGHOG, _FREDRIKSDAL, _SODER),
)


COLLABORATIONS: tuple[DemoCollaboration, ...] = (EST_BOTKYRKA, EST_MALMO, EST_HELSINGBORG)


def all_areas() -> list[tuple[DemoCollaboration, DemoArea]]:
    """Every demo area with the collaboration it belongs to, in declaration order."""
    return [(collab, area) for collab in COLLABORATIONS for area in collab.areas]


def polygon_geojson(area: DemoArea) -> dict:
    """The area's ring as a GeoJSON Polygon geometry (lon, lat order)."""
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat] for lon, lat in area.polygon]],
    }
