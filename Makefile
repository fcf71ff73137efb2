# chidao — `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
# Where the database, uploads and the secret key live: var/ unless CHIDAO_VAR_DIR says otherwise
# (the settings read the same variable, so every `chidao` command finds the same files).
VAR := $(or $(CHIDAO_VAR_DIR),var)
export DJANGO_SETTINGS_MODULE := chidao.settings

.DEFAULT_GOAL := help

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VAR)/secret_key:
	mkdir -p $(VAR)
	$(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

install: $(BIN)/.installed ## Create the virtual environment and install the locked dependencies

setup: install $(VAR)/secret_key ## Install, migrate and load the demo data (idempotent)
	$(BIN)/chidao migrate --noinput
	$(BIN)/chidao load-demo
	$(BIN)/chidao load-demo-readings
	$(BIN)/chidao load-demo-tasks
	$(BIN)/chidao load-demo-reports
	$(BIN)/chidao load-demo-history
	$(BIN)/chidao load-demo-evaluation
	$(BIN)/chidao load-demo-meetings
	$(BIN)/chidao load-demo-obstacles
	$(BIN)/chidao load-demo-inspections
	$(BIN)/chidao load-demo-indicators
	@echo "Demo accounts (username, role, password, unit) — $(VAR)/demo-accounts.txt:"
	@cat $(VAR)/demo-accounts.txt 2>/dev/null || true

run: setup ## Set up, then serve the demo on 127.0.0.1:$(PORT) with SQLite
	$(BIN)/chidao collectstatic --noinput --verbosity 0
	# Plain HTTP on the loopback: cookies cannot be Secure here (they are by default elsewhere).
	CHIDAO_SECURE_COOKIES=$${CHIDAO_SECURE_COOKIES:-false} exec bash scripts/serve.sh --bind 127.0.0.1:$(PORT) --workers 2 --access-logfile -

test: install ## Set up and run the whole suite (also on PostgreSQL when CI=true)
	bash scripts/ensure-libreoffice.sh
	bash scripts/ensure-browser.sh
	bash scripts/ensure-axe.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	CHIDAO_TESTING=true $(BIN)/chidao makemigrations --check --dry-run
	bash scripts/test.sh

bench: install ## Everyday paths against their baselines on PostgreSQL (bench/README.md)
	$(BIN)/python bench/everyday_bench.py --scale $${SCALE:-100k} $(BENCH_ARGS)

lint: install ## Lint and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: ## Re-lock the dependencies after editing pyproject.toml
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev -o requirements.lock --python-version 3.11

messages: install ## Rebuild the English catalogue from the Vietnamese source strings
	CHIDAO_TESTING=true $(BIN)/chidao makemessages -l en --ignore=.venv --ignore=var --ignore="*/tests/*" --no-obsolete
	CHIDAO_TESTING=true $(BIN)/chidao compilemessages --ignore=.venv --ignore=var

.PHONY: help install setup run test bench lint lock messages
