"""The actions an event sentence reports, and the verbs that say them.

English, French and Dutch verb phrases ("severed", « a suspendu », "riep …
op", "heeft … verbroken"), each with the kind of event it reports. The
rules that find them in a sentence are in ``events.suggesting.happenings``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DIPLOMATIC, SANCTION, RESOLUTION = "diplomatic", "sanction", "resolution"
MILITARY, CALL, MEETING = "military", "call", "meeting"
DEPLOYMENT, AGREEMENT, HUMANITARIAN, OTHER = (
    "deployment",
    "agreement",
    "humanitarian",
    "other",
)

_ADV_EN = (
    r"(?:(?:also|since|now|already|reportedly|jointly|formally|officially|finally|"
    r"even|first|strongly|immediately|then|later|subsequently|swiftly|quickly|"
    r"effectively|unilaterally|abruptly|briefly|separately|again)\s+)*"
)
AUX_EN = rf"(?:(?P<aux>has|have|had)\s+{_ADV_EN})?{_ADV_EN}"
_ADV_FR = (
    r"(?:(?:également|aussi|déjà|finalement|officiellement|notamment|"
    r"brusquement|unilatéralement|de nouveau)\s+)*"
)
# Not « aurait attaqué »: the conditional reports what is not established.
_AUX_FR = rf"(?P<aux>a|ont|avait|avaient)\s+{_ADV_FR}"
_REFLEXIVE_FR = rf"(?P<aux>s['’]est|se sont|s['’]était|s['’]étaient)\s+{_ADV_FR}"
_RELATIONS = (
    r"(?:(?:its|their|all|the|diplomatic|bilateral|formal)\s+){0,3}(?:relations|ties)"
)


@dataclass(frozen=True)
class Action:
    """A verb phrase that reports an event, and the kind of event it is."""

    pattern: re.Pattern[str]
    kind: str
    # The verb alone: a sentence without it is not searched for the action.
    verb: re.Pattern[str]
    language: str = "en"


def _en(verb: str, kind: str, then: str = "") -> Action:
    follow = rf"(?=\s+{then})" if then else ""
    return Action(
        re.compile(rf"(?<![\w\-]){AUX_EN}(?P<verb>{verb})\b(?!\s+by\b){follow}"),
        kind,
        re.compile(f"(?:{verb})"),
    )


def _fr(verb: str, kind: str, then: str = "", *, reflexive: bool = False) -> Action:
    follow = rf"(?=\s+(?:\w+\s+){{0,2}}?{then})" if then else ""
    aux = _REFLEXIVE_FR if reflexive else _AUX_FR
    return Action(
        re.compile(rf"\b{aux}(?P<verb>{verb})\b{follow}", re.I),
        kind,
        re.compile(f"(?:{verb})", re.I),
        "fr",
    )


def _nl(verb: str, kind: str, then: str = "") -> Action:
    """A Dutch simple past ("verbrak", "riep … op") and the separable part after it."""
    follow = rf"(?=[^,.;:\"„“”]{{0,80}}\s{then}\b)" if then else ""
    return Action(
        re.compile(rf"\b(?P<verb>{verb})\b{follow}", re.I),
        kind,
        re.compile(f"(?:{verb})", re.I),
        "nl",
    )


def _nl_perfect(participle: str, kind: str) -> Action:
    """ "heeft … verbroken": the auxiliary, what stands between, the participle."""
    return Action(
        re.compile(
            r"\b(?P<aux>heeft|hebben|had|hadden)\s+"
            r"(?P<middle>(?:[^\s,.;:\"„“”]{1,40}\s+){0,10}?)"
            rf"(?P<verb>{participle})\b",
            re.I,
        ),
        kind,
        re.compile(f"(?:{participle})", re.I),
        "nl",
    )


# Longer, more specific phrases first: "opened fire" before "opened".
ACTIONS: list[Action] = [
    _en("severed", DIPLOMATIC),
    _en("cut off|cut", DIPLOMATIC, _RELATIONS),
    _en("broke off|broken off", DIPLOMATIC),
    _en("restored|resumed|re-established|established", DIPLOMATIC,
        _RELATIONS),
    _en("announced|imposed|adopted|slapped|unveiled", SANCTION,
        r"(?:(?:new|fresh|targeted|further)\s+)?sanctions"),
    _en("sanctioned", SANCTION),
    _en(r"been placed on (?:a|the) (?:[\w\-]+\s+){0,2}?(?:blacklist|sanctions list)|"
        r"been blacklisted", SANCTION),
    _en("restricted|froze|cut|suspended|halted", SANCTION,
        r"(?:(?:its|their|all)\s+)?(?:(?:military|budget|financial|security)\s+)?"
        r"(?:aid|assistance|support|arms sales)"),
    _en("adopted|passed|approved|voted", RESOLUTION,
        r"(?:(?:a|the|an)\s+)?(?:[\w\-]+\s+){0,2}resolution"),
    _en("opened fire", MILITARY),
    _en("captured|seized|overran|overrun|taken control of|took control of|"
        r"took over|taken over|invaded|attacked|shelled|bombed|stormed|"
        r"launched (?:an?|the|fresh|new) (?:\w+ )?(?:offensive|attack|assault)|"
        r"came within|advanced on|killed", MILITARY),
    _en("summoned", DIPLOMATIC),
    _en("expelled", DIPLOMATIC),
    _en("recalled", DIPLOMATIC,
        r"(?:(?:its|their|the)\s+)?(?:ambassador|envoy|diplomats|chargé)"),
    _en("suspended", DIPLOMATIC),
    _en("withdrew|withdrawn|pulled out|pulled back", DEPLOYMENT),
    _en("ordered", DEPLOYMENT,
        r"(?:(?:a|the|an)\s+)?(?:[\w\-]+\s+){0,2}withdrawal"),
    _en("ordered", HUMANITARIAN,
        r"(?:(?:a|the|an)\s+)?(?:[\w\-]+\s+){0,2}(?:closure|evacuation)"),
    _en("deployed", DEPLOYMENT),
    _en("spoke|talked", CALL,
        r"(?:[\w\-]+\s+){0,6}?(?:by|over the|on the) (?:tele)?phone"),
    _en("held|convened|hosted", MEETING,
        r"(?:(?:a|an|the|separate|two|three)\s+)?(?:[\w\-]+\s+){0,3}?"
        r"(?:meeting|talks|summit|discussions|consultations|conference|negotiations)"),
    _en("met", MEETING, r"(?:with\s+)?[A-Z]"),
    _en("visited", DIPLOMATIC),
    _en("called for|called on|urged|demanded", DIPLOMATIC),
    _en("agreed", AGREEMENT, r"(?:to|on)\b"),
    _en("signed", AGREEMENT),
    _en("reached", AGREEMENT,
        r"(?:(?:an?|the)\s+)?(?:[\w\-]+\s+){0,2}(?:agreement|deal|accord|ceasefire)"),
    _en("reopened|opened", OTHER),
    _en("closed|shut", OTHER,
        r"(?:(?:its|their|the|all)\s+)?(?:[\w\-]+\s+){0,2}(?:border|airport|embassy|"
        r"crossing|schools|office)"),
    _en("fled", HUMANITARIAN),
    _en("protested|demonstrated|marched", OTHER),
    _en("arrested|detained", OTHER),
    # French.
    _fr("rompu", DIPLOMATIC),
    _fr("suspendu", DIPLOMATIC),
    _fr("adopté", RESOLUTION, r"résolution"),
    _fr(r"emparée?s?(?:\s+(?:hier|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
        r"dimanche|aussi|également|finalement))?\s+d(?:e\b|['’])", MILITARY,
        reflexive=True),
    _fr("pris le contrôle de|pris le contrôle d['’]", MILITARY),
    _fr("attaqué|bombardé", MILITARY),
    _fr("convoqué", DIPLOMATIC),
    _fr("expulsé", DIPLOMATIC),
    _fr("imposé|annoncé", SANCTION, r"sanctions"),
    _fr("annoncé", DEPLOYMENT,
        r"(?:la|le|l['’]|un|une)\s*(?:retrait|déploiement)"),
    _fr("annoncé", OTHER,
        r"(?:la|le|l['’]|un|une)\s*(?:réouverture|fermeture|suspension|"
        r"cessez-le-feu|reprise|levée|création)"),
    _fr("rappelé", DIPLOMATIC,
        r"(?:son|leur|ses|leurs)\s+(?:ambassadeur|ambassadrice|diplomates|envoyé)"),
    _fr("retirée?s?", DEPLOYMENT, reflexive=True),
    _fr("retiré", DEPLOYMENT),
    _fr("déployé", DEPLOYMENT),
    _fr("signé", AGREEMENT),
    _fr("appelé à|exhorté|exigé", DIPLOMATIC),
    _fr("rencontré|tenu une réunion|tenu des pourparlers", MEETING),
    _fr("manifesté", OTHER),
    _fr("fui", HUMANITARIAN),
    _fr("fermé|rouvert", OTHER),
    # Dutch: the simple past, its separable part after the object.
    _nl("verbrak|verbraken", DIPLOMATIC),
    _nl("schortte|schortten", DIPLOMATIC, "op"),
    _nl("ontbood|ontboden", DIPLOMATIC),
    _nl("veroordeelde|veroordeelden", DIPLOMATIC),
    _nl("riep|riepen", DIPLOMATIC, "op"),
    _nl("bezocht|bezochten", DIPLOMATIC),
    _nl("ontmoette|ontmoetten|sprak|spraken", MEETING, "met"),
    _nl("belde|belden|telefoneerde|telefoneerden", CALL),
    _nl("nam|namen", MILITARY, "in"),
    _nl("viel|vielen", MILITARY, "aan"),
    _nl("bezette|bezetten|bombardeerde|bombardeerden|beschoot|beschoten", MILITARY),
    _nl("trok|trokken", DEPLOYMENT, "terug"),
    _nl("sloot|sloten", AGREEMENT, r"(?:akkoord|overeenkomst|bestand)"),
    _nl("ondertekende|ondertekenden|tekende|tekenden", AGREEMENT),
    _nl("sloot|sloten", OTHER),
    _nl("opende|openden|heropende|heropenden", OTHER),
    _nl("vluchtte|vluchtten", HUMANITARIAN),
    _nl("evacueerde|evacueerden", HUMANITARIAN),
    _nl("arresteerde|arresteerden", OTHER),
    _nl("vocht|vochten", OTHER, "aan"),
    _nl("wees|wezen", OTHER, "af"),
    _nl_perfect("verbroken|opgeschort|ontboden|veroordeeld|opgeroepen|bezocht",
                DIPLOMATIC),
    _nl_perfect("ontmoet", MEETING),
    _nl_perfect("ingenomen|aangevallen|gebombardeerd|beschoten", MILITARY),
    _nl_perfect("teruggetrokken", DEPLOYMENT),
    _nl_perfect("ondertekend|getekend", AGREEMENT),
    _nl_perfect("gevlucht|geëvacueerd", HUMANITARIAN),
    _nl_perfect("gesloten|geopend|heropend|gearresteerd|aangevochten|afgewezen", OTHER),
]  # fmt: skip
