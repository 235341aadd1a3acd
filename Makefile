# `make` runs the tests (which include ruff and mypy --strict); `make bundle` builds the sample.
.PHONY: test bundle schemas bench
test:
	python3 -m pytest -q
bundle:
	inquiry build
schemas:
	inquiry schema
bench:
	python3 benchmarks/validate.py
	python3 benchmarks/build.py --items 200
