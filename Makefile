# Thin aliases over the `lis1` command line (python -m lis1). Every target installs what it needs.
PY   := .venv/bin/python
LIS1 := $(PY) -m lis1
PORT ?= 8000

.PHONY: install browser poppler dynamodb validate build serve test lint bench soak clean demo-reset package deploy

.venv/.installed: pyproject.toml uv.lock scripts/bootstrap.sh
	@scripts/bootstrap.sh

install: .venv/.installed

browser:
	@scripts/install-chromium.sh >/dev/null

poppler: install
	@scripts/install-poppler.sh >/dev/null

dynamodb: install
	@scripts/dynamodb-local.sh >/dev/null

validate: install
	$(LIS1) validate

build: install
	$(LIS1) build

serve: build dynamodb
	$(LIS1) serve --port $(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy
	.venv/bin/lint-imports --no-cache

# Two workers, one test file each at a time (fixtures per file stay together). The schema
# contract is a pytest run of its own: schemathesis makes its tests while collecting, which
# xdist does not hand out. It runs beside the two workers, which use 1.3 of the two cores on
# average (waiting for browsers, the served stack and DynamoDB Local; a third worker only
# made each test slower); its output follows theirs, and either failing fails the target.
# mypy (about 25 s from a clean clone) runs beside them too; its verdict is printed at the end.
CONTRACT := tests/api/test_openapi_contract.py
test: install browser poppler dynamodb
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	.venv/bin/lint-imports --no-cache
	$(LIS1) build --check
	@mkdir -p build; \
	$(PY) -m mypy > build/mypy.log 2>&1 & types=$$!; \
	$(PY) -m pytest -p no:cacheprovider $(CONTRACT) > build/contract.log 2>&1 & contract=$$!; \
	$(PY) -m pytest -n 2 --dist loadfile --ignore=$(CONTRACT); main=$$?; \
	wait $$contract; described=$$?; wait $$types; typed=$$?; \
	echo "--- $(CONTRACT) ---"; cat build/contract.log; \
	echo "--- mypy ---"; cat build/mypy.log; \
	test $$main -eq 0 && test $$described -eq 0 && test $$typed -eq 0

# Measures the package make package wrote (its cold import and size) beside a bare app.
bench: package dynamodb
	$(LIS1) bench

# Long runs outside the CI budget: many more Hypothesis seasons of the offer rounds.
soak: install dynamodb
	LIS1_SOAK=1 $(PY) -m pytest -q tests/store/test_offer_machine.py tests/unit/test_portfolio_property.py

clean:
	rm -rf .venv .tools .mypy_cache .pytest_cache .ruff_cache build site test-artifacts

# The demo season starts afresh at today: the local data (and the local mail) is removed, and
# the next `make serve` seeds the demo people, the demo period and its season again.
demo-reset:
	rm -rf .local/ddb .local/outbox
	@echo "Lokale demodata er slettet. Neste «make serve» legger inn demosesongen fra i dag."

# build/deploy/: the Lambda package (runtime dependencies only, with bytecode) and the template.
package: build
	$(LIS1) package

# Package, send the stack to AWS, upload the site and invalidate CloudFront's cache.
deploy: package
	$(LIS1) deploy --stage "$(STAGE)"
