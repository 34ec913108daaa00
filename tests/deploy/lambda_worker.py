"""Run inside the unpacked Lambda package by a clean interpreter (python -I -S: no site-packages,
no PYTHONPATH, so nothing of the development environment): import the handler as Lambda does,
then answer one JSON event per line on stdin with one JSON result per line on stdout.
What the handler logs (to stdout, as in Lambda) goes to stderr here, so stdout carries only
the answers. This file is passed as the program's text; it imports nothing from the tests."""

import importlib.util
import json
import os
import sys

answers = os.fdopen(os.dup(sys.stdout.fileno()), "w")
sys.stdout = sys.stderr
sys.path.insert(0, sys.argv[1])
sys.dont_write_bytecode = True  # /var/task cannot be written in Lambda either

import app  # noqa: E402  (the package's app.py, as Lambda's handler "app.app")


class Context:
    function_name = "APIHandler"
    memory_limit_in_mb = 512
    aws_request_id = "test"

    def get_remaining_time_in_millis(self) -> int:
        return 15000


dev_tools = ["pytest", "moto", "mkdocs", "playwright", "waitress", "babel", "cfnlint"]
print(
    json.dumps(
        {
            "dev_tools_found": [n for n in dev_tools if importlib.util.find_spec(n) is not None],
            "modules_outside": sorted(
                name
                for name, module in sys.modules.items()
                if getattr(module, "__file__", None)
                and not module.__file__.startswith((sys.argv[1], sys.base_prefix))
            ),
            "bytecode": bool(app.__spec__.cached)
            and __import__("os").path.exists(sys.modules["lis1.api.app"].__cached__),
        }
    ),
    file=answers,
    flush=True,
)
for line in sys.stdin:
    event = json.loads(line)
    print(json.dumps(app.app(event, Context())), file=answers, flush=True)
