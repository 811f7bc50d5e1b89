# Convenience targets; the README's two commands work without make.
PY ?= .venv/bin/python
SHARED ?= ../shared

.PHONY: setup test slow eval bench

setup:
	python3 -m venv .venv && .venv/bin/pip install -q -e '.[test]'

test:
	$(PY) -m pytest

slow:
	$(PY) -m pytest -m slow

# Score tables on the development corpus and the two benign corpora.
eval:
	@echo "== dev.jsonl"; python3 $(SHARED)/eval/score.py --cmd .venv/bin/snslint $(SHARED)/corpus/dev.jsonl || true
	@echo "== benign/gsd-dev.jsonl"; python3 $(SHARED)/eval/score.py --cmd .venv/bin/snslint $(SHARED)/corpus/benign/gsd-dev.jsonl | grep "clean posts" || true
	@echo "== benign/wiki-even.jsonl"; python3 $(SHARED)/eval/score.py --cmd .venv/bin/snslint $(SHARED)/corpus/benign/wiki-even.jsonl | grep "clean posts" || true

bench:
	$(PY) benchmarks/bench.py
