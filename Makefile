# The two commands a new user needs: `make demo` and `make test`. Both set up .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEMO := examples/nav-study
OUT := $(DEMO)/out
QCODE := $(BIN)/qcode --project $(OUT)/nav-study.qcode --coder anna
BO := $(BIN)/qcode --project $(OUT)/bo.qcode --coder bo

.PHONY: install demo test lint bench bench-scale clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	@mkdir -p $(OUT)
	@rm -rf $(OUT)/nav-study.qcode $(OUT)/nav-study.qcode-wal $(OUT)/nav-study.qcode-shm $(OUT)/nav-study.qcode-backups
	$(BIN)/qcode init $(OUT)/nav-study.qcode --codebook codebooks/nav-guidance-groups.yaml
	$(QCODE) import --kind observation --attributes $(DEMO)/attributes.csv $(DEMO)/observasjon-*
	$(QCODE) import --kind interview --attributes $(DEMO)/attributes.csv $(DEMO)/intervju-*
	$(QCODE) import --kind log --attributes $(DEMO)/attributes.csv $(DEMO)/logg-*
	$(QCODE) autocode sections
	$(QCODE) autocode questions $(DEMO)/intervjuguide.txt
	$(QCODE) autocode speakers --kind interview
	$(QCODE) suggest
	$(QCODE) pseudonyms add Nordby "Kontor A"
	$(QCODE) pseudonyms add Sørvik "Kontor B"
	@echo "# A second analyst, Bo, codes a copy (sections, and every keyword suggestion for power); Anna merges it"
	@rm -f $(OUT)/bo.qcode*
	cp $(OUT)/nav-study.qcode $(OUT)/bo.qcode
	$(BO) autocode sections
	$(BO) suggestions accept --all --code power
	$(QCODE) merge $(OUT)/bo.qcode
	$(QCODE) agreement --coders anna,bo --codes power,conversation-control,preparation
	@echo
	$(QCODE) summary set power Nordby "Makten ligger hos veilederen til brukeren tar styringen." --by office
	$(QCODE) views save kontorer --rows power,conversation-control,preparation --by office
	$(QCODE) matrix --view kontorer --strict-pseudonyms --lang nb -o $(OUT)/matrix.docx
	$(QCODE) export-project $(OUT)/nav-study.qdpx
	@echo
	$(QCODE) doctor
	$(QCODE) backup
	@echo
	$(QCODE) status
	@echo
	$(QCODE) docs
	@echo
	$(QCODE) codes
	@echo
	$(QCODE) search uforberedt
	@echo
	@echo "The project is $(OUT)/nav-study.qcode; try: $(QCODE) show intervju-deltaker-1.docx"
	@if [ -t 0 ] && [ -t 1 ]; then $(QCODE) open; \
	else echo "(no terminal attached: not opening the workbench; run: $(QCODE) open)"; fi

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# Every ratio benchmark, then the table of cost by study size (BENCH_SIZES documents each;
# 20,000 takes several minutes): `make bench-scale BENCH_SIZES=200,2000` for the table alone.
BENCH_SIZES ?= 200,2000,20000

bench: $(STAMP)
	@for b in benchmarks/bench_*.py; do [ $$b = benchmarks/bench_scale.py ] && continue; \
	echo "== $$b"; $(BIN)/python $$b || exit 1; done
	@$(MAKE) --no-print-directory bench-scale

bench-scale: $(STAMP)
	@echo "== benchmarks/bench_scale.py --sizes $(BENCH_SIZES)"
	$(BIN)/python benchmarks/bench_scale.py --sizes $(BENCH_SIZES)

clean:
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache
