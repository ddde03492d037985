"""Speakers named across sentences, by description, and in three languages.

Short sentences written for these tests. Each rule finds the speaker where
the text establishes it; the tests beside them show where it abstains or
where a near miss would have given a wrong name.
"""

from __future__ import annotations

import datetime

from events.suggesting.analysis import analyse


def found(text: str, language: str = "en", published: str | None = None):  # type: ignore[no-untyped-def]
    day = datetime.date.fromisoformat(published) if published else None
    return analyse(text, published_on=day, language=language).quotes


def names(text: str, language: str = "en") -> list[str | None]:
    return [
        None
        if proposal.speaker is None
        else "anonymous"
        if proposal.speaker.anonymous
        else proposal.speaker.name
        for proposal in found(text, language)
    ]


# Pronouns --------------------------------------------------------------


def test_a_pronoun_is_who_spoke_in_the_sentence_right_before():
    text = (
        "Intro.\nFather Paul Mugisha led the mass on Sunday. His deputy, Father "
        "Jean Kato, said he had counted the missing twice. "
        '"There are still six families who have buried nobody," he said.\n'
    )
    assert names(text) == ["Jean Kato"]


def test_without_a_speech_verb_before_two_men_leave_the_pronoun_open():
    text = (
        "Intro.\nFather Paul Mugisha led the mass on Sunday with Father Jean Kato. "
        '"There are still six families who have buried nobody," he said.\n'
    )
    assert names(text) == [None]


def test_a_pronoun_after_an_unnamed_subject_is_that_unnamed_source():
    text = (
        "Intro.\nLe président de l'association, Innocent Bisimwa, parle des prix. "
        "Des pêcheurs vendent le poisson. L'un d'eux raconte avoir été arrêté. "
        "« On nous prend le poisson, parfois le moteur », souffle-t-il.\n"
    )
    assert names(text, "fr") == ["anonymous"]


def test_any_french_verb_inverted_with_its_pronoun_attributes():
    text = (
        "Intro.\nLa ministre Claire Mbala a visité le camp lundi. "
        "« Rien ne justifie ce retard dans les livraisons », déplore-t-elle.\n"
    )
    assert names(text, "fr") == ["Claire Mbala"]


# Described speakers, titles and affiliations ---------------------------------


def test_a_french_day_and_channel_between_the_verb_and_the_speaker():
    text = (
        "Intro.\n« Nous opérons jour et nuit avec deux chirurgiens », a déclaré "
        "hier à l'AFP le directeur de l'hôpital, le docteur Jean Lokana.\n"
        "« La liberté de la presse n'est pas négociable », a écrit mercredi sur "
        "Facebook le ministre de la Communication, Patrick Muyaya.\n"
    )
    quotes = found(text, "fr", "2025-06-06")
    assert [q.speaker.name for q in quotes] == ["Jean Lokana", "Patrick Muyaya"]
    assert [q.said_on.iso for q in quotes] == ["2025-06-05", "2025-06-04"]
    assert [q.channel for q in quotes] == ["interview", "social_media"]


def test_an_unnamed_description_then_the_name_after_a_comma():
    text = (
        "Intro.\n'We hebben drie dagen op het dak gezeten,' vertelde een "
        "bewoonster, Mireille Tshala, die in een kerk slaapt. 'Het eten kwam "
        "van de buren, niet van de regering.'\n"
    )
    assert names(text, "nl") == ["Mireille Tshala", "Mireille Tshala"]


def test_a_compound_dutch_title_is_not_part_of_the_name():
    text = (
        "Intro.\nOppositieleider Sammy Mahdi noemde het bedrag te klein. "
        '„Veertig miljoen is een druppel op een hete plaat," aldus Mahdi.\n'
        '„Een hele generatie loopt achterstand op," zei UNICEF-woordvoerster '
        "Sarah De Smet maandag.\n"
    )
    assert names(text, "nl") == ["Sammy Mahdi", "Sarah De Smet"]


def test_where_a_person_works_is_not_their_name():
    text = (
        "Intro.\nJan van den Berg van Caritas Vlaanderen reageert voorzichtig. "
        '„We wachten af hoe het geld verdeeld wordt," zegt hij.\n'
        '„Het is een begin, meer niet," stelt professor Filip Reyntjens van de '
        "Universiteit Antwerpen.\n"
    )
    assert names(text, "nl") == ["Jan van den Berg", "Filip Reyntjens"]


def test_the_spokesman_for_a_body_is_not_the_body():
    text = (
        "Intro.\nThe army has been silent for a week. "
        '"No soldier has crossed the border this month," the spokesman for the '
        "army said.\n"
    )
    assert names(text) == [None]


def test_a_colon_after_a_person_in_apposition():
    text = (
        "Intro.\nHaar buurman, de kleermaker Emmanuel Havyarimana, was milder: "
        '„Er was geen geweld. Dat is al veel."\n'
        'In Goma, the mood was grim: "We have seen this before and will again."\n'
    )
    assert names(text, "nl") == ["Emmanuel Havyarimana", None]


