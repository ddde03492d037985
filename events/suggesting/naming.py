"""How a text names the people and bodies it quotes.

The words of a person's name and those that lead it (titles, roles,
"twelve-year-old"), the gender a title tells, where a person works after
their name ("… van de Universiteit Antwerpen"), a title before a name
("Enabel-directeur voor Oeganda Karin Peeters"), and the unnamed sources ("a
resident", "a diplomat who asked not to be named") the editor names or
confirms.
"""

from __future__ import annotations

import re
from functools import lru_cache

from events.suggesting.nameindex import fold
from events.suggesting.names import _NOT_NAMES as _NOT_NAMES
from events.suggesting.names import (
    NAME,
    ORG_WORDS,
    PORTFOLIO,
    ROLE_WORDS,
    STATE_WORDS,
    TITLES,
)
from events.suggesting.speechwords import (
    FEMALE,
    INDEFINITE,
    MALE,
    UNNAMED,
    UNNAMED_TAIL,
)

TITLE_PREFIX = re.compile(rf"^(?:(?:[A-Z][\w\-]+\s+)?(?:{TITLES})\s+)+(?={NAME})")


CAPITAL_WORD = re.compile(r"(?<![\w\-'’])[A-ZÀ-Ý][\w'’\-]{0,40}\.?")
TITLE_WORDS = (
    {fold(word) for word in ROLE_WORDS}
    | {fold(word).rstrip(".") for word in re.findall(r"[^|\\?]+", TITLES)}
    | MALE
    | FEMALE
)


def sentence_initial(text: str, match: re.Match[str]) -> bool:
    before = text[: match.start()].rstrip(" \"“”«»„'‘’\u00a0")
    return not before or before[-1] in ".!?:\n"


@lru_cache(maxsize=4096)
def gender_of(title: str) -> str:
    """ "m" or "f" when a title says it ("Ms", « la ministre »), else ""."""
    listed = fold(title).replace("'", " ").replace("’", " ").split()
    words = set(listed)
    if listed and listed[0] != "la":
        # « le ministre de la Défense »: only the article opening the title
        # tells the gender, as in « la ministre ».
        words.discard("la")
    if words & FEMALE:
        return "f"
    if words & MALE:
        return "m"
    if len(listed) > 1 and listed[0] == "le" and listed[1] in ROLES_FOLDED:
        return "m"  # « le porte-parole », « le directeur »: la for a woman
    return ""


PERSON_LIKE = re.compile(
    r"(?<![\w\-'’])[A-ZÀ-Ý][\w'’\-]{1,40}"
    # A Flemish surname's capitalised particle belongs to the word after it:
    # "Anneleen Van Bossuyt", "Lotte De Smet", "Jan Van der Straeten".
    r"(?:[ \u00a0](?:(?:Van|De|Vanden|Vander)[ \u00a0](?:(?:de|der|den)[ \u00a0])?)?"
    r"[A-ZÀ-Ý][\w'’\-]{1,40}){0,2}"
    # "Jan van den Berg", "Charles de Gaulle": particles before the last
    # word only; "… van Caritas" after a full name is where they work.
    r"(?:[ \u00a0](?:de|van|der|den|da|du|le|la|von|ten|ter)"
    r"(?:[ \u00a0](?:de|der|den|la|le))?[ \u00a0][A-ZÀ-Ý][\w'’\-]{1,40})?"
    r"(?![\w\-])"
)
ORG_FOLDED = {fold(word) for word in ORG_WORDS}
FUNCTION_WORDS = {
    "on", "in", "at", "of", "to", "for", "with", "by", "from", "and", "or", "that",
    "its", "their", "his", "her", "sur", "dans", "avec", "pour", "par", "et", "ou",
    "op", "met", "voor", "door", "bij", "uit", "en", "naar",
}  # fmt: skip
ROLES_FOLDED = {fold(word) for word in ROLE_WORDS}
NOT_PERSON = (
    {fold(word) for word in ORG_WORDS | STATE_WORDS | PORTFOLIO}
    | {
        "lake", "river", "mount", "north", "south", "east", "west", "province",
        "city", "street", "avenue", "airport", "market", "hospital", "school",
        "university", "nord", "sud", "lac", "ville", "rue", "marche", "hopital",
        "ecole", "congo", "rwanda", "burundi", "uganda", "kenya", "tanzania",
        "belgium", "belgique", "belgie", "europe", "africa", "afrique", "january",
        "february", "march", "april", "may", "june", "july", "august", "september",
        "october", "november", "december", "monday", "tuesday", "wednesday",
        "thursday", "friday", "saturday", "sunday", "kivu", "the", "le", "la",
        "les", "de", "het", "een",
    }
)  # fmt: skip
# Places, months and the like: not the name of a group either.
NOT_A_BODY = NOT_PERSON - ORG_FOLDED


