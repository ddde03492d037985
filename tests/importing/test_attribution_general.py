"""Attribution rules stated as grammar, each on sentences written for it.

Short texts in English, French and Dutch: the speaker is found where the
text establishes it, and left empty (never guessed) where it does not.
"""

from __future__ import annotations

import datetime

import pytest

from events.suggesting.analysis import analyse


def names(text: str, language: str, published_on: datetime.date | None = None):  # type: ignore[no-untyped-def]
    found = analyse(text, published_on=published_on, language=language).quotes
    return [
        None
        if proposal.speaker is None
        else "anonymous"
        if proposal.speaker.anonymous
        else proposal.speaker.name
        for proposal in found
    ]


def test_a_flemish_surname_keeps_its_capitalised_particle():
    text = (
        "Oud-minister Anouk Van Laere opende het centrum. "
        "„Elke gemeente krijgt een loket voor wie geen computer heeft,” zei ze."
    )
    assert names(text, "nl") == ["Anouk Van Laere"]


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            "Zijn woordvoerder, Koen Maes, bevestigde het bezoek. „De minister "
            "reist volgende week naar Kigali en Goma,” aldus de woordvoerder.",
            "nl",
            "Koen Maes",
        ),
        (
            'Her spokesman, David Okello, confirmed the visit. "The minister will '
            'travel to Kigali and Goma next week," the spokesman said.',
            "en",
            "David Okello",
        ),
        (
            "Son porte-parole, Didier Kasongo, a confirmé la visite. « Le ministre "
            "se rendra à Kigali la semaine prochaine », a ajouté le porte-parole.",
            "fr",
            "Didier Kasongo",
        ),
    ],
)
def test_a_role_is_the_person_named_with_it_after_a_possessive(text, language, speaker):
    assert names(text, language) == [speaker]


def test_who_follows_aldus_ends_before_when_and_where():
    text = (
        "De schepen van Gent, Wim Claeys, reageerde scherp. „De stad heeft dit "
        "nooit gevraagd en zal het ook niet betalen,” aldus Claeys op woensdag "
        "in de gemeenteraad."
    )
    assert names(text, "nl") == ["Wim Claeys"]


def said_on(text: str, language: str, published_on: datetime.date):  # type: ignore[no-untyped-def]
    found = analyse(text, published_on=published_on, language=language).quotes
    return [
        None if proposal.said_on is None else proposal.said_on.date
        for proposal in found
    ]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "La directrice de l'hôpital, Chantal Mugisha, a reçu la presse hier "
            "dans son bureau. Elle a détaillé les besoins en médicaments.\n"
            "« Nous manquons d'antibiotiques depuis trois semaines », a-t-elle "
            "déclaré.",
            "fr",
        ),
        (
            "Havenmeester Johan Claes ontving gisteren de pers op de kade. Hij "
            "toonde de nieuwe kranen.\n"
            "„Dit is de grootste investering sinds twintig jaar,” zei hij.",
            "nl",
        ),
        (
            "The head of the port, Grace Akello, met reporters yesterday at the "
            "docks. She showed them the new cranes.\n"
            '"This is the largest investment in twenty years," she said.',
            "en",
        ),
    ],
)
def test_the_occasion_two_sentences_up_dates_the_quote(text, language):
    published = datetime.date(2025, 5, 22)
    assert said_on(text, language, published) == [datetime.date(2025, 5, 21)]


@pytest.mark.parametrize(
    ("text", "language", "speaker"),
    [
        (
            "La pêcheuse Annie Mapendo répare ses filets depuis l'aube. À la tombée "
            "de la nuit, Annie Mapendo remonte sa pirogue. « Le lac nous donne "
            "moins chaque année, mais il nous donne encore. »",
            "fr",
            "Annie Mapendo",
        ),
        (
            "Le maire de Baraka, Faustin Alimasi, a reçu une délégation. "
            "Questionné sur le budget, Faustin Alimasi a refusé de donner un "
            "chiffre. « Les comptes seront publiés à la fin du mois. »",
            "fr",
            "Faustin Alimasi",
        ),
        (
            "The district officer, Ruth Nalwanga, visited the camp. Asked about "
            'the delays, Ruth Nalwanga declined to give a date. "The trucks '
            'will come when the road is open again."',
            "en",
            "Ruth Nalwanga",
        ),
    ],
)
def test_the_subject_after_an_opening_circumstance_or_participle(
    text, language, speaker
):
    assert names(text, language) == [speaker]


