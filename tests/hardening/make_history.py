"""Give a seeded fact file history of every kind: corrections, a retraction, a
pending edit. Run as ``python -m tests.hardening.make_history``."""

from __future__ import annotations

import django

django.setup()

from events.models import Statement  # noqa: E402
from factfile import workflow  # noqa: E402
from factfile.roles import EDITOR_IN_CHIEF, FACT_CHECKER, REPORTER  # noqa: E402
from tests.factories import UserFactory  # noqa: E402


def main() -> None:
    reporter = UserFactory(username="history.reporter", role=REPORTER)
    checker = UserFactory(username="history.checker", role=FACT_CHECKER)
    chief = UserFactory(username="history.chief", role=EDITOR_IN_CHIEF)
    corrected, retracted, pending = Statement.objects.verified().order_by("pk")[:3]

    corrected.text = corrected.text + " (as delivered)"
    corrected.mark_changed_by(reporter)
    corrected._history_user = reporter
    corrected.save()
    workflow.submit(corrected, by=reporter)
    workflow.correct(corrected, by=checker, note="Quoted as delivered.")

    workflow.retract(retracted, by=chief, reason="The speaker was misidentified.")

    pending.text = pending.text + " [pending edit]"
    pending.mark_changed_by(reporter)
    pending._history_user = reporter
    pending.save()


if __name__ == "__main__":
    main()
