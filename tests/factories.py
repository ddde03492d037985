"""factory_boy factories for every record, with users of each role."""

from __future__ import annotations

import datetime

import factory
from django.contrib.auth import get_user_model

from events.models import Actor, Alias, Citation, Event, Participant, Role, Statement
from factfile.dates import Precision
from factfile.roles import EDITOR_IN_CHIEF, FACT_CHECKER, REPORTER, give_role
from sources.models import Source

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.example")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)
    is_staff = True

    @factory.post_generation
    def role(self, create: bool, extracted: str | None, **kwargs: object) -> None:
        if create and extracted:
            give_role(self, extracted)
        if create:
            self.save()


def reporter_user(**kwargs: object):  # type: ignore[no-untyped-def]
    return UserFactory(role=REPORTER, **kwargs)


def fact_checker_user(**kwargs: object):  # type: ignore[no-untyped-def]
    return UserFactory(role=FACT_CHECKER, **kwargs)


def editor_in_chief_user(**kwargs: object):  # type: ignore[no-untyped-def]
    return UserFactory(role=EDITOR_IN_CHIEF, **kwargs)


class EditorialFactory(factory.django.DjangoModelFactory):
    class Meta:
        abstract = True

    created_by = factory.SubFactory(UserFactory)
    updated_by = factory.SelfAttribute("created_by")


class SourceFactory(EditorialFactory):
    class Meta:
        model = Source

    title = factory.Sequence(lambda n: f"Ministry issues statement number {n}")
    kind = Source.Kind.NEWS_ARTICLE
    publisher = "The Daily Example"
    url = factory.Sequence(lambda n: f"https://news.example/articles/{n}")
    published_on = datetime.date(2025, 3, 17)
    published_on_precision = Precision.DAY
    full_text = (
        "KIGALI -- The ministry said on Monday that talks would resume. "
        '"We remain committed to dialogue," the spokesperson said. '
        "Officials gave no further details."
    )


class ActorFactory(EditorialFactory):
    class Meta:
        model = Actor

    name = factory.Sequence(lambda n: f"Actor {n}")
    kind = Actor.Kind.PERSON


class AliasFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Alias

    actor = factory.SubFactory(ActorFactory)
    name = factory.Sequence(lambda n: f"Alias {n}")


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    actor = factory.SubFactory(ActorFactory)
    title = "Spokesperson"


class StatementFactory(EditorialFactory):
    class Meta:
        model = Statement

    speaker = factory.SubFactory(
        ActorFactory, created_by=factory.SelfAttribute("..created_by")
    )
    text = "We remain committed to dialogue."
    kind = Statement.Kind.QUOTE
    said_on = datetime.date(2025, 3, 17)
    said_on_precision = Precision.DAY
    channel = Statement.Channel.PRESS_STATEMENT


class EventFactory(EditorialFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Talks resume, round {n}")
    kind = Event.Kind.MEETING
    starts_on = datetime.date(2025, 3, 17)
    starts_on_precision = Precision.DAY


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    event = factory.SubFactory(EventFactory)
    actor = factory.SubFactory(ActorFactory)
    role = Participant.Role.PARTICIPANT


class CitationFactory(EditorialFactory):
    class Meta:
        model = Citation

    source = factory.SubFactory(
        SourceFactory, created_by=factory.SelfAttribute("..created_by")
    )
    statement = factory.SubFactory(
        StatementFactory, created_by=factory.SelfAttribute("..created_by")
    )
    passage = "We remain committed to dialogue"
