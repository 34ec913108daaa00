"""Keys of jobbagenter, and how both adapters write them.

    item      pk                   sk          gsi1pk / gsi1sk
    --------  -------------------  ----------  ----------------------------------------------
    agent     JOBAGENT#<agent>     AGENT       JOBAGENTS / AGENT#<agent>
              the filter (``period_id``, ``organisation``, ``region``, ``reststilling``),
              ``owner``, ``language``, ``token`` (the link's secret), ``created_at``,
              ``updated_at``, ``version``, and what the mails have told: ``last_mail_day``
              (Oslo date) and ``told`` (ad ids). By id: GetItem (the signed link); every
              agent: one Query of gsi1 JOBAGENTS, in pages (the hourly mail job only)
    person's  USER#<subject>       JOBAGENTS   -
              ``ids`` (a string set of the person's agents) and ``count``: the person's
              agents are one GetItem and one BatchGetItem, and the bound per person is the
              condition ``attribute_not_exists(pk) OR count < :limit``

Create is one TransactWriteItems: the agent Put with attribute_not_exists(pk), and the person's
item updated (ADD count 1, ADD ids) on the bound. Stop deletes the agent on condition of its
owner and takes it from the person's item in the same transaction. A change of the filter is an
Update on condition of the version read and the owner. The job's record of a mail is an Update
(``last_mail_day``, ``told``, version + 1) on condition of the version it read and of
``last_mail_day < :day``: of two runs at once, or a run and its rerun, one writes and sends; an
agent changed or stopped meanwhile gets nothing this run. No TTL: an agent lasts until stopped.
"""

from __future__ import annotations

AGENT_SK = "AGENT"
AGENTS_GSI1PK = "JOBAGENTS"
PERSON_SK = "JOBAGENTS"


def agent_key(agent_id: str) -> tuple[str, str]:
    return f"JOBAGENT#{agent_id}", AGENT_SK


def agent_gsi1(agent_id: str) -> tuple[str, str]:
    """Every agent in one index partition: the mail job reads them all, hourly."""
    return AGENTS_GSI1PK, f"AGENT#{agent_id}"


def person_key(subject: str) -> tuple[str, str]:
    """Beside the person's profile (``USER#<subject>``); every Query there names its prefix."""
    return f"USER#{subject}", PERSON_SK