def test_a_pronoun_before_a_colon_is_the_person_just_quoted():
    text = (
        "Le pêcheur Désiré Kambale montre sa barque.\n"
        "« Le moteur est cassé depuis avril. »\n"
        "Il regarde le lac, puis ajoute : « Sans moteur, pas de poisson. »"
    )
    assert names(text, "fr") == ["Désiré Kambale", "Désiré Kambale"]


def unmarked(text: str, language: str):  # type: ignore[no-untyped-def]
    found = analyse(
        text, published_on=datetime.date(2025, 6, 12), language=language
    ).quotes
    return [
        (
            proposal.speaker.name if proposal.speaker else None,
            proposal.said_on.date if proposal.said_on else None,
            proposal.channel,
        )
        for proposal in found
        if not proposal.quote.marks
    ]


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        (
            "The Tanzanian health ministry announced today that vaccination "
            "would begin in Kigoma next week.",
            "en",
            ("Tanzanian health ministry", datetime.date(2025, 6, 12)),
        ),
        (
            "Le SPF Mobilité a annoncé mardi que les trains vers Luxembourg "
            "circuleraient de nouveau.",
            "fr",
            ("SPF Mobilité", datetime.date(2025, 6, 10)),
        ),
        (
            "Het ministerie van Onderwijs maakte dinsdag bekend dat de scholen "
            "in september een extra leerkracht krijgen.",
            "nl",
            ("ministerie van Onderwijs", datetime.date(2025, 6, 10)),
        ),
        (
            "Brusafe, het Brusselse veiligheidsagentschap, opende een nieuw loket. "
            "Brusafe liet in een verklaring weten dat het loket elke dag open is.",
            "nl",
            ("Brusafe", None),
        ),
        (
            "La Banque mondiale, qui finance le projet, a indiqué dans un "
            "communiqué qu'elle enverrait des experts à Goma.",
            "fr",
            ("Banque mondiale", None),
        ),
    ],
)
def test_a_body_s_words_reported_without_marks_are_its_statement(
    text, language, expected
):
    assert unmarked(text, language) == [(*expected, "press_statement")]


def test_a_body_s_view_after_volgens_is_its_statement_with_no_channel():
    text = (
        "De Nationale Bank van België verhoogde gisteren de rente. Volgens de "
        "bank moet die stap de inflatie tegen het najaar afremmen."
    )
    assert unmarked(text, "nl") == [("Nationale Bank van België", None, "")]


def test_what_a_person_announced_is_not_a_body_s_statement():
    text = "Jean Dupont a annoncé mercredi que sa boulangerie fermerait en juillet."
    assert unmarked(text, "fr") == []


def quoted(text: str, language: str) -> list[str]:
    found = analyse(text, published_on=None, language=language).quotes
    return [proposal.quote.text for proposal in found if proposal.quote.marks]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            'A study released in May by the lake authority, "Fish Stocks Of The '
            'Northern Basin", counted fewer boats than in 2020.',
            "en",
        ),
        (
            "L'étude publiée par l'observatoire, « Les marchés du lac en temps "
            "de crise », décrit la hausse des prix.",
            "fr",
        ),
        (
            "Het verslag van de ngo, „Scholen zonder dak in het oosten”, telt "
            "vierhonderd gesloten klassen.",
            "nl",
        ),
        (
            "Le collectif a publié un rapport intitulé « Trois heures de route "
            "pour un sac de riz » sur les barrages routiers.",
            "fr",
        ),
    ],
)
def test_a_work_s_title_in_quotation_marks_is_not_a_quote(text, language):
    assert quoted(text, language) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            'The ministry said in its annual report, "We will not reopen the '
            'border before the elections", and gave no date.',
            "en",
        ),
        (
            'Her spokesman said the minister would bring "a shorter text, with '
            'fewer promises" to the talks.',
            "en",
        ),
    ],
)
def test_words_said_after_a_report_or_a_speech_verb_stay_a_quote(text, language):
    assert len(quoted(text, language)) == 1


def test_a_noun_phrase_run_into_the_sentence_is_not_a_quote():
    text = (
        "La ministre a salué « un pas dans la bonne direction » et le maire a "
        "qualifié la mesure de « une victoire pour les habitants »."
    )
    assert quoted(text, "fr") == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "The governor, Joseph Lusenge, told a news conference that the "
            "council would vote in January.\n"
            '"We will not wait for another flood," Lusenge said.',
            "en",
        ),
        (
            "Selon le porte-parole de la mairie, Pascal Mulumba, la ville a "
            "distribué vendredi deux mille bâches. « Ce n'est qu'un début », a "
            "reconnu le porte-parole.",
            "fr",
        ),
    ],
)
def test_a_date_of_what_was_said_does_not_date_the_saying(text, language):
    assert said_on(text, language, datetime.date(2025, 6, 12)) == [None]


