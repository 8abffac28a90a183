"""The default safe-house checklist ("Tryggt hus"), written in our own words.

About a hundred points in fourteen sections, "from the car park to the apartment". A point
marked mandatory must pass for the property to be certified (see inspections/services.py).
The text is data stored in the database, not an interface string, so it is not marked for
translation. Changing the list means a new VERSION: finished inspections keep pointing at the
version they were made against.

Each section: (title, measure kind for "create measure", [(text, mandatory, guidance), ...]).
"""

NAME = "Tryggt hus"
VERSION = 1
VALID_YEARS = 5

M = True   # mandatory
S = False  # supplementary

SECTIONS = [
    ("Entréer och dörrar", "locks", [
        ("Entrédörren stänger och går i lås av sig själv.", M,
         "Släpp dörren från helt öppet läge och kontrollera att den låser."),
        ("Entrén är upplyst så att ansikten syns på några meters håll.", M,
         "Belysningen ska tändas automatiskt när det blir mörkt."),
        ("Dörrpartiet har glas eller sidoljus så att man ser in och ut före man går igenom.", S,
         ""),
        ("Inga buskar, skärmar eller förråd skymmer entrén.", M, ""),
        ("Husnummer och adress syns tydligt från gatan, även i mörker.", S,
         "Viktigt för räddningstjänst och ambulans."),
        ("Porttelefon eller motsvarande fungerar.", S, "Ring ett testsamtal."),
        ("Brevinkast och postboxar är hela och går inte att bända upp.", S, ""),
        ("Entrén saknar skadegörelse och klotter.", S, ""),
    ]),
    ("Lås och passagesystem", "locks", [
        ("Trapphuset har elektroniskt passagesystem eller motsvarande låsning.", M, ""),
        ("Borttappade taggar och nycklar kan spärras samma dag.", M,
         "Fråga förvaltningen hur det går till."),
        ("Källar-, vinds- och teknikdörrar är låsta och har dörrstängare.", M, ""),
        ("Låsen saknar synliga skador eller spår av bändning.", S, ""),
        ("Passagesystemet loggar vilka taggar som använts.", S, ""),
        ("Lägenhetsdörrarna är säkerhetsdörrar eller har minst ett godkänt lås.", S, ""),
        ("Det finns rutin för kontroll av olovlig andrahandsuthyrning.", S, ""),
    ]),
    ("Belysning inne och ute", "lighting", [
        ("Trapphuset är jämnt upplyst, utan mörka hörn.", M, ""),
        ("Trasiga armaturer byts inom en vecka.", M, "Kontrollera felanmälningar."),
        ("Belysningen tänds av närvarogivare där man rör sig.", S, ""),
        ("Korridorer i källare och förråd är upplysta hela vägen.", M, ""),
        ("Armaturerna är skyddade mot skadegörelse.", S, ""),
        ("Gångvägar från gata och parkering till entrén är upplysta.", M, ""),
        ("Gården och lekplatsen har belysning som inte bländar.", S, ""),
        ("Belysning vid cykelställ, miljöhus och förråd.", S, ""),
        ("Ljuset är jämnt, utan mörka stråk mellan stolparna.", M, ""),
        ("Trasig utebelysning rapporteras och lagas snabbt.", M, ""),
    ]),
    ("Trapphus", "renovation", [
        ("Trapphuset är fritt från föremål, barnvagnar och skräp.", M,
         "Utrymningsvägen ska vara fri."),
        ("Det finns uppdaterad namntavla med lägenhetsnummer.", S, ""),
        ("Det går att se in i trapphuset från entrén.", S, ""),
        ("Inga tecken på att någon sover eller uppehåller sig i trapphuset.", S, ""),
        ("Väggar, golv och fönster är hela och rena.", S, ""),
        ("Hissen fungerar och är upplyst.", S, ""),
        ("Fönster i trapphuset går inte att öppna utifrån.", S, ""),
    ]),
    ("Källare och förråd", "locks", [
        ("Förrådsväggarna går inte att klättra över eller bända isär.", M,
         "Nät eller plåt hela vägen upp eller med tak."),
        ("Varje förråd kan låsas med ett ordentligt hänglås eller cylinderlås.", M, ""),
        ("Källardörren är låst och nås bara med tagg eller nyckel.", M, ""),
        ("Källarfönster är skyddade mot inbrott.", S, ""),
        ("Inga övergivna saker eller brännbart skräp i gångarna.", S, ""),
        ("Vinden är låst och fri från skräp.", S, ""),
        ("Det finns rutin för att tömma övergivna förråd.", S, ""),
    ]),
    ("Garage och parkering", "lighting", [
        ("Garaget är upplyst hela vägen, även i hörn och vid pelare.", M, ""),
        ("Garageporten stänger efter varje fordon.", M, ""),
        ("Gångdörrar till garaget är låsta och har dörrstängare.", S, ""),
        ("Parkeringen ute är upplyst och överblickbar.", S, ""),
        ("Övergivna fordon tas bort.", S, ""),
        ("Skyltar visar vem man kontaktar vid fel.", S, ""),
        ("Väg från parkeringen till huset är kort och upplyst.", S, ""),
    ]),
    ("Cykel- och miljörum", "locks", [
        ("Cykelrum är låsta och nås bara av de boende.", M, ""),
        ("Det finns ställ att låsa fast ramen i.", S, ""),
        ("Övergivna cyklar märks och tas bort varje år.", S, ""),
        ("Miljörum och soprum är låsta eller övervakade.", S, ""),
        ("Sopkärl står inte mot fasaden där de kan tändas på.", M,
         "Brand i sopkärl sprids lätt till fasad och fönster."),
        ("Miljörummet töms ofta nog så att inget ställs utanför.", S, ""),
        ("Grovsopor hämtas regelbundet.", S, ""),
    ]),
    ("Tvättstuga", "locks", [
        ("Tvättstugan nås bara med tagg eller nyckel.", M, ""),
        ("Tvättstugan är ljus och har fönster eller glas i dörren.", S, ""),
        ("Bokningssystemet fungerar och visar inga namn.", S, ""),
        ("Det finns ett sätt att larma eller ringa om något händer.", S, ""),
        ("Tvättstugan är städad och hel.", S, ""),
        ("Vägen till tvättstugan är upplyst.", S, ""),
    ]),
    ("Gård och vegetation", "pruning", [
        ("Buskar är nedklippta så att man ser över dem, under cirka en meter.", M, ""),
        ("Träd är uppstammade så att man ser under kronan.", S, ""),
        ("Inga gömställen nära entréer, gångvägar och fönster.", M, ""),
        ("Gångvägarna är tydliga och leder dit man vill.", S, ""),
        ("Bänkar och sittplatser står där många rör sig.", S, ""),
        ("Staket och häckar visar var gården börjar.", S, ""),
        ("Gården ser omhändertagen ut, utan skräp.", S, ""),
        ("Genvägar genom gården som upplevs otrygga är åtgärdade.", S, ""),
    ]),
    ("Lekplatser", "renovation", [
        ("Lekplatsen syns från fönster och gångvägar.", M, ""),
        ("Lekredskap är hela och besiktade.", M, ""),
        ("Inga sprutor, glas eller farligt skräp i sand och buskar.", M,
         "Kontrollera sandlådan och runt bänkarna."),
        ("Lekplatsen har belysning kvällstid.", S, ""),
        ("Det finns sittplatser för vuxna nära lekredskapen.", S, ""),
        ("Lekplatsen är skild från biltrafik.", S, ""),
    ]),
    ("Skyltning och information", "information", [
        ("Det finns information om vem man kontaktar vid fel och störningar.", M, ""),
        ("Jourens telefonnummer syns i varje trapphus.", M, ""),
        ("Informationen finns på flera språk där det behövs.", S, ""),
        ("Orienteringstavla eller skyltar visar hus och entréer.", S, ""),
        ("Gammal information tas bort från anslagstavlorna.", S, ""),
        ("Boende får veta vad som gjorts efter trygghetsvandringar och besiktningar.", S, ""),
        ("Det syns om huset är trygghetscertifierat och vad det innebär.", S, ""),
    ]),
    ("Brandskydd", "renovation", [
        ("Varje lägenhet har en fungerande brandvarnare.", M, "Stickprov eller egenkontroll."),
        ("Utrymningsvägar är skyltade, fria och upplysta.", M, ""),
        ("Branddörrar stänger av sig själva och står inte uppställda.", M, ""),
        ("Brandfarligt material förvaras inte i trapphus, källare eller på vind.", M, ""),
        ("Brandsläckare eller brandfilt finns där det behövs och är kontrollerad.", S, ""),
        ("Det systematiska brandskyddsarbetet är dokumenterat.", S, ""),
        ("Räddningstjänsten kommer fram till entréerna.", S, ""),
    ]),
    ("Skötsel och städning", "renovation", [
        ("Klotter tas bort inom ett dygn, kränkande klotter direkt.", M, ""),
        ("Skadegörelse åtgärdas inom en vecka.", S, ""),
        ("Trapphus och entréer städas enligt schema.", S, ""),
        ("Nedskräpning på gården plockas varje vecka.", S, ""),
        ("Felanmälan är enkel och boende får återkoppling.", S, ""),
        ("Förvaltningen går egna ronder och noterar brister.", S, ""),
        ("Snö och is röjs från gångvägar och entréer.", S, ""),
    ]),
    ("Det sociala", "staff_presence", [
        ("Fastighetsvärd eller annan personal syns i området varje vecka.", M, ""),
        ("Boende vet hur de når personalen och jouren.", S, ""),
        ("Det finns rutin för att ta emot och följa upp störningsärenden.", M, ""),
        ("Trygghetsvandring har gjorts med boende de senaste två åren.", S, ""),
        ("Bevakning eller trygghetsjour ronderar vid behov, även kvällar.", S, ""),
        ("Det finns en aktiv hyresgästförening eller kontaktpersoner i huset.", S, ""),
        ("Aktiviteter för barn och unga finns i närheten.", S, ""),
        ("Förvaltningen samverkar med polis och kommun om området.", S, ""),
    ]),
]
