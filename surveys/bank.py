"""The question bank: common safety questions in our own words, each with its scale and
which answers count as "safe"/"satisfied".

Like the category taxonomy, questions and scales are code, not data: their codes are
stored with every answer count and never change meaning. Plain Python, importable
without Django configured.
"""

from dataclasses import dataclass

from tryggve.i18n import pick


@dataclass(frozen=True)
class Answer:
    code: str
    label_sv: str
    label_en: str

    @property
    def label(self) -> str:
        return pick(self.label_sv, self.label_en)


@dataclass(frozen=True)
class Scale:
    code: str
    answers: tuple[Answer, ...]
    positive: frozenset[str]  # answers that count as safe / satisfied
    excluded: frozenset[str] = frozenset({"dont_know"})  # left out of the denominator

    def codes(self) -> list[str]:
        return [a.code for a in self.answers]


@dataclass(frozen=True)
class Question:
    code: str
    text_sv: str
    text_en: str
    scale: Scale
    short_sv: str
    short_en: str

    @property
    def text(self) -> str:
        return pick(self.text_sv, self.text_en)

    @property
    def short(self) -> str:
        return pick(self.short_sv, self.short_en)


DONT_KNOW = Answer("dont_know", "Vet inte", "Don't know")

SAFE = Scale("safe", (
    Answer("very_safe", "Mycket trygg", "Very safe"),
    Answer("fairly_safe", "Ganska trygg", "Fairly safe"),
    Answer("fairly_unsafe", "Ganska otrygg", "Fairly unsafe"),
    Answer("very_unsafe", "Mycket otrygg", "Very unsafe"),
    DONT_KNOW,
), positive=frozenset({"very_safe", "fairly_safe"}))

SATISFIED = Scale("satisfied", (
    Answer("very_satisfied", "Mycket nöjd", "Very satisfied"),
    Answer("fairly_satisfied", "Ganska nöjd", "Fairly satisfied"),
    Answer("fairly_dissatisfied", "Ganska missnöjd", "Fairly dissatisfied"),
    Answer("very_dissatisfied", "Mycket missnöjd", "Very dissatisfied"),
    DONT_KNOW,
), positive=frozenset({"very_satisfied", "fairly_satisfied"}))

WORRY = Scale("worry", (
    Answer("never", "Aldrig", "Never"),
    Answer("sometimes", "Någon gång", "Sometimes"),
    Answer("often", "Ofta", "Often"),
    Answer("very_often", "Mycket ofta", "Very often"),
    DONT_KNOW,
), positive=frozenset({"never", "sometimes"}))

AGREE = Scale("agree", (
    Answer("agree_fully", "Instämmer helt", "Agree fully"),
    Answer("agree_partly", "Instämmer delvis", "Agree partly"),
    Answer("disagree_partly", "Tar delvis avstånd", "Disagree partly"),
    Answer("disagree_fully", "Tar helt avstånd", "Disagree fully"),
    DONT_KNOW,
), positive=frozenset({"agree_fully", "agree_partly"}))

# Aggregates that come as "n and share" have no per-answer counts: they are stored under
# these two codes, which count as positive/negative for every question.
POSITIVE, NEGATIVE = "_positive", "_negative"

# The share feeling safe in the residential area is the index targets are set on.
MAIN = "safe_area"

_QUESTIONS = (
    Question(MAIN, "Hur trygg känner du dig i ditt bostadsområde?",
             "How safe do you feel in your residential area?", SAFE,
             "Trygg i bostadsområdet", "Safe in the area"),
    Question("safe_evening", "Hur trygg känner du dig om du går ut ensam sent en kväll "
             "i ditt bostadsområde?", "How safe do you feel going out alone late in the "
             "evening in your area?", SAFE, "Trygg ute på kvällen", "Safe out in the evening"),
    Question("safe_stairwell", "Hur trygg känner du dig i trapphus och entré?",
             "How safe do you feel in the stairwell and entrance?", SAFE,
             "Trygg i trapphuset", "Safe in the stairwell"),
    Question("safe_home", "Hur trygg känner du dig i din bostad?",
             "How safe do you feel in your home?", SAFE, "Trygg i bostaden", "Safe at home"),
    Question("worry_crime", "Hur ofta oroar du dig för att utsättas för brott i "
             "bostadsområdet?", "How often do you worry about being a victim of crime in "
             "your area?", WORRY, "Sällan orolig för brott", "Seldom worried about crime"),
    Question("lighting", "Hur nöjd är du med belysningen utomhus i ditt bostadsområde?",
             "How satisfied are you with the outdoor lighting in your area?", SATISFIED,
             "Nöjd med belysningen", "Satisfied with lighting"),
    Question("know_neighbours", "Jag känner mina grannar och vi hjälper varandra.",
             "I know my neighbours and we help each other.", AGREE,
             "Känner grannarna", "Knows the neighbours"),
    Question("clean_tidy", "Hur nöjd är du med städning och skötsel av utemiljön?",
             "How satisfied are you with cleaning and upkeep outdoors?", SATISFIED,
             "Nöjd med skötseln", "Satisfied with upkeep"),
    Question("landlord_acts", "Min hyresvärd tar tag i problem som gör att jag känner "
             "mig otrygg.", "My landlord deals with problems that make me feel unsafe.",
             AGREE, "Värden tar tag i otrygghet", "Landlord acts on unsafety"),
)

QUESTIONS: dict[str, Question] = {q.code: q for q in _QUESTIONS}


def get(code: str) -> Question | None:
    return QUESTIONS.get(code)


def is_positive(question: Question, answer: str) -> bool | None:
    """True/False for answers that count, None for those left out (don't know)."""
    if answer == POSITIVE:
        return True
    if answer == NEGATIVE:
        return False
    if answer in question.scale.excluded:
        return None
    return answer in question.scale.positive
