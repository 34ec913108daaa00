"""Use cases of the supervisør: the learning activities sent to them, and signing or returning
one with a comment.

A supervisør sees an activity only while it is the last one sent to them and they still count
as a supervisør on the LIS's portfolio: an ended relation gives nothing from the next request
on (two reads: the activities sent to them, and their relations). To anyone else an activity
does not exist (:class:`UnknownActivity`). Signing and returning are audited under the
portfolio with the activity's id and status, never the comment; the LIS is told by e-mail that
a comment waits in the portal, never what it says.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..domain.portfolio import activities as rules
from ..domain.portfolio.activities import Activity
from ..domain.portfolio.errors import UnknownActivity
from ..identity import Principal
from . import activity_mails as mails
from .activity_input import checked_comment
from .env import Env
from .language import in_language_of
from .ports.accounts import AuditEntry
from .ports.mail import Mailer
from .ports.portfolios import portfolio_entity
from .ports.store import Store

SIGN = "sign_activity"
GIVE_BACK = "return_activity"
"""The audit actions."""


@dataclass(frozen=True)
class ForSigning:
    activity: Activity
    owner_name: str
    """The LIS's name, as their relation to the supervisør holds it."""


def sent_to_me(store: Store, *, who: Principal) -> list[ForSigning]:
    """The activities last sent to ``who`` on portfolios where they still count as supervisør,
    not recalled: those waiting first (oldest sent first), then those decided (newest first)."""
    names = {
        r.role.owner: r.role.owner_name
        for r in store.portfolios.relations_of(who.subject)
        if r.kind == "supervisør" and r.counts
    }
    # The port leaves out a recalled activity: it is the LIS's draft again.
    found = [a for a in store.activities.sent_to(who.subject) if a.owner in names]
    waiting = [a for a in found if a.status == "sendt"]
    decided = [a for a in found if a.status != "sendt"]
    decided.sort(key=lambda a: (a.decided_at or a.created_at, a.id), reverse=True)
    return [ForSigning(a, names[a.owner]) for a in waiting + decided]


waiting_for = sent_to_me


def for_signing(store: Store, *, who: Principal, activity_id: str) -> ForSigning:
    """One activity sent to ``who``, while they count as supervisør on its portfolio."""
    for found in sent_to_me(store, who=who):
        if found.activity.id == activity_id:
            return found
    raise UnknownActivity()


def sign(
    store: Store,
    mailer: Mailer,
    *,
    who: Principal,
    activity_id: str,
    comment: str,
    env: Env,
    origin: str,
) -> Activity:
    """The supervisør signs, with a comment if they wish."""
    activity = for_signing(store, who=who, activity_id=activity_id).activity
    text = checked_comment(comment, required=False)
    signed = rules.sign(activity, by=who.subject, comment=text or None, now=env.now)
    return _decided(store, mailer, signed, who, SIGN, env.now, origin)


def give_back(
    store: Store,
    mailer: Mailer,
    *,
    who: Principal,
    activity_id: str,
    comment: str,
    env: Env,
    origin: str,
) -> Activity:
    """The supervisør returns the activity with a comment saying what to change."""
    activity = for_signing(store, who=who, activity_id=activity_id).activity
    text = checked_comment(comment, required=True)
    returned = rules.give_back(activity, by=who.subject, comment=text, now=env.now)
    return _decided(store, mailer, returned, who, GIVE_BACK, env.now, origin)


def _decided(
    store: Store,
    mailer: Mailer,
    activity: Activity,
    who: Principal,
    action: str,
    now: datetime,
    origin: str,
) -> Activity:
    detail = {"aktivitet": activity.id, "status": activity.status}
    audit = AuditEntry(portfolio_entity(activity.owner), now, who.subject, action, detail)
    store.activities.save(activity, audit=audit)
    found = mails.address(store, activity.owner)
    if found is not None:
        name, email = found
        with in_language_of(store, activity.owner):
            mail = mails.decided_mail(activity, to=email, name=name, origin=origin)
        mails.send(mailer, mail)
    return activity
