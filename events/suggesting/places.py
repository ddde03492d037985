"""Places the event suggester knows: towns, capitals and provinces, with their country.

A small gazetteer for the region the newsroom covers and the capitals where
its diplomacy happens. A name that is not here is left for the editor: a
capitalised word is not enough to call something a place.
"""

from __future__ import annotations

import re

from sources.folding import fold

DRC = "Democratic Republic of the Congo"

PLACES: dict[str, str] = {
    # Democratic Republic of the Congo
    "Goma": DRC, "Bukavu": DRC, "Uvira": DRC, "Bunia": DRC, "Beni": DRC,
    "Butembo": DRC, "Kinshasa": DRC, "Lubumbashi": DRC, "Kisangani": DRC,
    "Sake": DRC, "Rutshuru": DRC, "Masisi": DRC, "Walikale": DRC, "Minova": DRC,
    "Kalehe": DRC, "Kavumu": DRC, "North Kivu": DRC, "South Kivu": DRC,
    "Nord-Kivu": DRC, "Sud-Kivu": DRC, "Ituri": DRC, "Kolwezi": DRC,
    # Rwanda
    "Kigali": "Rwanda", "Gisenyi": "Rwanda", "Rubavu": "Rwanda",
    "Musanze": "Rwanda", "Huye": "Rwanda", "Rusizi": "Rwanda", "Cyangugu": "Rwanda",
    # The region and its capitals
    "Bujumbura": "Burundi", "Gitega": "Burundi", "Kampala": "Uganda",
    "Entebbe": "Uganda", "Nairobi": "Kenya", "Mombasa": "Kenya",
    "Dar es Salaam": "Tanzania", "Dodoma": "Tanzania", "Arusha": "Tanzania",
    "Luanda": "Angola", "Harare": "Zimbabwe", "Lusaka": "Zambia",
    "Pretoria": "South Africa", "Johannesburg": "South Africa",
    "Addis Ababa": "Ethiopia", "Brazzaville": "Republic of the Congo",
    "Juba": "South Sudan", "Windhoek": "Namibia", "Lilongwe": "Malawi",
    # Where diplomacy happens
    "Brussels": "Belgium", "Bruxelles": "Belgium", "Paris": "France",
    "London": "United Kingdom", "Londres": "United Kingdom",
    "Washington": "United States", "New York": "United States",
    "Geneva": "Switzerland", "Genève": "Switzerland", "Doha": "Qatar",
    "Berlin": "Germany", "Beijing": "China", "Pékin": "China",
    "Moscow": "Russia", "Moscou": "Russia", "The Hague": "Netherlands",
    "La Haye": "Netherlands", "Ottawa": "Canada", "New Delhi": "India",
}  # fmt: skip

_BY_FOLDED = {fold(name): (name, country) for name, country in PLACES.items()}
_PLACE = re.compile(
    r"(?<![\w\-])(?:"
    + "|".join(re.escape(n) for n in sorted(PLACES, key=len, reverse=True))
    + r")(?![\w\-])"
)


def find_place(text: str, start: int, end: int) -> tuple[int, str, str] | None:
    """The first known place named in ``text[start:end]``: offset, name, country."""
    match = _PLACE.search(text, start, end)
    if match is None:
        return None
    name, country = _BY_FOLDED[fold(match[0])]
    return match.start(), name, country
