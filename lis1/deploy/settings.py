"""What `make deploy STAGE=…` needs besides the package: the stage's settings (a file in
infra/stages/, or environment variables of the same names) and AWS credentials. Anything
missing is named, with where to put it, before anything is sent to AWS."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

# The EEA regions: personal data stays in the EEA.
EEA_REGIONS = (
    "eu-north-1",
    "eu-west-1",
    "eu-west-3",
    "eu-central-1",
    "eu-central-2",
    "eu-south-1",
    "eu-south-2",
)
STAGE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,20}$")

# Template parameter, setting, what it is.
PARAMETERS = (
    ("DomainName", "LIS1_DOMAIN", "nettstedets adresse, f.eks. lis1.helsedirektoratet.no"),
    ("CertificateArn", "LIS1_CERTIFICATE_ARN", "ACM-sertifikatet for adressen, i us-east-1"),
    ("MailDomain", "LIS1_MAIL_DOMAIN", "domenet e-posten sendes fra"),
    ("AlarmEmail", "LIS1_ALARM_EMAIL", "e-postadressen som får alarmene"),
    ("Issuer", "LIS1_ISSUER", "HelseIDs adresse"),
    ("ClientId", "LIS1_CLIENT_ID", "klient-ID hos HelseID"),
    ("ApiAudience", "LIS1_API_AUDIENCE", "API-ets audience hos HelseID"),
    ("ClientKeyId", "LIS1_CLIENT_KEY_ID", "kid for klientnøkkelen hos HelseID"),
)


class SettingsError(ValueError):
    """Settings or credentials are missing; the message lists each and where to give it."""


@dataclass(frozen=True)
class Settings:
    stage: str
    region: str
    parameters: dict[str, str]

    @property
    def stack_name(self) -> str:
        return f"lis1-{self.stage}"

    @property
    def service_stage(self) -> str:
        """prod only for the stage called prod: every other stage runs as test."""
        return "prod" if self.stage == "prod" else "test"


def read_settings(root: Path, stage: str, env: Mapping[str, str] | None = None) -> Settings:
    env = os.environ if env is None else env
    if not STAGE_NAME.match(stage or ""):
        raise SettingsError(
            "Gi miljøet et navn: make deploy STAGE=prod (små bokstaver, tall og bindestrek)."
        )
    file = root / "infra" / "stages" / f"{stage}.env"
    values = _read_env_file(file) if file.is_file() else {}
    values |= {k: v for k, v in env.items() if k.startswith("LIS1_") and v.strip()}
    missing = [
        f"  {setting:22} {what}"
        for _parameter, setting, what in PARAMETERS
        if not values.get(setting, "").strip()
    ]
    region = values.get("LIS1_REGION", "eu-north-1")
    problems = []
    if missing:
        where = file.relative_to(root) if file.is_file() else f"infra/stages/{stage}.env"
        problems.append(
            f"Disse innstillingene mangler for STAGE={stage} (skriv dem i {where}, se "
            "infra/stages/eksempel.env, eller sett dem som miljøvariabler):\n" + "\n".join(missing)
        )
    if region not in EEA_REGIONS:
        problems.append(
            f"LIS1_REGION={region} er ikke en region i EØS; bruk en av {', '.join(EEA_REGIONS)}."
        )
    if not _has_credentials(env):
        problems.append(
            "Fant ingen AWS-legitimasjon. Logg inn (aws sso login --profile …) og sett "
            "AWS_PROFILE, eller sett AWS_ACCESS_KEY_ID og AWS_SECRET_ACCESS_KEY."
        )
    if problems:
        raise SettingsError("\n".join(problems))
    parameters = {parameter: values[setting].strip() for parameter, setting, _ in PARAMETERS}
    # Only after a restore to a point in time (README): the table the functions use instead.
    parameters["RestoredTable"] = values.get("LIS1_RESTORED_TABLE", "").strip()
    return Settings(stage=stage, region=region, parameters=parameters)


def _read_env_file(file: Path) -> dict[str, str]:
    values = {}
    for number, line in enumerate(file.read_text("utf-8").splitlines(), start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        name, sep, value = text.partition("=")
        if not sep or not name.strip():
            raise SettingsError(f"{file}, linje {number}: skriv NAVN=verdi, ikke «{text}».")
        values[name.strip()] = value.strip()
    return values


def _has_credentials(env: Mapping[str, str]) -> bool:
    import boto3

    profile = env.get("AWS_PROFILE") or None
    try:
        session = boto3.Session(profile_name=profile)
    except Exception:  # an unknown profile: botocore's ProfileNotFound
        return False
    return session.get_credentials() is not None
