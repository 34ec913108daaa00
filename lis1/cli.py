"""The ``lis1`` command line; the Makefile's targets are thin aliases over it."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from .build import Project, build, load, stale
from .catalog import LoadResult

ROOT = Path(__file__).resolve().parent.parent


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lis1", description="LIS1: data, kalendere og nettsted.")
    parser.add_argument("--root", type=Path, default=ROOT, help="prosjektmappen (standard: denne)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="valider data/ og vis feil og kjente advarsler")
    build_cmd = commands.add_parser("build", help="valider og lag alle avledede filer på nytt")
    build_cmd.add_argument(
        "--check",
        action="store_true",
        help="skriv ingenting; feil hvis de lagrede filene er utdaterte",
    )
    build_cmd.add_argument("--no-site", action="store_true", help="bare kalendere og skjemaer")
    serve = commands.add_parser(
        "serve", help="nettstedet, kalenderne og API-et lokalt, med demodata"
    )
    serve.add_argument("--port", type=int, default=None, help="port (standard: PORT eller 8000)")
    commands.add_parser("bench", help="mål byggetid, API-import, DynamoDB-kall og søkelatens")
    commands.add_parser("package", help="Lambda-pakken og CloudFormation-malen i build/deploy/")
    deploy = commands.add_parser(
        "deploy", help="send pakken og stacken til AWS, last opp nettstedet (make deploy pakker)"
    )
    deploy.add_argument("--stage", required=True, help="navnet på miljøet, f.eks. prod")
    verify = commands.add_parser(
        "verify-export", help="kontroller signaturen på en porteføljeeksport (JWS)"
    )
    verify.add_argument("file", type=Path, help="filen med eksporten")
    verify.add_argument(
        "--jwks",
        required=True,
        help="nøklene: https://…/api/.well-known/jwks.json eller en fil med JWKS-en",
    )
    verify.add_argument("--output", type=Path, help="skriv det kontrollerte innholdet til filen")
    importing = commands.add_parser(
        "import-export",
        help="les en kontrollert porteføljeeksport inn i den lokale tjenesten (eller --table)",
    )
    importing.add_argument("file", type=Path, help="filen med eksporten")
    importing.add_argument("--jwks", required=True, help="nøklene til tjenesten som laget den")
    importing.add_argument("--table", help="en DynamoDB-tabell i AWS i stedet for den lokale")
    commands.add_parser(
        "rotate-export-key",
        help="ny lokal eksportnøkkel i .local/export-keys/ (den gamle beholdes i JWKS-en)",
    )
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    project = Project(args.root)

    if args.command == "validate":
        return 0 if _report(load(project)) else 1
    if args.command == "build" and args.check:
        loaded, differ = stale(project)
        if not _report(loaded):
            return 1
        if differ:
            print("Disse genererte filene er utdaterte eller endret for hånd:", file=sys.stderr)
            for name in differ:
                print(f"  {name}", file=sys.stderr)
            print("Kjør `make build` og commit endringene.", file=sys.stderr)
            return 1
        print("Genererte filer er oppdaterte.")
        return 0
    if args.command == "build":
        from .site.build import SiteError

        try:
            ok = _report(build(project, site=not args.no_site))
        except SiteError as error:
            print(f"FEIL {error}", file=sys.stderr)
            ok = False
        if not ok:
            print("Ingenting ble skrevet.", file=sys.stderr)
            return 1
        done = "calendars/, schemas/, infra/generated/" + ("" if args.no_site else " og site/")
        print(f"Skrev {done}.")
        return 0
    if args.command == "bench":
        from .bench import run

        return run(project.root)
    if args.command == "package":
        from .deploy.commands import package_command

        return package_command(project.root)
    if args.command == "deploy":
        from .deploy.commands import deploy_command

        return deploy_command(project.root, args.stage)
    if args.command == "verify-export":
        from .export_cli import verify_command

        return verify_command(args.file, args.jwks, args.output)
    if args.command == "import-export":
        from .export_import import import_command

        return import_command(project, args.file, args.jwks, args.table)
    if args.command == "rotate-export-key":
        from .export_cli import rotate_command

        return rotate_command(project.local)
    if args.command == "serve":
        from .devserver import run as run_server
        from .serve import port_from_env

        return run_server(project, port_from_env(args.port), os.environ.get("STORE", ""))
    return 2


def _report(result: LoadResult) -> bool:
    """Print errors and warnings; True when there are no errors."""
    for problem in result.errors:
        print(f"FEIL {problem}", file=sys.stderr)
    if result.warnings:
        print(f"{len(result.warnings)} kjente advarsler (stopper ikke bygget):")
        for problem in result.warnings:
            print(f"  advarsel {problem}")
    if result.errors:
        print(
            f"{len(result.errors)} feil i data/. Rett dem og kjør kommandoen på nytt.",
            file=sys.stderr,
        )
        return False
    print("Data er gyldige.")
    return True
