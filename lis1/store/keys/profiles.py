"""Keys of profiles: each person's declared profile and CV, side by side under one key.

item      pk                   sk        holds
--------  -------------------  --------  ---------------------------------------------------
profile   PROFILE#<subject>    PROFILE   authorisation, hpr, norwegian, earlier_training
                                         (each absent when not declared), updated_at
cv        PROFILE#<subject>    CV        education, work, languages, references (lists of
                                         maps, bounded by lis1.domain.profiles), updated_at
Both are Put whole by the person. An account's deletion deletes both (one transaction).
"""

from __future__ import annotations

PROFILE_SK = "PROFILE"
CV_SK = "CV"


def profile_key(subject: str) -> tuple[str, str]:
    return f"PROFILE#{subject}", PROFILE_SK


def cv_key(subject: str) -> tuple[str, str]:
    return f"PROFILE#{subject}", CV_SK
