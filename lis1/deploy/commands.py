"""The two commands people run: `make package` and `make deploy STAGE=…`, with what they wrote
or what is missing, in words."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from .package import PackageError, package, packaged


def package_command(root: Path) -> int:
    try:
        made = package(root)
    except (PackageError, ValueError) as error:  # ValueError: a piece in infra/ is broken
        print(f"FEIL {error}", file=sys.stderr)
        return 1
    mib = 1024 * 1024
    print(f"Skrev {made.folder.parent.relative_to(root)}/:")
    print(
        f"  {made.zip_file.name:15} Lambda-pakken: {made.size_bytes / mib:.1f} MiB "
        f"({made.unpacked_bytes / mib:.1f} MiB utpakket, med bytekode)"
    )
    print(f"  {made.folder.name + '/':15} den samme pakken utpakket")
    print(f"  {'sam.json':15} malen fra chalice package --merge-template (infra/ og koden)")
    print(f"  {made.template.name:15} den samme malen som ren CloudFormation (det som sendes)")
    kinds = Counter(made.resources.values())
    print(f"Ressurser i stacken: {len(made.resources)}")
    for kind, count in sorted(kinds.items()):
        print(f"  {count:3} {kind}")
    return 0


def deploy_command(root: Path, stage: str) -> int:
    from .deploy import DeployError, deploy
    from .settings import SettingsError, read_settings

    try:
        settings = read_settings(root, stage)
        deploy(root, settings, packaged(root))
    except (SettingsError, PackageError, DeployError) as error:
        print(f"FEIL {error}", file=sys.stderr)
        return 1
    return 0
