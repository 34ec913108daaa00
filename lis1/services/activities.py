"""Use cases of the LIS's learning activities: register, correct, send to a supervisør and
recall them; and the LIS's readers reading them. The supervisør's side is
:mod:`lis1.services.activity_signing`, what is typed is checked by
:mod:`lis1.services.activity_input`.

Who may do what (the table "Who sees what" in the design):

- the LIS: everything on their own activities while the rules let them (a draft or a returned
  activity is corrected and sent; a waiting one is recalled; a signed one is settled), sent
  only to a person who counts as supervisør on their portfolio at that moment;
- a confirmed leder or approver, and the veileder: read all of the LIS's activities
  (:func:`lis1.services.portfolios.readable`).

To anyone else an activity does not exist (:class:`UnknownActivity`). The supervisør is told by
e-mail when an activity is sent (:mod:`lis1.services.activity_mails`).
"""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import datetime

from ..catalog import Catalog
from ..domain.portfolio import activities as rules
from ..domain.portfolio.activities import Activity
from ..domain.portfolio.errors import (
    ActivityChanged,
    NoPortfolio,
    NotSupervisor,
    UnknownActivity,
)
from ..domain.portfolio.records import Portfolio
from ..domain.portfolio.relations import Relation, holds
from ..errors import Conflict, InvalidInput
from ..identity import Principal
from ..oslo import oslo_today
from . import activity_mails as mails
from . import portfolios
from .activity_input import ActivityIn, Checked, checked
from .env import Env
from .language import in_language_of
from .ports.mail import Mailer
from .ports.store import Store


def mine(store: Store, *, who: Principal) -> list[Activity]:
    """The LIS's activities, newest day first."""
    return store.activities.of_owner(who.subject)


def own(store: Store, *, who: Principal, activity_id: str) -> Activity:
    activity = store.activities.get(who.subject, activity_id)
    if activity is None:
        raise UnknownActivity()
    return activity


def counting_supervisors(relations: list[Relation]) -> list[Relation]:
    """The supervisører who count on the portfolio now, one per person, oldest first."""
    found: dict[str, Relation] = {}
    for relation in relations:
        if relation.kind == "supervisør" and relation.counts:
            found.setdefault(relation.subject, relation)
    return list(found.values())


def register(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    who: Principal,
    given: ActivityIn,
    send_to: str | None,
    env: Env,
    origin: str,
    idempotency_key: str | None = None,
) -> Activity:
    """A new activity: a draft, or sent at once to the supervisør ``send_to`` (a subject;
    "" asks to send without naming one). With ``idempotency_key`` the id comes from the key,
    so a repeat (a double click) finds the first activity and makes and mails nothing."""
    portfolio = portfolios.own(store, who=who)
    supervisor, problem = _supervisor(store, portfolio.owner, send_to)
    done = _valid(catalog, portfolio, given, problem, env.now)
    activity_id = _keyed_id(who, idempotency_key) if idempotency_key else env.new_id()
    activity = rules.draft(
        activity_id=activity_id,
        owner=who.subject,
        kind=done.kind,
        day=done.day,
        description=done.description,
        goals=done.goals,
        now=env.now,
    )
    if supervisor is not None:
        sent = rules.send(
            activity, supervisor=supervisor.subject, supervisor_name=supervisor.name, now=env.now
        )
        activity = replace(sent, version=activity.version)  # created in one write
    try:
        store.activities.create(activity)
    except Conflict:
        first = store.activities.get(who.subject, activity_id) if idempotency_key else None
        if first is None:
            raise
        return first
    if supervisor is not None:
        _tell_supervisor(store, mailer, activity, who, origin)
    return activity


