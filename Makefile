# One task runner for people and CI. Every target sets itself up: it creates or refreshes
# .venv from pyproject.toml (an editable install with the test extra) before doing its job.
# .ci/run calls `make test`, exactly what the README tells users to run.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.runwell-installed
# Jupyter refuses to run as root without --allow-root (containers, CI, Binder-like boxes).
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

# Message catalogues (gettext, Babel): one src/runwell/locale/<lang>/LC_MESSAGES/runwell.po per
# language (committed); the .mo files are compiled from them (never committed).
LOCALE_DIR := src/runwell/locale
POT        := build/i18n/runwell.pot
PO_FILES   := $(wildcard $(LOCALE_DIR)/*/LC_MESSAGES/runwell.po)
MO_FILES   := $(PO_FILES:.po=.mo)

# `make quiz-app LANG=es`: LANG given on the command line is the course language. LANG from the
# environment is the system locale and is left alone; the command line's is not passed on as a
# locale to the programs make runs.
ifeq ($(origin LANG),command line)
COURSE_LANG := $(LANG)
override LANG := C.UTF-8
export LANG
endif

.PHONY: help venv chromium lab handouts student lite test lint check bench quiz-app notebooks clean distclean \
	i18n-extract i18n-update i18n-compile i18n-init

help:
	@echo "make lab        start JupyterLab on the course"
	@echo "make handouts   build HTML handouts into build/handouts/"
	@echo "make student    write learner versions of the exercises into build/student/"
	@echo "make lite       build the zero-install (JupyterLite) site into build/lite/"
	@echo "make test       lint, validate content, unit/widget/notebook/browser tests"
	@echo "make bench      benchmarks: handouts, a quiz in a fresh kernel, the report, the lite site, the quiz app under a class's load"
	@echo "make quiz-app   serve the quizzes with Voila, code hidden (QUIZ_PORT=, LESSON=, LANG=es, QUIZ_SEATS=)"
	@echo "make notebooks  re-run every notebook top to bottom and store its outputs (maintainers)"
	@echo "make i18n-extract / i18n-update / i18n-compile   the message catalogues (translators)"
	@echo "make i18n-init CODE=xx   start the catalogue of a new language"
	@echo "make clean      remove build outputs (make distclean also removes .venv and .venv-lite)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

venv: $(STAMP) $(MO_FILES)

# A catalogue is compiled when its .po is newer (a fresh clone, a pulled translation).
$(LOCALE_DIR)/%/LC_MESSAGES/runwell.mo: $(LOCALE_DIR)/%/LC_MESSAGES/runwell.po $(STAMP)
	$(BIN)/python -m runwell catalogues

# Debian's Chromium for the browser tests. Installed with apt-get when missing and we are root;
# otherwise the browser tests are skipped with a printed reason.
chromium:
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	  echo "Installing Debian's chromium for the browser tests..."; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	else echo "note: /usr/bin/chromium is missing and we are not root; browser tests will be skipped"; fi

lab: venv
	$(BIN)/jupyter lab $(ALLOW_ROOT) --notebook-dir=. notebooks/00_welcome.ipynb

handouts: venv
	$(BIN)/python -m runwell handouts

student: venv
	$(BIN)/python -m runwell student

# The zero-install site. Its own build venv (.venv-lite, Python >= 3.12), the Pyodide runtime (npm)
# and wheels (pip) are set up by the script; downloads are cached in ~/.cache/runwell/lite
# (RUNWELL_LITE_CACHE), and the build is skipped when the hash of its inputs is unchanged.
lite: venv
	$(BIN)/python scripts/build_lite.py

check: venv
	$(BIN)/python -m runwell check

lint: venv
	$(BIN)/ruff check src scripts tests
	$(BIN)/mypy

# The zero-install site is built first (or found up to date); without Python >= 3.12 or npm its
# tests are skipped with a printed reason, as the browser tests are without Chromium.
test: venv chromium
	$(BIN)/python scripts/build_lite.py --skip-without-tools
	$(BIN)/ruff check src scripts tests
	$(BIN)/mypy
	$(BIN)/python -m runwell check
	$(BIN)/python -m pytest tests notebooks exercises --nbval --nbval-current-env

bench: venv chromium
	$(BIN)/python scripts/bench_handouts.py
	$(BIN)/python scripts/bench_kernel.py
	$(BIN)/python scripts/bench_report.py --learners 1000
	$(BIN)/python scripts/bench_lite.py
	$(BIN)/python scripts/bench_quiz_app.py

# make quiz-app [QUIZ_PORT=8866] [LESSON=01_warm_up] [LANG=es] [QUIZ_SEATS=30] [QUIZ_IDLE=120]
#               [QUIZ_HOSTS=quiz.school.example]: the quiz-only app on 127.0.0.1 (LANG=es: in
# Spanish; ?lang=es in the address does the same), with QUIZ_SEATS kernels preheated for learners
# who open it at the same moment; a kernel whose page is closed is shut down after QUIZ_IDLE
# seconds; QUIZ_HOSTS are host names served besides localhost.
QUIZ_PORT  ?= 8866
QUIZ_SEATS ?= 30
QUIZ_IDLE  ?= 120
QUIZ_HOSTS ?=
quiz-app: venv
	$(BIN)/python -m runwell.quiz_server --port=$(QUIZ_PORT) --lang="$(COURSE_LANG)" \
	  --lesson="$(LESSON)" --seats=$(QUIZ_SEATS) --idle=$(QUIZ_IDLE) --hosts="$(QUIZ_HOSTS)" \
	  notebooks/quiz_app.ipynb

# Every edition: notebooks/, exercises/ and their language folders (notebooks/es/, exercises/es/).
notebooks: venv
	$(BIN)/python -m runwell execute

# The translators' workflow (CONTRIBUTING.md, "Adding a language"): extract the messages from the
# code and templates (babel.cfg) into a template, merge it into every catalogue, compile.
i18n-extract: venv
	@mkdir -p $(dir $(POT))
	$(BIN)/pybabel extract -F babel.cfg -k N_ --add-location=file -c TRANSLATORS: \
	  --project=runwell --version=$$($(BIN)/python -c "import runwell; print(runwell.__version__)") \
	  -o $(POT) src

i18n-update: i18n-extract
	$(BIN)/pybabel update -i $(POT) -d $(LOCALE_DIR) -D runwell --ignore-obsolete

i18n-compile: venv
	$(BIN)/python -m runwell catalogues

i18n-init: i18n-extract
	@test -n "$(CODE)" || { echo "usage: make i18n-init CODE=fr"; exit 2; }
	$(BIN)/pybabel init -i $(POT) -d $(LOCALE_DIR) -D runwell -l $(CODE)

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
	find . -name .ipynb_checkpoints -prune -exec rm -rf {} +
	find . -name __pycache__ -prune -not -path "./$(VENV)/*" -not -path "./.venv-lite/*" -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) .venv-lite src/*.egg-info
