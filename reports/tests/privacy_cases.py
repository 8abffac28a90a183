"""How people write identifiers in free text, and what merely looks like one, as data.

``MASKED``: (shape, kind) pairs that the scan must mask wherever they stand in a sentence.
``LEFT_ALONE``: whole texts that must come back unchanged with nothing masked.
``IN_CONTEXT``: (text, stored text) pairs where identifiers meet each other or the words
around them.
``test_privacy_cases.py`` runs every row; add a row when someone finds a new shape.

Identity numbers carry real check digits: 811218-9876 is the well-known test number,
121212-1212 the tax agency's, 701063-2391 and 780661-1237 coordination numbers (day + 60).
Phone numbers use the ranges set aside for fiction (070-123 45 67 and friends).

Organisation numbers (556036-0793) are left alone: they name companies, not people, and
their third digit pair is 20 or more, so they are never a date. A sole trader's
organisation number *is* the owner's personnummer and is masked as one.
"""

from reports.identifiers import EMAIL, PERSONNUMMER, PHONE, SAMORDNINGSNUMMER

NBSP = "\u00a0"
EN_DASH = "\u2013"
EM_DASH = "\u2014"

# fmt: off
MASKED: list[tuple[str, str]] = [
    # Personal identity numbers: 10 and 12 digits, every separator people use.
    ("811218-9876", PERSONNUMMER),
    ("811218+9876", PERSONNUMMER),  # "+": a hundred years or older
    ("8112189876", PERSONNUMMER),
    ("19811218-9876", PERSONNUMMER),
    ("198112189876", PERSONNUMMER),
    ("811218 9876", PERSONNUMMER),
    ("811218 - 9876", PERSONNUMMER),
    (f"811218{EN_DASH}9876", PERSONNUMMER),
    (f"811218 {EN_DASH} 9876", PERSONNUMMER),
    (f"811218{EM_DASH}9876", PERSONNUMMER),
    (f"811218{NBSP}9876", PERSONNUMMER),
    ("81 12 18-9876", PERSONNUMMER),
    ("81-12-18-9876", PERSONNUMMER),
    ("1981-12-18-9876", PERSONNUMMER),
    ("1981 12 18-9876", PERSONNUMMER),
    ("1981-12-18 - 9876", PERSONNUMMER),
    ("19811218 9876", PERSONNUMMER),
    (f"19811218{EN_DASH}9876", PERSONNUMMER),
    ("121212-1212", PERSONNUMMER),
    ("640823-3234", PERSONNUMMER),
    ("000229-1235", PERSONNUMMER),  # 29 February of a leap year
    ("20000229-1235", PERSONNUMMER),
    # Coordination numbers: the day plus sixty.
    ("701063-2391", SAMORDNINGSNUMMER),
    ("7010632391", SAMORDNINGSNUMMER),
    ("19701063-2391", SAMORDNINGSNUMMER),
    ("701063 2391", SAMORDNINGSNUMMER),
    ("1970-10-63-2391", SAMORDNINGSNUMMER),
    ("780661-1237", SAMORDNINGSNUMMER),
    # Phone numbers, national.
    ("070-123 45 67", PHONE),
    ("070 123 45 67", PHONE),
    ("0701234567", PHONE),  # fails the Luhn check, so not a personnummer
    ("070-1234567", PHONE),
    ("070 - 123 45 67", PHONE),
    (f"070{EN_DASH}123 45 67", PHONE),
    (f"070{NBSP}123{NBSP}45{NBSP}67", PHONE),
    ("08-123 456 78", PHONE),
    ("08-12 34 56", PHONE),
    ("08-12-34-56", PHONE),
    ("031-12 34 56", PHONE),
    ("0980-123 45", PHONE),
    ("010-123 45 67", PHONE),
    ("0771-123 456", PHONE),
    # ... with the area code in brackets, dotted or slashed.
    ("(08) 123 45 67", PHONE),
    ("(070) 123 45 67", PHONE),
    ("(0980) 123 45", PHONE),
    ("070.123.45.67", PHONE),
    ("08.123.456.78", PHONE),
    ("070/123 45 67", PHONE),
    ("08/123 456 78", PHONE),
    ("08/12 34 56", PHONE),
    # ... international, with or without the plus.
    ("+46 70 123 45 67", PHONE),
    ("+46701234567", PHONE),
    ("+46 (0)70-123 45 67", PHONE),
    ("+46(0)8-123 456 78", PHONE),
    ("+46-70-123 45 67", PHONE),
    ("+46 8 123 456 78", PHONE),
    ("0046 70 123 45 67", PHONE),
    ("0046701234567", PHONE),
    ("46701234567", PHONE),
    ("46 70 123 45 67", PHONE),
    # E-mail addresses, plain and written to dodge harvesters.
    ("anna.svensson@exempel.se", EMAIL),
    ("ola@exempel.se", EMAIL),
    ("a@b.se", EMAIL),
    ("kalle0701234567@exempel.se", EMAIL),
    ("förnamn.efternamn@kommun.stockholm.se", EMAIL),
    ("ANNA@EXEMPEL.SE", EMAIL),
    ("anna+tips@example.com", EMAIL),
    ("anna @ example.se", EMAIL),
    ("anna@ example.se", EMAIL),
    ("anna(at)example.se", EMAIL),
    ("anna (at) example.se", EMAIL),
    ("anna[at]example.se", EMAIL),
    ("anna{at}example.org", EMAIL),
    ("anna(AT)example(dot)se", EMAIL),
    ("anna at example.se", EMAIL),
    ("anna at example dot se", EMAIL),
    ("anna snabel-a example.se", EMAIL),
    ("anna(snabel-a)example(punkt)se", EMAIL),
]