ROLE_MENTION = re.compile(
    r"\b(?:the|la|le|l['’]|de|het)\s*(?P<role>"
    + "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
    + r")\b",
    re.I,
)


# A Dutch compound whose last part is a role: "Oppositieleider",
# "UNICEF-woordvoerster", "Partijvoorzitter" are titles, not names.
_ROLE_COMPOUND = re.compile(
    r"\w(?:leider|voorzitter|woordvoerder|woordvoerster|minister|directeur|"
    r"burgemeester|president|secretaris|topman|topvrouw|voorman|kopstuk|chef|"
    r"ambassadeur|gouverneur|commissaris|generaal|kolonel|deskundige|"
    r"onderzoeker|onderzoekster|professor|leader|spokesman|spokeswoman|"
    r"spokesperson|meester|kundige|loog)$"
    # A Dutch or English trade opening the sentence before a name:
    # "Handelaar Didier Bokungu verkoopt vis", "Winkelierster Esther Boyoma".
    r"|^(?:handelaar|handelaarster|winkelier|winkelierster|verkoper|verkoopster|"
    r"visser|boer|boerin|chauffeur|taxichauffeur|technicus|verpleegster|"
    r"verpleger|arts|leraar|lerares|bewoner|bewoonster|ondernemer|ondernemster|"
    r"econoom|advocaat|advocate|journalist|journaliste|priester|dokter|"
    r"landbouwer|kleermaker|bakker|bakkerin|slager|mijnwerker|soldaat|"
    r"trader|farmer|fisherman|driver|teacher|nurse|midwife|tailor|baker|"
    r"miner|shopkeeper|vendor|economist|lawyer|activist|student)$"
)


_ACRONYM_WORD = re.compile(r"[A-Z]{2,6}")


def person_words(words: list[str]) -> list[str]:
    """The words of a name without what leads it: "Twelve-year-old Aline" -> "Aline"."""
    first = 0
    while first < len(words) and (
        fold(words[first]) in NOT_PERSON | TITLE_WORDS | _NOT_NAMES
        or words[first].lower().endswith(("-old", "-jarige"))
        # "SPF Affaires étrangères", "UNHCR Kenya": a body's acronym.
        or _ACRONYM_WORD.fullmatch(words[first]) is not None
        or _ROLE_COMPOUND.search(fold(words[first]))
    ):
        first += 1
    return words[first:]


_AFFILIATION = re.compile(
    r"\s(?:van|of|from|at|bij|uit|de|du|des|d['’])\s*"
    r"(?=(?:(?:de|het|the|la|le|les)\s+|l['’]\s*)?[A-ZÀ-Ý]"
    # "Paul Likoke van de elektriciteitsmaatschappij": an article, then a noun.
    r"|(?:de|het|the|la|le|les)\s+[a-zà-ÿ]{3}|l['’]\s*[a-zà-ÿ]{3})"
)
_ENDS_CAPITALISED = re.compile(r"\S\s+(?:\S+\s+)*?[A-ZÀ-Ý][\w'’\-]+$")


