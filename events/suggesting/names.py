"""Find the people and organisations an article names.

Only names the text itself marks are proposed: a person with a title
("President Paul Kagame", "Ambassador Nicolas de Rivière"), a person with a
role in apposition ("Maxime Prevot, deputy prime minister, ..."), an
organisation whose name says what it is ("Rwanda Defence Forces", "Ministry
of Foreign Affairs") or that is introduced with its acronym ("Southern
African Development Community (SADC)"). A capitalised word alone is not
enough: places and months are capitalised too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.suggesting.spans import Taken
from sources.folding import fold

TITLES = (
    r"President|Vice[- ]President|Prime Minister|Foreign Minister|Defence Minister|"
    r"Defense Minister|Minister|Secretary of State|Secretary[- ]General|Secretary|"
    r"Ambassador|Envoy|Special Envoy|Spokesperson|Spokesman|Spokeswoman|Senator|"
    r"Governor|Mayor|King|Queen|Pope|Chancellor|Chairman|Chairperson|Chair|"
    r"Deputy Speaker|Speaker|"
    r"Commissioner|Director|General|Brigadier[- ]General|Lieutenant[- ]General|"
    r"Major[- ]General|Colonel|Lt\.? Col\.?|Gen\.|Col\.|Maj\.|Captain|Dr\.?|Mr\.?|"
    r"Mrs\.?|Ms\.?|Sir|Président|Présidente|Premier ministre|Ministre|Ambassadeur|"
    r"Ambassadrice|Général|Colonel|Mgr|M\.|Mme|porte-parole|spokesperson|spokesman|"
    r"spokeswoman|president|minister|ambassador|envoy|secretary|commander|chief|"
    r"ministre|président|présidente|ambassadeur|ambassadrice|envoyé|gouverneur|"
    r"gouverneure|"
    # Clergy, the judiciary, ranks, and the titles of Dutch and French papers.
    r"Archbishop|Bishop|Cardinal|Reverend|Rev\.|Pastor|Imam|Sheikh|Rabbi|Judge|"
    r"Professor|Prof\.|Lieutenant[- ]Colonel|Lt\.? Gen\.|Maj\.? Gen\.|"
    r"Brig\.? Gen\.|Sgt\.|Sergeant|Lieutenant|Commander|Admiral|Marshal|"
    r"Monseigneur|Archevêque|Évêque|Abbé|Juge|Professeur|Lieutenant-colonel|"
    r"Commandant|archbishop|bishop|évêque|archevêque|abbé|juge|professeur|"
    r"lieutenant-colonel|colonel|commandant|général|"
    r"Bisschop|Burgemeester|Premier|Staatssecretaris|Generaal|Kolonel|Dominee|"
    r"Mevrouw|Meneer|Dhr\.|Mevr\.|bisschop|burgemeester|premier|staatssecretaris|"
    r"woordvoerder|woordvoerster|generaal|kolonel|dominee|minister|president|"
    r"Me|Maître|Pr\.|Major|Capt\.|Mama|Maman|Papa|"
    r"Father|Fr\.|Sister|Brother|Père|Sœur|Soeur|Frère|Pater|Zuster|Broeder|"
    r"Docteur|docteur|Dokter|dokter|Lieutenant-général|lieutenant-général|"
    r"lieutenant|Luitenant|luitenant|Voorzitter|voorzitter|Directeur|directeur|"
    r"Schepen|schepen|Kamerlid|kamerlid|Koning|Koningin|Kardinaal|kardinaal|"
    r"Majoor|majoor|Kapitein|kapitein|Rechter|rechter|Consul|consul|"
    r"Commissaris|commissaris|Gedeputeerde|gedeputeerde|Gezant|gezant|Ambassadeur|"
    r"ambassadeur|Gouverneur|Senator|senator|Sénateur|sénateur|Député|député|"
    r"Commissaire|commissaire|Capitaine|capitaine|Maire|maire|Préfet|préfet"
)
# The words of a minister's portfolio, which a title carries before the name:
# "minister van Mijnen Louis Watum", "Minister of Foreign Affairs Ann Lee".
PORTFOLIO = {
    "foreign", "affairs", "buitenlandse", "binnenlandse", "zaken", "mijnen",
    "mines", "defence", "defense", "defensie", "finance", "financien", "health",
    "volksgezondheid", "justice", "justitie", "interior", "energy", "energie",
    "economie", "economy", "trade", "handel", "education", "onderwijs",
    "wetenschapsbeleid", "ontwikkelingssamenwerking", "cooperation",
    "development", "communication", "communications", "information",
    "agriculture", "landbouw", "environment", "milieu", "transport",
    "mobiliteit", "budget", "labour", "werk", "security", "veiligheid",
    "infrastructure", "asiel", "migratie", "migration", "state", "home",
}  # fmt: skip


def split_portfolio(title: str, name: str) -> tuple[str, str]:
    """Move a portfolio from the front of a name to its title."""
    words = name.split()
    moved = 0
    while len(words) - moved > 2 and fold(words[moved]) in PORTFOLIO:
        moved += 1
    if not moved:
        return title, name
    portfolio = " ".join(words[:moved])
    return f"{title} {portfolio}".strip(), " ".join(words[moved:])


ROLE_WORDS = {
    "president", "minister", "ministre", "ambassador", "ambassadeur", "ambassadrice",
    "spokesperson", "spokesman", "spokeswoman", "porte-parole", "secretary", "envoy",
    "envoyé", "commander", "general", "général", "chief", "head", "leader", "director",
    "directeur", "directrice", "chairman", "chairperson", "governor", "senator",
    "representative", "représentant", "représentante", "premier", "président",
    "présidente", "mayor", "maire", "chancellor", "king", "queen", "commissioner",
    "colonel", "officer", "prime", "gouverneur", "gouverneure", "bishop",
    "archbishop", "pastor", "priest", "imam", "judge", "professor", "évêque",
    "archevêque", "juge", "professeur", "lieutenant-colonel", "commandant",
    "captain", "lieutenant", "sergeant", "admiral", "coordinator", "coordinateur",
    "coordinatrice", "chef", "cheffe", "woordvoerder", "woordvoerster",
    "burgemeester", "staatssecretaris", "generaal", "kolonel", "bisschop",
    "voorzitter", "ceo", "founder", "fondateur", "gezant", "gezante", "schepen",
    "kamerlid", "koning", "koningin", "rechter", "advocaat", "consul",
    "commissaris", "gedeputeerde", "kardinaal", "majoor", "kapitein",
    "senateur", "sénateur", "député", "deputy", "ombudsman", "prefect", "préfet",
    "rector", "recteur", "rectrice", "dean", "doyen", "decaan",
}  # fmt: skip
ORG_WORDS = {
    "ministry", "council", "union", "forces", "force", "community", "department",
    "government", "nations", "army", "party", "bank", "agency", "commission",
    "office", "court", "committee", "parliament", "assembly", "organisation",
    "organization", "fund", "programme", "program", "mission", "coalition",
    "alliance", "front", "movement", "association", "embassy", "presidency",
    "ministère", "conseil", "gouvernement", "armée", "communauté",
    "nations unies", "union africaine", "mouvement", "parti", "ambassade",
    "présidence", "cour", "tribunal", "institute", "university",
    "times", "news", "press", "agence", "police", "ministerie", "regering",
    "kabinet", "leger", "partij", "raad", "commissie", "politie",
    "rechtbank", "unie", "organisatie", "diocese", "diocèse", "church", "église",
    "synod", "network", "foundation", "fondation", "senate", "sénat", "universiteit",
    "université", "hogeschool", "school", "hospital", "hôpital", "ziekenhuis",
    "comité",
}  # fmt: skip
_TITLE_WORDS = {
    "Secretary", "President", "Minister", "Ambassador", "Spokesperson", "Spokesman",
    "Envoy", "Président", "Ministre", "Ambassadeur", "General", "Général", "Chief",
}  # fmt: skip
STATE_WORDS = {"republic", "kingdom", "république", "royaume", "states", "emirates"}
_PARTICLES = r"(?:de|du|des|van|von|der|den|da|dos|bin|ben|al|la|le|d'|d’)"
# Every repetition in these patterns has a bound that no real name reaches
# (a word of 40 characters, 10 spaces, 15 words): the regex engine then reads
# a bounded stretch from each position, and a megabyte without a space is
# read in linear time. A longer word is not part of a name at all.
_WORD_TAIL = r"[\w’'\-]{0,40}(?![\w’'\-])"
_CAP = rf"(?:[A-ZÀ-Ý]\.|[A-ZÀ-Ý]{_WORD_TAIL})"
_SP = r"[ \t\u00a0]{1,10}"
# Particles come before a name's last word only: "Jan van den Berg",
# "Charles de Gaulle"; in "Jan Peeters van Caritas" the name ends before.
NAME = (
    rf"{_CAP}(?:{_SP}{_CAP}){{0,3}}"
    rf"(?:{_SP}{_PARTICLES}(?:{_SP}(?:de|der|den|la|le))?{_SP}{_CAP})?"
)
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "after", "before", "but", "and", "for", "as",
    "this", "that", "these", "those", "it", "he", "she", "they", "we", "i", "his",
    "her", "their", "its", "our", "le", "la", "les", "un", "une", "il", "elle",
    "ils", "elles", "nous", "je", "en", "au", "aux", "ce", "cette", "since", "while",
    "however", "meanwhile", "although", "today", "yesterday", "earlier", "last",
    "according", "selon", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday", "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december", "with",
    # Words that open a sentence before a name: "Pour Marie Dupont, …",
    # "Volgens Jan Peeters …", "Asked about it, …".
    "pour", "volgens", "d'apres", "d'après", "d’après", "aldus", "voor", "door",
    "toen", "maar", "ook", "dixit", "asked", "interrogé", "interrogée", "puis",
    "then", "when", "quand", "lorsque", "zoals", "like", "comme",
}  # fmt: skip

# A title opens a word: "xPresident" is not one.
_TITLED = re.compile(
    rf"(?<!\w)(?P<title>(?:(?:[A-Z][\w\-]{{1,40}}|[a-z]{{1,40}}){_SP})?(?:{TITLES})"
    rf"(?:{_SP}(?:{TITLES}))?){_SP}(?P<name>{NAME})"
)
_APPOSITIVE = re.compile(
    rf"(?P<name>{_CAP}(?:{_SP}(?:{_PARTICLES}{_SP})?{_CAP}){{1,3}}),{_SP}"
    r"(?P<title>(?:the |a |an |le |la |l'|l’)?[^,;.\"“”«»]{2,160}?),"
)
_ORG = re.compile(
    rf"(?<!\w)(?P<name>(?:U\.S\.|U\.N\.|[A-ZÀ-Ý]{_WORD_TAIL})"
    # Dutch joins a body's name with "van", "voor", "het": "Centrale Bank van
    # Congo", "Internationaal Comité van het Rode Kruis".
    rf"(?:{_SP}(?:(?:of|for|the|and|de|du|des|la|pour|et|d'|d’|van|voor|het){_SP})"
    rf"{{0,4}}"
    rf"(?:[A-ZÀ-Ý]{_WORD_TAIL}|\([A-Z]{{2,8}}\))){{0,15}})"
    rf"(?:{_SP}\((?P<acronym>[A-Z][A-Za-z0-9]{{1,9}})\))?"
)


_ROLE_RE = "|".join(sorted((re.escape(w) for w in ROLE_WORDS), key=len, reverse=True))
# "Congo's communications minister, Patrick Muyaya, said"; « Le ministre
# congolais de l'Éducation, Raïssa Malu, a affirmé ».
_TITLE_THEN_NAME = re.compile(
    # "Her spokesman, John Doe,", « Son porte-parole, … », "Haar woordvoerder, …".
    rf"(?P<title>\b(?:[Tt]he|[Ll]e|[Ll]a|[Ll]['’]|[Dd]e|[Hh]et|[A-ZÀ-Ý]\w{{1,40}}['’]s|"
    rf"[Hh]is|[Hh]er|[Tt]heir|[Ss]on|[Ss]a|[Ll]eur|[Zz]ijn|[Hh]aar|[Hh]un)"
    rf"\s{{0,10}}"
    rf"[^,.;\"“”«»\n]{{0,60}}?\b(?:{_ROLE_RE})\b[^,.;\"“”«»\n]{{0,60}}?),"
    rf"{_SP}(?P<name>{NAME}),"
)


_RANK = re.compile(rf"(?:{TITLES}){_SP}")


@dataclass(frozen=True)
class NameMention:
    """A person or organisation named in the text."""

    start: int
    end: int
    name: str
    kind: str  # person, organisation, state
    title: str = ""
    acronym: str = ""

    @property
    def folded(self) -> str:
        return fold(self.name)


# Compiled once: these run for each of the thousands of candidates of a
# long text.
_POSSESSIVE_END = re.compile(r"['’]s$")
_INNER_ACRONYM = re.compile(r"\s*\([A-Z][A-Za-z0-9]{1,9}\)\s*")
_ACRONYM_END = re.compile(r"\s*\(([A-Z][A-Za-z0-9]{1,9})\)$")
_JOINED_NAMES = re.compile(
    r"(\s+(?:and|et)\s+(?:the|la|le|l['’])\s+|(?<=\))\s+(?:and|et)\s+)"
)
_UNIES = re.compile(r"\s+unies\b")
_POSSESSOR = re.compile(r"(?<!People)['’]s\s+")


def _clean_name(name: str) -> str:
    name = _POSSESSIVE_END.sub("", name.strip(" ,.;:"))
    return name


def _first_word_ok(name: str) -> bool:
    first = name.split()[0].lower().strip(".,") if name.split() else ""
    return bool(first) and first not in _NOT_NAMES


# Words that make an organisation's name only with a proper word beside them:
# "High Commission" or "National Assembly" alone says not whose.
_GENERIC_WORDS = ORG_WORDS | {
    "high", "national", "supreme", "central", "federal", "general", "joint",
    "special", "permanent", "public", "international", "regional", "the", "of",
    "for", "and", "de", "du", "des", "la", "pour", "et", "d'", "d’", "haut",
    "haute", "nationale",
}  # fmt: skip
_FUNCTION_WORDS = {
    "the", "a", "an", "of", "for", "and", "on", "in", "to", "by", "with", "at",
    "de", "du", "des", "la", "le", "les", "et", "pour", "sur", "dans", "à", "au",
}  # fmt: skip


def headline_spans(text: str) -> list[tuple[int, int]]:
    """Lines written in headline case: "The United States Calls on Rwanda ...".

    In a headline every word is capitalised, so capitals do not mark names.
    """
    spans = []
    position = 0
    for line in text.splitlines(keepends=True):
        body = line.strip()
        if len(body) >= 160:
            position += len(line)
            continue
        words = re.findall(r"[^\W\d_][\w’'\-]*", body)
        content = [w for w in words if w.lower() not in _FUNCTION_WORDS]
        if (
            len(content) >= 4
            and not body.endswith((".", ":", "»", "”", '"', "|"))
            and all(w[0].isupper() for w in content)
            and _has_verb_like(content)
        ):
            spans.append((position, position + len(line)))
        position += len(line)
    return spans


def _has_verb_like(words: list[str]) -> bool:
    return any(
        re.fullmatch(r"[A-Z][a-z]+(?:s|ed)", w) and w.lower() not in ORG_WORDS
        for w in words[1:]
    )


def _has_proper_word(name: str) -> bool:
    """Whether a name has a word of its own beside the generic ones."""
    words = [w.lower().strip(".,()") for w in name.split()]
    return any(w and w not in _GENERIC_WORDS for w in words)


def _without_inner_acronyms(name: str) -> str:
    """ "United Nations (UN) Security Council" -> "United Nations Security Council"."""
    return " ".join(_INNER_ACRONYM.sub(" ", name).split())


def _org_parts(text: str):  # type: ignore[no-untyped-def]
    """Capitalised runs of ``text``, split where one name ends and another begins.

    "Rwanda and the Democratic Republic of Congo" is two names; so is
    "the Southern African Development Community (SADC) and the East African
    Community". Yields ((start, end), name, acronym).
    """
    for match in _ORG.finditer(text):
        start, end = match.span("name")
        pieces = _JOINED_NAMES.split(text[start:end])
        if len(pieces) == 1:
            name = _possessed(_clean_name(match["name"]))
            acronym = match["acronym"] or ""
            if rest := _UNIES.match(text[end : end + 10]):
                name, end = name + " unies", end + rest.end()
            yield (start, match.end() if acronym else end), name, acronym
            continue
        offset = start
        for index, piece in enumerate(pieces):
            if index % 2 == 0 and piece.strip():
                acronym = ""
                last = index == len(pieces) - 1
                if last and match["acronym"]:
                    acronym = match["acronym"]
                name = _possessed(_clean_name(piece))
                if tail := _ACRONYM_END.search(name):
                    name, acronym = name[: tail.start()], tail[1]
                piece_end = match.end() if last and acronym else offset + len(piece)
                yield (offset, piece_end), name, acronym
            offset += len(piece)


def _possessed(name: str) -> str:
    """The name after a possessive: "Rwanda's Ministry of ..." -> "Ministry of ..."."""
    parts = _POSSESSOR.split(name)
    return parts[-1]


def find_names(
    text: str, *, skip: list[tuple[int, int]] | None = None
) -> list[NameMention]:
    """People and organisations the text marks as such, in order of appearance."""
    headlines = headline_spans(text)
    found: list[NameMention] = []
    taken = Taken(len(text), [*(skip or []), *headlines])
    in_headline = Taken(len(text), headlines)

    def add(mention: NameMention) -> None:
        if taken.overlaps(mention.start, mention.end):
            return
        taken.add(mention.start, mention.end)
        found.append(mention)

    for match, name, acronym in _org_parts(text):
        if tail := _ACRONYM_END.search(name):
            name, acronym = name[: tail.start()], tail[1]
        while name.split() and (
            name.split()[0].lower() in _NOT_NAMES
            # "De Centrale Bank van Congo": the Dutch article, not the name.
            or (name.split()[0].lower() in {"de", "het"} and len(name.split()) > 2)
        ):
            name = name.split(" ", 1)[1] if " " in name else ""
        left, van, right = name.partition(" van ")
        if van and not {word.lower() for word in left.split()} & ORG_WORDS:
            # "Sarah Van Damme van de Universiteit Gent": a person, then the
            # body they work for; the body is the name.
            name = re.sub(r"^(?:de|het)\s+", "", right)
        parts = name.split()
        cut = next(
            (i for i, word in enumerate(parts) if i and word in _TITLE_WORDS), None
        )
        if cut is not None:
            name = " ".join(parts[:cut])
        words = {word.lower().strip(".,()") for word in name.split()}
        if not name or (not _first_word_ok(name) and not words & ORG_WORDS):
            continue
        if in_headline.overlaps(*match) or not _has_proper_word(name):
            continue
        found_at = text[match[0] : match[1] + 8].find(name)
        start = match[0] + max(found_at, 0)
        end = match[1] if acronym and cut is None else start + len(name)
        name = _without_inner_acronyms(name)
        if words & STATE_WORDS and len(name.split()) >= 2:
            add(NameMention(start, end, name, "state", acronym=acronym))
        elif (words & ORG_WORDS or acronym) and len(name.split()) >= 2:
            add(NameMention(start, end, name, "organisation", acronym=acronym))
    for match in _TITLED.finditer(text):
        name = _clean_name(match["name"])
        if not name or not _first_word_ok(name):
            continue
        if {word.lower() for word in name.split()} & (ORG_WORDS | STATE_WORDS):
            continue
        start = match.start("name")
        add(
            NameMention(
                start, start + len(name), name, "person", match["title"].strip()
            )
        )
    for match in _TITLE_THEN_NAME.finditer(text):
        name = _clean_name(match["name"])
        if not _first_word_ok(name) or {w.lower() for w in name.split()} & ORG_WORDS:
            continue
        start = match.start("name")
        title = match["title"].strip()
        # "the police commander, Major Albert Kisimba": the rank is a title.
        while (rank := _RANK.match(name)) and len(name.split()) > 2:
            title = f"{title}, {rank[0].strip()}"
            start += rank.end()
            name = name[rank.end() :]
        add(NameMention(start, start + len(name), name, "person", title))
    for match in _APPOSITIVE.finditer(text):
        title = match["title"]
        if not set(re.findall(r"[\w\-]+", title.lower())) & ROLE_WORDS:
            continue
        name = _clean_name(match["name"])
        start = match.start("name")
        # "Pour Marie Dupont, coordinatrice …": the word opening the
        # sentence is not part of the name.
        while len(name.split()) > 2 and name.split()[0].lower() in _NOT_NAMES:
            cut = len(name.split()[0])
            rest = len(name) - len(name[cut:].lstrip())
            name, start = name[rest:], start + rest
        words = {fold(w) for w in name.split()}
        if not _first_word_ok(name) or words & ORG_WORDS or words <= PORTFOLIO:
            continue
        add(NameMention(start, start + len(name), name, "person", title.strip()))
    found.sort(key=lambda mention: mention.start)
    return found