LEFT_ALONE: list[str] = [
    # Years, dates and times.
    "Samma sak hände 2024 och 2023.",
    "Gänget kom 2024-05-01 vid 19:30 och stannade till 04:00.",
    "Daterat 01-05-2024 enligt lappen.",
    "Lappen var daterad 01.05.2024.",
    "Lappen var daterad 01/05/2024.",
    "Den 1/5 2024 och den 20240501.",
    "Sedan 01.05.24 19.30 har porten stått öppen.",
    "Larmet gick 2024-05-01 07:30 och igen 2024-05-02 0815.",
    "Larmet gick 2024-05-01 1939.",  # date and time; 2405011939 passes the Luhn check
    # Date ranges.
    "Avstängt 2024-05-01–2024-05-07.",
    "Avstängt 2024-05-01-2024-05-07.",
    "Avstängt 2024-05-01 - 2024-05-07.",
    "Stängt 01.05–07.05 och 01/05-07/05.",
    "Stängt 01.05.24-07.05.24 för renovering.",
    "Stängt 01.05-07.05.24 för renovering.",
    # Opening hours and time ranges.
    "Trygghetsjouren arbetar 19.30-04 vardagar.",
    "Öppet kl. 08.30-16.00, lördag 10.00-14.00.",
    "Fältarna går 08.30 – 16.30 och 07.00-22.00 på helger.",
    "Vakten kom 19:30-04:00.",
    # Flats, doors, ports and counts.
    "Uppehåll i trapphus, 3 personer vid port 12.",
    "Lgh 1102, vecka 07, 61 procent, 12 000 kr.",
    "Lgh nr 0102 och lgh 1201 har klagat.",
    "Port 12B, trappa 3, dörr 1-1201.",
    "Port 1, 2, 3, 4, 5, 6, 7, 8, 9 och 10 saknar lampor.",
    "0 1 2 3 4 5 6 7 8 9",
    # Amounts.
    "Skadan uppskattas till 850 000 kr.",
    "Budget 12 000 000 kr, utfall 1 250 000 kronor.",
    "Kostnad 3 450,50 kr, moms 0 kr.",
    "Skadan blev 1 050 000 kr, budgeten 12 070 500 kr.",
    # Postcodes and addresses.
    "Adress: Fittjavägen 8, 145 68 Norsborg.",
    "Postnummer 145 60 och SE-145 60 Norsborg.",
    "Fittjavägen 46, 4 tr.",
    "Hus 46 12 34 56 är nummer i ordning.",
    # Report references, map cells and week numbers.
    "Se rapport 3f2c9a1e-0712-4345-8765-2a3b4c5d6e7f.",
    "Samma som 0a1b2c3d-4e5f-4a6b-8c7d-198112189876.",
    "Cell 891f1d48177ffff och 8c198112189876f.",
    "Vecka 2025-W07, v. 7, vecka 07-08, 2025W07 och V07–V09.",
    # Numbers that fail the check digit or the date.
    "Ärende 811218-9875 hos fastighetsjouren.",
    "Ärende 8112189875 hos fastighetsjouren.",
    "Ärende 811218 9875 och 1981-12-18-9875.",
    "Ärende 810230-1234 hos fastighetsjouren.",  # 30 February
    "Ärende 850229-1233 hos fastighetsjouren.",  # 1985 was no leap year
    "Ärende 811318-9875 hos fastighetsjouren.",  # month 13
    "Ärende 21811218-9876 hos fastighetsjouren.",  # century 21
    # Coordinates.
    "Position 59.2784, 17.8231.",
    "Position 59.27840,17.82310.",
    "N 59° 16.704' E 17° 49.386'",
    # Organisation numbers and other public numbers.
    "Fakturan från 556036-0793 och 16556036-0793.",
    "Bankgiro 5050-1055, Swish 123 456 78 90.",
    "Ring 112 eller 114 14, eller 1177.",
    "Reg.nr ABC 123 stod på gården.",
    # Web addresses and at-signs that are no e-mail.
    "Läs mer på www.botkyrka.se/trygghet.",
    "Träffas @ torget kl 19.",
    "Vi ses at home.Then igen.",
]

