# One task runner for people and CI. Every target sets itself up: it creates or refreshes
# .venv from pyproject.toml (an editable install with the test extra) before doing its job.
# .ci/run calls `make test`, exactly what the README tells users to run.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.runwell-installed
# Jupyter refuses to run as root without --allow-root (containers, CI, Binder-like boxes).
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)

.PHONY: help venv chromium lab handouts student test lint check bench quiz-app notebooks clean distclean

help:
	@echo "make lab        start JupyterLab on the course"
	@echo "make handouts   build HTML handouts into build/handouts/"
	@echo "make student    write learner versions of the exercises into build/student/"
	@echo "make test       lint, validate content, unit/widget/notebook/browser tests"
	@echo "make bench      benchmark the handout build and the quiz app under a class's load"
	@echo "make quiz-app   serve the quizzes with Voila, code hidden (QUIZ_PORT=, LESSON=, QUIZ_SEATS=)"
	@echo "make notebooks  re-run every notebook top to bottom and store its outputs (maintainers)"
	@echo "make clean      remove build outputs (make distclean also removes .venv)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@

venv: $(STAMP)

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

check: venv
	$(BIN)/python -m runwell check

lint: venv
	$(BIN)/ruff check src scripts tests
	$(BIN)/mypy

test: venv chromium
	$(BIN)/ruff check src scripts tests
	$(BIN)/mypy
	$(BIN)/python -m runwell check
	$(BIN)/python -m pytest tests notebooks exercises --nbval --nbval-current-env

bench: venv chromium
	$(BIN)/python scripts/bench_handouts.py
	$(BIN)/python scripts/bench_quiz_app.py

# make quiz-app [QUIZ_PORT=8866] [LESSON=01_warm_up] [QUIZ_SEATS=30] [QUIZ_IDLE=120]
#               [QUIZ_HOSTS=quiz.school.example]: the quiz-only app on 127.0.0.1, with QUIZ_SEATS
# kernels preheated for learners who open it at the same moment; a kernel whose page is closed
# is shut down after QUIZ_IDLE seconds; QUIZ_HOSTS are host names served besides localhost.
QUIZ_PORT  ?= 8866
QUIZ_SEATS ?= 30
QUIZ_IDLE  ?= 120
QUIZ_HOSTS ?=
quiz-app: venv
	$(BIN)/python -m runwell.quiz_server --port=$(QUIZ_PORT) --lesson="$(LESSON)" \
	  --seats=$(QUIZ_SEATS) --idle=$(QUIZ_IDLE) --hosts="$(QUIZ_HOSTS)" notebooks/quiz_app.ipynb

notebooks: venv
	$(BIN)/python -m runwell execute notebooks exercises

clean:
	rm -rf build .pytest_cache .ruff_cache .hypothesis
	find . -name .ipynb_checkpoints -prune -exec rm -rf {} +
	find . -name __pycache__ -prune -not -path "./$(VENV)/*" -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) src/*.egg-info
