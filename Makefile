# The one entry point. `make run` sets up and starts everything; `make test` sets up and tests.
SHELL := /bin/bash
.DEFAULT_GOAL := help

RASA_ENV := .venv/rasa
APP_ENV := .venv/app
RASA := $(RASA_ENV)/bin/rasa
APP_PY := $(APP_ENV)/bin/python
export PYTHONPATH := $(CURDIR)
export RASA_TELEMETRY_ENABLED := false
export SQLALCHEMY_SILENCE_UBER_WARNING := 1
# keeps TensorFlow's start-up chatter out of the logs
export TF_CPP_MIN_LOG_LEVEL := 2

.PHONY: help install train db run run-cluster test eval lint words bench clean browser

help: ## list the targets
	@grep -E '^[a-z-]+:.*##' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

# Each env is rebuilt only when its lock file changes.
$(RASA_ENV)/.installed: requirements/rasa.lock
	@test -x $(RASA_ENV)/bin/python || $$(scripts/find-python310) -m venv $(RASA_ENV)
	$(RASA_ENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/rasa.lock
	@touch $@

$(APP_ENV)/.installed: requirements/app.lock
	@test -x $(APP_ENV)/bin/python || $$(scripts/find-python310) -m venv $(APP_ENV)
	$(APP_ENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements/app.lock
	@touch $@

install: $(RASA_ENV)/.installed $(APP_ENV)/.installed ## build both Python environments

train: $(RASA_ENV)/.installed ## train the Rasa model (skipped when its inputs are unchanged)
	@scripts/train

db: $(APP_ENV)/.installed ## apply migrations and load the seed data
	$(APP_PY) -m storage upgrade

run: install train db ## start Rasa, the action server and the gateway (Ctrl-C stops them)
	@$(APP_ENV)/bin/honcho start -f Procfile

# Several processes on PostgreSQL and Redis behind HAProxy: two gateways that only store and
# acknowledge, one process running the workers and jobs, two Rasa servers and two action servers,
# each restarted by supervisord when it stops (scripts/run-cluster, deploy/supervisord.conf).
CLUSTER_DATABASE_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/assistant
CLUSTER_REDIS_URL ?= redis://127.0.0.1:6379/0
/usr/sbin/haproxy:
	@[ "$$(id -u)" = 0 ] || { echo "installing haproxy needs root: sudo apt-get install haproxy"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq haproxy >/dev/null

# the fault test restarts a Redis of its own
/usr/bin/redis-server:
	@[ "$$(id -u)" = 0 ] || { echo "installing redis-server needs root: sudo apt-get install redis-server"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null

run-cluster: install train /usr/sbin/haproxy ## PostgreSQL + Redis: HAProxy on :8080, 2 gateways, workers, 2 Rasa, 2 action servers
	DATABASE_URL=$(CLUSTER_DATABASE_URL) REDIS_URL=$(CLUSTER_REDIS_URL) scripts/run-cluster

# The desk's browser test drives Debian's Chromium (no browser download: the network is closed).
CHROMEDRIVER := /usr/bin/chromedriver
$(CHROMEDRIVER):
	@command -v apt-get >/dev/null || { echo "install chromium and chromedriver for the browser test"; exit 1; }
	@[ "$$(id -u)" = 0 ] || { echo "installing chromium needs root: sudo apt-get install chromium chromium-driver"; exit 1; }
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null

browser: $(CHROMEDRIVER) ## install Chromium for the desk's browser test

test: install train browser /usr/sbin/haproxy /usr/bin/redis-server lint ## lint, then run the whole test suite
	$(APP_ENV)/bin/pytest

eval: install train ## evaluate the NLU, the test stories and the whole conversation suite; reports under reports/
	@scripts/eval
	$(APP_PY) -m tests.conversations.report reports/conversations.md

lint: $(APP_ENV)/.installed ## ruff and mypy (strict)
	$(APP_ENV)/bin/ruff check . && $(APP_ENV)/bin/ruff format --check . && $(APP_ENV)/bin/mypy

# The words people read: keys extracted from the code and templates (settings in pyproject.toml)
# into the template, then merged into each language's catalogue, where new keys await their
# words (tests/unit/test_catalogue.py fails until both languages have them).
LOCALES := core/locales
words: $(APP_ENV)/.installed ## extract the words' keys into core/locales and merge them into vi and en
	$(APP_ENV)/bin/pybabel extract -F pyproject.toml --sort-output --add-location=file \
		--project=friendly-government-assistant --version=0.1.0 \
		--header-comment="# Keys of the words people read (core/words.py), written by make words." \
		-o $(LOCALES)/messages.pot .
	$(APP_ENV)/bin/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) \
		--no-fuzzy-matching --ignore-obsolete

bench: install train ## run the benchmarks under bench/
	@for b in bench/bench_*.py; do echo "== $$b"; $(APP_PY) $$b || exit 1; done

clean: ## remove trained models and the embedded database (keeps the environments)
	rm -rf models data reports
