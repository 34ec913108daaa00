"""Keys of notices: the record of each mail sent about an offer, and the reminder choice.

item         pk                    sk                      gsi1pk / gsi1sk
-----------  --------------------  ----------------------  -------------------------------------
notice sent  NOTICE#<offer id>     SENT#<kind>             -                          TTL
             one per offer and kind of mail (:data:`lis1.domain.reminders.NoticeKind`),
             Put with ``attribute_not_exists(pk)`` before the mail goes out: a mail is sent
             only by the write that created its record. Holds ``at`` (when it was sent);
             ``expires`` is ``at`` + :data:`SENT_KEPT` (TTL: long after any svarfrist)
reminders    NOTICES#<subject>     REMINDERS_OFF           -
             present only while the person has turned reminders off (absent: on), with
             ``updated_at``. Written on condition it is absent and deleted on condition it
             is present, each in one transaction with its audit entry
             (``bruker:<subject>``), so a change is recorded once
language     NOTICES#<subject>     LANGUAGE                -
             the language of the person's mails (``language``: ``nb``/``en``), the one they
             last read the pages in unless ``chosen`` on "Varsler" (:mod:`lis1.services.
             language`), with ``updated_at``
"""

from __future__ import annotations

from datetime import timedelta

SENT_KEPT = timedelta(days=180)
SENT_PREFIX = "SENT#"


def sent_key(offer_id: str, kind: str) -> tuple[str, str]:
    return f"NOTICE#{offer_id}", f"{SENT_PREFIX}{kind}"


def reminders_off_key(subject: str) -> tuple[str, str]:
    return f"NOTICES#{subject}", "REMINDERS_OFF"


def language_key(subject: str) -> tuple[str, str]:
    return f"NOTICES#{subject}", "LANGUAGE"