def without_affiliation(who: str) -> str:
    """ "professor Filip Reyntjens van de Universiteit Antwerpen" -> the person.

    Where a person works, after their full name: with an article ("van de
    Universiteit …", « de l'hôpital de Panzi ») or a name of two words ("van
    Caritas Vlaanderen"); not a particle of the name ("Nicolas de Rivière").
    """
    for match in _AFFILIATION.finditer(who):
        head, tail = who[: match.start()], who[match.end() :]
        last = head.split()[-1] if head.split() else ""
        if not _ENDS_CAPITALISED.search(head) or fold(last) in TITLE_WORDS:
            continue
        if set(fold(head).split()) & NOT_PERSON:
            return who  # a body's name: "Mission … of the Congo"
        if (
            re.match(r"(?:de|het|the|la|le|les)\s|l['’]", tail)
            or len(re.findall(r"(?<!\S)[A-ZÀ-Ý]", tail)) >= 2
            or set(fold(tail).split()) & ORG_FOLDED
        ):
            return head
    return who


@lru_cache(maxsize=256)
def role_then_name(role: str) -> re.Pattern[str]:
    """A role word followed closely by a full name: "la ministre des Finances, X Y"."""
    # The role in any case, the name in capitals: « le maire a précisé que »
    # names nobody.
    return re.compile(
        rf"\b(?i:{re.escape(role)}s?)\b[^.!?\"“”«»„\n]{{0,40}}?"
        r"(?P<name>[A-ZÀ-Ý][\w'’\-]{1,40}[ \t\u00a0]{1,10}[A-ZÀ-Ý][\w'’\-]{1,40})"
    )


DESCRIBED = re.compile(
    r"(?P<what>(?:[a-zà-ÿ][\w'’\-]{0,40}[ \t\u00a0]{1,10}){1,3})"
    r"(?P<name>[A-ZÀ-Ý][\w'’\-]{1,40}(?:[ \t\u00a0]{1,10}(?:(?:van|de|der|den|du|da)"
    r"[ \t\u00a0]{1,10})?[A-ZÀ-Ý][\w'’\-]{1,40}){1,2})"
)
_NAME_WORD = re.compile(r"[A-ZÀ-Ý][\w'’\-]{0,40}\.?")
GROUP_NAMED = re.compile(
    r"(?:[a-zà-ÿ\-]+\s+){0,2}(?:collectif|collective|association|ong|ngo|group|"
    r"groupe|plateforme|platform|coalition|réseau|network|syndicat|union|party|"
    r"parti|partij|vereniging|organisatie|organisation|organization|campaign|"
    r"campagne|movement|mouvement|beweging)\s+"
    r"(?P<name>[A-ZÀ-Ý][\w'’\-]*(?:\s+(?:pour|for|de|du|des|la|le|van|voor|of|"
    r"the|et|and|en)?\s*[A-ZÀ-Ý][\w'’\-]*){0,5})"
)
POSSESSIVE_DESCRIBED = re.compile(
    r"^(?:[Zz]ijn|[Hh]aar|[Hh]un|[Hh]is|[Hh]er|[Tt]heir|[Ss]on|[Ss]a|[Ll]eur)\s+"
    r"(?P<what>(?:[a-zà-ÿ][\w\-]{0,40}\s+){1,3})"
    rf"(?P<name>{NAME})$"
)
_PARTICLE = {"de", "van", "der", "den", "da", "du", "le", "la", "von", "d'", "ter"}
_PREPOSITIONS = {
    "of", "for", "to", "at", "in", "van", "voor", "bij", "de", "du", "des", "d'",
    "pour", "au", "aux", "à",
}  # fmt: skip


def titled_name(bare: str) -> tuple[str, str] | None:
    """ "Enabel-directeur voor Oeganda Karin Peeters" -> (title, "Karin Peeters").

    The name is the last two or three capitalised words (particles between),
    never the object of a preposition of the title, and the title before it
    has a role word.
    """
    words = bare.split()
    for size in (3, 2, 4, 1):
        if len(words) <= size:
            continue
        name, title = words[-size:], words[:-size]
        if not (_NAME_WORD.fullmatch(name[0]) and _NAME_WORD.fullmatch(name[-1])):
            continue
        if not all(_NAME_WORD.fullmatch(w) or w.lower() in _PARTICLE for w in name):
            continue
        if title[-1].lower() in _PREPOSITIONS or fold(name[0]) in TITLE_WORDS:
            continue
        roles = re.findall(r"[^\W\d_]+", " ".join(title).lower())
        # "Red Cross official Anne Dubois", "Goma resident Jean Bahati": a
        # description in lower case before the name says what the person is.
        described = title[-1][:1].islower() and fold(title[-1]) in UNNAMED
        if (
            described
            or any(word in ROLE_WORDS for word in roles)
            or any(_ROLE_COMPOUND.search(fold(word)) for word in title)
        ):
            return " ".join(title), " ".join(name)
    return None