IN_CONTEXT: list[tuple[str, str]] = [
    ("Ring 070-123 45 67 08-123 456 78 efter 17.",
     "Ring [telefonnummer] [telefonnummer] efter 17."),
    ("Pnr 811218-9876 070-123 45 67.", "Pnr [personnummer] [telefonnummer]."),
    ("Tel 08-12 34 56 81 12 18-9876", "Tel [telefonnummer] [personnummer]"),
    ("070-123 45 67,08-123 456 78/0771-123 456",
     "[telefonnummer],[telefonnummer]/[telefonnummer]"),
    ("Mejla anna@exempel.se 070-123 45 67", "Mejla [e-postadress] [telefonnummer]"),
    ("Ring 070-123 45 67 3 personer", "Ring [telefonnummer] 3 personer"),
    ("Ring 070-123 45 67 om 1 050 000 kr", "Ring [telefonnummer] om 1 050 000 kr"),
    ("Lgh 1102 070-123 45 67, port 12 0701234567",
     "Lgh 1102 [telefonnummer], port 12 [telefonnummer]"),
    ("2024-05-01 070-123 45 67 ringde", "2024-05-01 [telefonnummer] ringde"),
    ("Skicka bilder till anna.svensson@exempel.se.", "Skicka bilder till [e-postadress]."),
    ("Tel:0701234567, pnr:811218-9876", "Tel:[telefonnummer], pnr:[personnummer]"),
    ("(070-123 45 67)", "([telefonnummer])"),
    ("Rapport 0a1b2c3d-4e5f-4a6b-8c7d-198112189876 från 811218-9876",
     "Rapport 0a1b2c3d-4e5f-4a6b-8c7d-198112189876 från [personnummer]"),
    ("Den 2024-05-01 ringde 070-123 45 67 kl 19.30-20.00",
     "Den 2024-05-01 ringde [telefonnummer] kl 19.30-20.00"),
]
# fmt: on