def test_a_dateline_does_not_hide_a_body_s_statement():
    text = (
        "BRUXELLES, 3 juin 2025 – Le SPF Santé publique a annoncé mardi que "
        "les hôpitaux recevraient des masques supplémentaires."
    )
    assert unmarked(text, "fr") == [
        ("SPF Santé publique", datetime.date(2025, 6, 10), "press_statement")
    ]


def test_a_rector_of_a_university_is_not_a_body():
    text = (
        "Selon le recteur de l'Université de Kinshasa, Jean Bakajika, les cours "
        "reprendront lundi."
    )
    assert unmarked(text, "fr") == []


def test_a_body_s_acronym_and_word_are_not_a_person_a_pronoun_may_mean():
    text = (
        "Le SPF Mobilité a publié son rapport mardi.\n"
        "Le ministre de la Mobilité, Jean-Luc Crucke, était à Namur. Jeudi, il "
        "a répondu aux questions des députés.\n"
        "« Les trains reviendront avant l'hiver », a-t-il déclaré."
    )
    assert names(text, "fr") == ["Jean-Luc Crucke"]


def test_an_unnamed_source_described_two_sentences_up():
    text = (
        "Une infirmière de Bukavu, formée à Kinshasa, travaille de nuit depuis "
        "mars. Elle a demandé à ne pas être nommée. « Nous n'avons plus de gants "
        "depuis deux semaines. »"
    )
    assert names(text, "fr") == ["anonymous"]


def test_a_pronoun_for_someone_who_asked_not_to_be_named_is_nobody_named():
    text = (
        "La ministre de la Santé, Aline Mukamana, a visité l'hôpital. Dans le "
        "couloir, une patiente attend depuis l'aube. Elle a demandé à ne pas "
        "être nommée. « On nous a dit de revenir demain. »"
    )
    assert names(text, "fr") in ([None], ["anonymous"])


def test_the_role_as_subject_of_the_paragraph_before_dates_the_quote():
    text = (
        "Le forum avait été ouvert lundi par la ministre ougandaise du Commerce, "
        "Grace Nakitende.\n"
        "Jeudi, à la clôture, la ministre s'est montrée prudente devant la "
        "presse.\n"
        "« Nous avons avancé sur les horaires des postes frontières », a-t-elle "
        "déclaré."
    )
    published = datetime.date(2025, 6, 13)
    assert said_on(text, "fr", published) == [datetime.date(2025, 6, 12)]


def test_a_person_introduced_after_someone_else_spoke_two_paragraphs_up():
    text = (
        "Le vice-ministre, Paul Mwamba, a défendu la taxe. « Nos agriculteurs "
        "ne peuvent pas rivaliser », a-t-il expliqué.\n"
        "Les commerçantes attendaient beaucoup de ce forum.\n"
        "Leur présidente, Claudine Baraka, a suivi les travaux depuis la salle. "
        "Elle ne cachait pas sa déception.\n"
        "« On nous a invitées à parler, puis on a fermé la porte. »"
    )
    assert names(text, "fr") == ["Paul Mwamba", "Claudine Baraka"]


def test_a_source_who_asked_us_not_to_use_his_name_is_unnamed():
    text = (
        "Our reporter met a boatman in Kalehe whose canoe sank on Sunday. He asked "
        'us not to use his name. "We lost the nets, the fish and the motor," he '
        "said."
    )
    assert names(text, "en") == ["anonymous"]


def test_a_pronoun_s_words_in_passing_carry_the_occasion_two_sentences_up():
    text = (
        "The mayor, Grace Mutoni, told reporters yesterday that the market would "
        "reopen. The hall, she said, is safe again.\n"
        '"We checked every beam and every wall," she said.'
    )
    published = datetime.date(2025, 6, 13)
    assert said_on(text, "en", published) == [datetime.date(2025, 6, 12)]


def test_le_before_a_role_tells_a_man_and_elle_is_not_him():
    text = (
        "Selon le porte-parole du maire, Patrick Bahati, la ville a commandé des "
        "pompes. « Ce n'est pas assez », a reconnu le porte-parole.\n"
        "Dans une lettre, elle a répété que « les pompes arriveront trop tard "
        "pour la saison des pluies »."
    )
    assert names(text, "fr")[-1:] == [None]


def test_il_or_elle_after_a_sentence_opening_with_a_body_is_the_body():
    text = (
        "La société civile du Nord-Kivu dénonce une crise annoncée. Dans un "
        "communiqué publié lundi, elle a affirmé que la route était « coupée "
        "une semaine sur deux depuis janvier »."
    )
    assert names(text, "fr") == ["société civile du Nord-Kivu"]