def test_according_to_a_name_then_the_clause_the_quote_ends():
    text = (
        "Intro.\nVolgens burgemeester Chantal Ilunga is de wijk „voor de helft "
        'onbewoonbaar, en dat blijft zo tot de droge tijd".\n'
        "Pour Marie Uwimana, coordinatrice de l'ONG Solidarité Ituri, « la "
        "population n'a plus confiance dans les promesses ».\n"
    )
    assert names(text, "fr") == ["Chantal Ilunga", "Marie Uwimana"]


def test_a_word_opening_the_sentence_is_not_part_of_a_name():
    text = (
        "Intro.\nPour Marie-Claire Uwimana, coordinatrice de l'ONG Solidarité "
        "Ituri, la situation empire.\n« Nous avons besoin de tout : de sang, de "
        "gants, de carburant », a indiqué Mme Uwimana.\n"
    )
    assert names(text, "fr") == ["Marie-Claire Uwimana"]


# Unnamed sources -------------------------------------------------------


def test_the_unnamed_source_named_again_with_the_definite_article():
    text = (
        "Intro.\nLast week, the two capitals exchanged letters, a diplomat in "
        'Kigali said. "Both wanted a gesture before the summit," the diplomat '
        "said.\n"
    )
    assert names(text) == ["anonymous"]


def test_the_definite_article_after_a_named_official_is_not_anonymous():
    text = (
        "Intro.\nAn official at the ministry, Jean Bosco Habimana, spoke first. "
        '"The border stays closed until the census is done," the official said.\n'
    )
    assert "anonymous" not in names(text)


def test_a_french_unnamed_source_with_its_adjective_after_the_noun():
    text = (
        "Intro.\nUne source hospitalière a toutefois indiqué que les évacuations "
        "restaient difficiles : « La route est coupée depuis la semaine dernière, "
        "les blessés arrivent à moto. »\n"
    )
    assert names(text, "fr") == ["anonymous"]


# Interviews ------------------------------------------------------------


def test_a_headline_quote_of_a_qa_is_the_interviewees():
    text = (
        '"An ambulance at night would save lives": a midwife in Buterere\n'
        "Interview by our correspondent.\n"
        "Spes Ndayizeye has worked as a midwife for nineteen years. We talked to "
        "her on Saturday, after a night shift.\n"
        "Q: How many births do you handle?\n"
        "Ndayizeye: Between sixty and eighty a month.\n"
    )
    (quote,) = found(text, "en", "2025-03-17")
    assert quote.speaker.name == "Spes Ndayizeye"
    assert (quote.said_on.iso, quote.channel) == ("2025-03-15", "interview")


def test_a_headline_quote_of_a_transcript_of_several_voices_has_no_speaker():
    text = (
        '"An ambulance at night would save lives": voices from Buterere\n'
        "Spes Ndayizeye: Between sixty and eighty a month.\n"
        "Alexis Manirakiza: The kits are simple.\n"
    )
    assert names(text)[0] is None


def test_a_lead_that_names_nobody_goes_on_with_the_speaker():
    text = (
        "Intro.\n« Nous continuerons à émettre tant que nous aurons du courant », "
        "assure Esther Kavira. Puis, après un silence : « Et tant que nos "
        "auditeurs nous appellent. »\n"
    )
    assert names(text, "fr") == ["Esther Kavira", "Esther Kavira"]


def test_a_quote_after_a_sentence_about_one_person_named_in_full():
    text = (
        "Intro.\nOdette Furaha vend de la farine depuis dix ans au marché.\n"
        "Vers midi, la place est pleine. Odette a vendu la moitié de sa farine. "
        "« Ce n'est pas comme avant. Mais le marché, c'est la vie. »\n"
        "Vers midi, Odette a vendu sa farine à Jean. « Le marché, c'est la vie. »\n"
    )
    assert names(text, "fr") == ["Odette Furaha", None]


def test_a_title_with_de_la_tells_no_gender():
    text = (
        "Intro.\nGOMA, 9 avril 2025 – Le ministre de la Défense, Guy Kabombo, "
        "s'est rendu à Goma lundi. Il a promis des renforts : « Aucun centimètre "
        "du territoire ne sera cédé. »\n"
    )
    (quote,) = found(text, "fr", "2025-04-09")
    assert quote.speaker.name == "Guy Kabombo"
    assert quote.said_on.iso == "2025-04-07"


def test_according_to_a_pronoun_and_an_adverb_before_the_speaker():
    text = (
        "Intro.\nLe gouverneur Jean Bamanisa a visité le port lundi. « Le port "
        "rouvrira dès que possible, sans conditions », selon lui.\n« Nous avons "
        "perdu trois semaines de travail au port », estime pour sa part Marie "
        "Kahindo, commerçante.\n« La sécurité reste la priorité du gouvernement », "
        "fait valoir Patrick Muyaya.\n"
    )
    assert names(text, "fr") == ["Jean Bamanisa", "Marie Kahindo", "Patrick Muyaya"]
