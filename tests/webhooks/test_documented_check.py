"""The receiver's check printed in docs/webhooks.md accepts what the worker signs."""

from __future__ import annotations

import re
import time
from pathlib import Path

from factfile.webhooks import signing

DOC = Path(__file__).resolve().parents[2] / "docs" / "webhooks.md"


def documented_check():  # type: ignore[no-untyped-def]
    section = DOC.read_text(encoding="utf-8").split("## Verifying the signature")[1]
    code = re.search(r"```python\n(.*?)```", section, re.DOTALL)[1]
    namespace: dict[str, object] = {}
    exec(code, namespace)  # the manual's own example, run as printed
    return namespace["verify_factfile_delivery"]


def test_the_documented_check_accepts_a_signed_body_and_refuses_the_rest():
    check = documented_check()
    body = '{"entries":[{"note":"Corrigé"}]}'.encode()
    header = signing.header_value(body, "whsec_doc")
    old = signing.header_value(body, "whsec_doc", timestamp=int(time.time()) - 600)

    assert check(body, header, "whsec_doc")
    assert not check(body + b" ", header, "whsec_doc")
    assert not check(body, header, "whsec_other")
    assert not check(body, old, "whsec_doc")
    assert not check(body, "t=²,v1=00", "whsec_doc")
    assert not check(body, "garbage", "whsec_doc")
