"""Quotes in every newsroom style, and speakers only where the text says who."""

from __future__ import annotations

import pytest

from events.suggesting.analysis import analyse


def speakers(text: str) -> list[tuple[str, str | None]]:
    return [
        (q.quote.text, q.speaker.name if q.speaker else None)
        for q in analyse(text, published_on=None).quotes
    ]


@pytest.mark.parametrize(
    ("text", "quote", "speaker"),
    [
        ('"We want peace now," Paul Kagame said.', "We want peace now", "Paul Kagame"),
        ("“We want peace now,” said Paul Kagame.", "We want peace now", "Paul Kagame"),
        (
            "According to Paul Kagame, “we want peace now and always.”",
            "we want peace now and always.",
            "Paul Kagame",
        ),
        (
            "Paul Kagame told reporters: “We want peace now.”",
            "We want peace now.",
            "Paul Kagame",
        ),
        (
            "“We want peace now,” Maxime Prévot wrote on social media.",
            "We want peace now",
            "Maxime Prévot",
        ),
        (
            "« Nous voulons la paix maintenant », a déclaré Maxime Prévot.",
            "Nous voulons la paix maintenant",
            "Maxime Prévot",
        ),
        (
            "«Nous voulons la paix maintenant», a affirmé Maxime Prévot.",
            "Nous voulons la paix maintenant",
            "Maxime Prévot",
        ),
        (
            "Selon Maxime Prévot, « la paix est encore possible ».",
            "la paix est encore possible",
            "Maxime Prévot",
        ),
        (
            "„Wir wollen jetzt Frieden“, sagte niemand hier.",
            "Wir wollen jetzt Frieden",
            None,
        ),
    ],
)
def test_attribution_patterns(text, quote, speaker):
    assert speakers(text) == [(quote, speaker)]


def test_nested_single_quotes_belong_to_the_outer_quote():
    text = "\"They called it 'a red line' for years,\" Tina Salama said."
    assert speakers(text) == [("They called it 'a red line' for years", "Tina Salama")]


def test_pronoun_and_title_refer_back_to_the_person_named():
    text = (
        '"Belgium regrets the decision," Maxime Prevot, the foreign minister, said.\n'
        '"This is disproportionate and regrettable," he said.\n'
        '"We will respond in kind to this," the minister added.\n'
        "« Nous répondrons avec fermeté demain », a-t-il ajouté."
    )
    assert [name for _, name in speakers(text)] == ["Maxime Prevot"] * 4


def test_the_statement_said_refers_to_who_issued_it():
    text = (
        '"Rwanda has decided to cut ties today," the foreign ministry said in a '
        "statement.\n"
        '"All diplomats must leave within two days," the statement said.'
    )
    assert [name for _, name in speakers(text)] == ["foreign ministry"] * 2


def test_a_surname_is_the_full_name_given_earlier():
    text = (
        "Angolan President Joao Lourenco hosted the talks.\n"
        '"The talks will go on next week," Lourenco said.'
    )
    assert speakers(text) == [("The talks will go on next week", "Joao Lourenco")]


def test_a_quote_without_attribution_is_left_for_the_editor():
    text = 'Officials were unclear. "Nobody knows what happens next here."'
    assert speakers(text) == [("Nobody knows what happens next here.", None)]


def test_unnamed_speakers_are_anonymous_and_plural_pronouns_not_guessed():
    text = (
        '"The shelling went on all night long," residents said.\n'
        '"We have no food left at all," they said.'
    )
    found = analyse(text, published_on=None).quotes
    assert [q.speaker.anonymous if q.speaker else None for q in found] == [True, None]
    assert found[0].speaker.name == "residents"


def test_short_scare_quotes_are_not_statements():
    text = 'Belgium described the move as "disproportionate" on Monday.'
    assert speakers(text) == []


def test_a_quote_in_a_photo_caption_is_skipped():
    text = (
        '"Peace now," reads a banner in Goma, January 9, 2025. REUTERS/Jean Doe\n'
        '"We are tired of war here," Jean Doe, a resident and teacher, said.'
    )
    assert speakers(text) == [("We are tired of war here", "Jean Doe")]


def test_a_described_speaker_named_after_a_comma():
    text = (
        "« La situation est très tendue ici », a déclaré à l'AFP un responsable "
        "de la société civile, Espoir Bulambo.\n"
        '"Nobody sleeps at night any more," said a spokesman for the army, '
        "John Mutombo.\n"
    )
    assert speakers(text) == [
        ("La situation est très tendue ici", "Espoir Bulambo"),
        ("Nobody sleeps at night any more", "John Mutombo"),
    ]


def test_a_pronoun_is_the_nearest_person_its_gender_fits():
    text = (
        "« Nous resterons vigilants ici », a déclaré le gouverneur Jean Kayembe.\n"
        "La ministre Thérèse Kayikwamba Wagner a convoqué l'ambassadeur.\n"
        "« Nous ne négocierons pas sous la menace », a-t-elle ajouté.\n"
        "Jean Kayembe, lui, a salué la décision. « C'est un bon signal pour "
        "tous », a-t-il dit.\n"
    )
    assert speakers(text) == [
        ("Nous resterons vigilants ici", "Jean Kayembe"),
        ("Nous ne négocierons pas sous la menace", "Thérèse Kayikwamba Wagner"),
        ("C'est un bon signal pour tous", "Jean Kayembe"),
    ]