def edit(
    store: Store,
    catalog: Catalog,
    mailer: Mailer,
    *,
    who: Principal,
    activity_id: str,
    version: int,
    given: ActivityIn,
    send_to: str | None,
    env: Env,
    origin: str,
) -> Activity:
    """Correct a draft or a returned activity (``version`` is the one the LIS saw), and send it
    to ``send_to`` if given: one write."""
    current = own(store, who=who, activity_id=activity_id)
    if current.version != version:
        raise ActivityChanged()
    # Locked (sent or signed) before anything typed is looked at: a dry run of the rule.
    rules.edit(
        current,
        kind=current.kind,
        day=current.day,
        description=current.description,
        goals=current.goals,
    )
    portfolio = portfolios.own(store, who=who)
    supervisor, problem = _supervisor(store, portfolio.owner, send_to)
    done = _valid(catalog, portfolio, given, problem, env.now)
    changed = rules.edit(
        current, kind=done.kind, day=done.day, description=done.description, goals=done.goals
    )
    if supervisor is not None:
        changed = rules.send(
            changed, supervisor=supervisor.subject, supervisor_name=supervisor.name, now=env.now
        )
    changed = replace(changed, version=current.version + 1)
    store.activities.save(changed)
    if supervisor is not None:
        _tell_supervisor(store, mailer, changed, who, origin)
    return changed


def send(
    store: Store,
    mailer: Mailer,
    *,
    who: Principal,
    activity_id: str,
    send_to: str,
    env: Env,
    origin: str,
) -> Activity:
    """Send a draft or a returned activity as it is to the supervisør ``send_to``."""
    current = own(store, who=who, activity_id=activity_id)
    supervisor, problem = _supervisor(store, who.subject, send_to)
    if supervisor is None:
        raise NotSupervisor(fields=problem)
    sent = rules.send(
        current, supervisor=supervisor.subject, supervisor_name=supervisor.name, now=env.now
    )
    store.activities.save(sent)
    _tell_supervisor(store, mailer, sent, who, origin)
    return sent


def recall(store: Store, *, who: Principal, activity_id: str, now: datetime) -> Activity:
    """Take back an activity that waits for its signature; it becomes a draft again."""
    recalled = rules.recall(own(store, who=who, activity_id=activity_id), now=now)
    store.activities.save(recalled)
    return recalled


def _keyed_id(who: Principal, key: str) -> str:
    """An activity id of 12 hexadecimal digits, the same for the same person and key."""
    return hashlib.sha256(f"{who.subject}\n{key}".encode()).hexdigest()[:12]


def _supervisor(
    store: Store, owner: str, send_to: str | None
) -> tuple[Relation | None, dict[str, str]]:
    """The relation of the supervisør chosen (None when sending is not asked for), or the
    problem with the choice, by field."""
    if send_to is None:
        return None, {}
    found = holds(store.portfolios.relations(owner), send_to, "supervisør")
    if not found:
        return None, {"supervisor": NotSupervisor().message}
    return found[0], {}


def _valid(
    catalog: Catalog,
    portfolio: Portfolio,
    given: ActivityIn,
    problem: dict[str, str],
    now: datetime,
) -> Checked:
    """``given`` checked against the plan in effect now, every problem named at once; a wrong
    supervisør alone is :class:`NotSupervisor`."""
    codes = portfolios.goals_now(catalog, portfolio, now).codes
    try:
        done = checked(given, codes, oslo_today(now), portfolios.first_clinical_day(catalog))
    except InvalidInput as error:
        raise InvalidInput(fields={**error.fields, **problem}) from None
    if problem:
        raise NotSupervisor(fields=problem)
    return done


def _tell_supervisor(
    store: Store, mailer: Mailer, activity: Activity, who: Principal, origin: str
) -> None:
    assert activity.supervisor is not None
    found = mails.address(store, activity.supervisor)
    if found is not None:
        with in_language_of(store, activity.supervisor):
            mail = mails.sent_mail(activity, to=found[1], lis_name=who.name, origin=origin)
        mails.send(mailer, mail)


# --- the LIS's readers -----------------------------------------------------------------------


def of_portfolio(
    store: Store, *, who: Principal, owner: str
) -> tuple[portfolios.Readable, list[Activity]]:
    """The LIS's activities for the LIS, a confirmed leder or approver, or the veileder."""
    readable = portfolios.readable(store, who=who, owner=owner)
    return readable, store.activities.of_owner(owner)


def of_relation(
    store: Store, *, who: Principal, relation_id: str
) -> tuple[portfolios.Readable, list[Activity]]:
    """As :func:`of_portfolio`, for the LIS of ``who``'s relation ``relation_id`` (the way
    Veiledning names a LIS); NoPortfolio when it is not theirs or does not let them read."""
    for relation in store.portfolios.relations_of(who.subject):
        if relation.id == relation_id:
            return of_portfolio(store, who=who, owner=relation.role.owner)
    raise NoPortfolio()
