"""Two people saving the same record: the second save is refused."""

import pytest

from events.models import Actor
from factfile.editorial import EditConflict
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db


def test_second_save_from_a_stale_copy_is_refused(reporter, other_reporter):
    actor = ActorFactory(created_by=reporter, description="First.")
    mine = Actor.objects.get(pk=actor.pk)
    theirs = Actor.objects.get(pk=actor.pk)

    mine.description = "Mine."
    mine.mark_changed_by(reporter)
    mine.save()

    theirs.description = "Theirs."
    theirs.mark_changed_by(other_reporter)
    with pytest.raises(EditConflict) as conflict:
        theirs.save()

    message = str(conflict.value)
    assert "rita.reporter" in message
    assert f"(version {mine.version})" in message
    assert "Your changes were not saved" in message
    stored = Actor.objects.get(pk=actor.pk)
    assert stored.description == "Mine."
    assert stored.version == 2
    assert theirs.version == theirs.loaded_version == 1


def test_saving_again_after_reloading_works(reporter, other_reporter):
    actor = ActorFactory(created_by=reporter)
    stale = Actor.objects.get(pk=actor.pk)
    actor.description = "Mine."
    actor.save()
    with pytest.raises(EditConflict):
        stale.save()
    fresh = Actor.objects.get(pk=actor.pk)
    fresh.description = "Theirs, on top of mine."
    fresh.save()
    assert Actor.objects.get(pk=actor.pk).version == 3


def test_each_save_raises_the_version(reporter):
    actor = ActorFactory(created_by=reporter)
    assert actor.version == 1
    actor.save()
    actor.save()
    assert actor.version == Actor.objects.get(pk=actor.pk).version == 3
