"""The profiles contract, for every adapter: a person's profile and CV are stored whole and read
back as saved (undeclared fields as None, lists in order, instants in UTC), the profiles of many
people come in one call, and deleting removes both and nothing of anyone else's."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta, timezone

from lis1.domain.profiles import Cv, Education, Language, Profile, Reference, Work
from lis1.services.ports.store import Store

from .helpers import at


def profile(subject: str = "demo-ahmed", **changes: object) -> Profile:
    made = Profile(subject, "autorisasjon", "1234567", "sprakprove", "noen_mal", at(0))
    return replace(made, **changes)  # type: ignore[arg-type]


def cv(subject: str = "demo-ahmed") -> Cv:
    return Cv(
        subject,
        education=(
            Education("Medisin", "Cairo University", "Egypt", "2013-09", "2019-07"),
            Education("Norskkurs", "Folkeuniversitetet", "", "2022-01", ""),
        ),
        work=(Work("Lege", "Sykehus", "2019-09", "", "Akuttmottak og «vakter»."),),
        languages=(Language("Arabisk", "morsmal"), Language("Norsk", "b2")),
        references=(Reference("Samir Youssef", "", "samir@example.org"),),
        updated_at=at(5),
    )


def test_nothing_is_stored_for_someone_who_saved_nothing(store: Store) -> None:
    assert store.profiles.get("demo-ahmed") is None
    assert store.profiles.cv("demo-ahmed") is None
    assert store.profiles.many(["demo-ahmed", "demo-kari"]) == {}
    store.profiles.delete("demo-ahmed")  # nothing there: nothing happens


def test_a_profile_is_read_back_as_saved_and_replaced_whole(store: Store) -> None:
    saved = profile()
    store.profiles.save(saved)
    assert store.profiles.get("demo-ahmed") == saved
    oslo = timezone(timedelta(hours=1))
    later = profile(
        authorisation="sokt",
        hpr=None,
        norwegian=None,
        earlier_training=None,
        updated_at=at(60).astimezone(oslo),
    )
    store.profiles.save(later)
    read = store.profiles.get("demo-ahmed")
    assert read == replace(later, updated_at=at(60))
    assert read is not None and read.updated_at.utcoffset() == timedelta(0)
    assert read.hpr is None and read.norwegian is None and read.earlier_training is None


def test_many_profiles_in_one_call(store: Store) -> None:
    subjects = [f"demo-s{i:03}" for i in range(130)]  # more than one read of 100
    for subject in subjects[::2]:
        store.profiles.save(profile(subject))
    found = store.profiles.many([*subjects, subjects[0]])
    assert set(found) == set(subjects[::2])
    assert found[subjects[0]] == profile(subjects[0])
    assert store.profiles.many([]) == {}


def test_a_cv_is_read_back_in_order_and_replaced_whole(store: Store) -> None:
    store.profiles.save_cv(cv())
    assert store.profiles.cv("demo-ahmed") == cv()
    assert store.profiles.get("demo-ahmed") is None  # the CV is no profile
    shorter = replace(cv(), education=(), work=(), references=(), updated_at=at(9))
    store.profiles.save_cv(shorter)
    assert store.profiles.cv("demo-ahmed") == shorter


def test_deleting_removes_profile_and_cv_and_nothing_else(store: Store) -> None:
    for subject in ("demo-ahmed", "demo-kari"):
        store.profiles.save(profile(subject))
        store.profiles.save_cv(cv(subject))
    store.profiles.delete("demo-ahmed")
    assert store.profiles.get("demo-ahmed") is None
    assert store.profiles.cv("demo-ahmed") is None
    assert store.profiles.get("demo-kari") == profile("demo-kari")
    assert store.profiles.cv("demo-kari") == cv("demo-kari")
    store.profiles.delete("demo-ahmed")  # again: nothing happens