ACRONYM_TAIL = re.compile(r"\s*\([A-Z][A-Za-z0-9]{1,9}\)$")


# What the text says of a source it does not name.
ANONYMITY = re.compile(
    r"not to be (?:named|identified)|not authori[sz]ed to speak|on condition of "
    r"anonymity|declined to (?:be named|give (?:his|her|their) name)|requested "
    r"anonymity|under cover of anonymity|"
    r"sous (?:le )?couvert (?:de l['’]|d['’])?anonymat|"
    r"pas voulu (?:donner son nom|être nommée?|être identifiée?)|requis l['’]anonymat|"
    r"anoniem (?:wil|wilde) blijven|niet met naam|"
    r"(?:not|n't) want (?:his|her|their) name|garder l['’]anonymat|"
    r"naam niet (?:in de krant|genoemd|bekend)|niet bij naam|"
    r"naam niet (?:wil|wilde|wou) (?:geven|noemen|zeggen)|"
    r"ne pas être (?:nommée?|identifiée?|citée?)|"
    r"not to (?:use|print|publish|give) (?:his|her|their) (?:full )?name",
    re.I,
)


_ONE_OF = re.compile(
    r"^(one|l['’]une?|une?|een)\s+(?:of the|of|des|d['’]entre eux|van de)\s+", re.I
)


def unnamed_source(who: str, *, anonymity: bool = False) -> str:
    """ "a diplomat who asked not to be named" as it stands, when nobody is named.

    "the official" is a role named before, unless the text says the source is
    not named (``anonymity``).
    """
    said = " ".join(who.split())[:200]
    # "one of the diplomats", « l'un des habitants », "een van de bewoners".
    who = _ONE_OF.sub(r"\1 ", who.strip())
    core = UNNAMED_TAIL.sub("", who)
    words = fold(core).split()
    # With a word on anonymity, any common noun describes the source.
    described = anonymity and bool(re.search(r"(?<!\S)[a-zà-ÿ][\w\-]+\s*$", core))
    if (
        len(words) == 3
        and re.match(r"(?:une?|des|plusieurs)\s", core.strip(), re.I)
        and words[1] in UNNAMED
        and words[2][:1].isalpha()
        and core.split()[-1][:1].islower()
    ):
        # « une source hospitalière », « un diplomate occidental »: the
        # adjective after the noun.
        words = words[:2]
    if not words or (words[-1] not in UNNAMED and not described):
        return ""
    plural = words[-1].endswith(("s", "x", "en")) and words[-1] not in {
        "source",
        "bron",
        "temoin",
        "villageois",
        "ambtenaar",
        "analist",
        "arts",
    }
    if not (plural or anonymity or INDEFINITE.match(core)):
        return ""  # "the spokesman": a role named before
    return said


ONE_OF_THEM = re.compile(
    r"^(?:l['’]une?|one|een|un|une)\s+(?:d['’]eux|d['’]elles|d['’]entre eux|"
    r"d['’]entre elles|of them|van hen)$",
    re.I,
)
# "a diplomat", "a local official", « un diplomate occidental ».
INTRODUCED = re.compile(
    r"\b(?:an?|one|een|une?)\s+([\w\-]+)(?:\s+([\w\-]+))?", re.IGNORECASE
)
APPOSED_NAME = re.compile(
    r"[^.;:\"“”«»„]{0,60}?,\s*[A-ZÀ-Ý][\w'’\-]+(?:\s+[A-ZÀ-Ý][\w'’\-]+)+\s*,"
)
OBJECT_FORMS = {
    "lui": "il", "him": "he", "her": "she", "hem": "hij", "haar": "zij", "eux": "ils",
    "them": "they",
}  # fmt: skip
DEFINITE = re.compile(r"^(?:the|de|het|le|la|l['’])\s*", re.I)
