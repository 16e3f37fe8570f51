# StdCheck: `make run` checks the bundled sample submission; `make test` runs scripts/check-layering.py
# (no cycle between RuleEngine's folders, no Swift file over 400 lines), then every test;
# `make install PREFIX=/usr/local` installs it (DESTDIR for packagers), `make uninstall` removes it.
# Both install the system libraries they need first (apt-get as root; otherwise they say what to run);
# `make test` also installs chromium, which the HTML report test opens the report in, and chromium-driver
# with Selenium (in .build-venv/) for the service's browser test; `make browser-test` runs that one alone.

SWIFT ?= swift
SAMPLE := fixtures/sample-county
STANDARD := gtdc@2020
OUT := out/sample-county

.PHONY: all deps build release run test service-load browser-test inspect clean sample format bench bench-formats bench-change-survey fuzz install uninstall

all: build

deps:
	@bash scripts/ensure-system-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Checks the sample; exit status 1 means "findings" and is the expected outcome for this sample.
run: release
	@mkdir -p $(OUT)
	@status=0; ./.build/release/stdcheck check $(SAMPLE) --standard $(STANDARD) \
		--format text,json,jsonl,html,sarif,junit,geojson,csv,iso19157 --output $(OUT) || status=$$?; \
	if [ $$status -gt 1 ]; then echo "stdcheck failed with exit status $$status" >&2; exit $$status; fi; \
	echo "reports: $(OUT)/report.* (exit status $$status: 0 conformant, 1 findings)"

# The store suites run against SQLite and a throw-away PostgreSQL (scripts/pg-test.sh, started around
# `swift test` and stopped even when tests fail); then schemathesis runs against a live server.
# The suite includes BrowserServiceTests, which runs Tests/browser/test_service.py (stdcheck serve in chromium).
test: deps
	@bash scripts/ensure-test-deps.sh
	python3 scripts/check-layering.py
	$(SWIFT) build --build-tests
	@url="$$(bash scripts/pg-test.sh start)"; status=0; \
	STDCHECK_TEST_POSTGRES="$$url" $(SWIFT) test --skip-build || status=$$?; \
	bash scripts/pg-test.sh stop; exit $$status
	STDCHECK="$$($(SWIFT) build --show-bin-path)/stdcheck" bash scripts/schemathesis.sh

# Load test of the service on loopback (not part of `make test`): 50 concurrent tus uploads, 200
# concurrent report readers; prints latencies, throughput, peak RSS, errors. SERVICE_LOAD_ARGS adds
# options (e.g. --database postgres://…, --uploads 10).
SERVICE_LOAD_ARGS ?=
service-load: deps
	$(SWIFT) build -c release --product stdcheck
	python3 scripts/service-load.py --binary "$$($(SWIFT) build -c release --show-bin-path)/stdcheck" $(SERVICE_LOAD_ARGS)

# The service's pages in chromium: screenshots of every step in .build/browser-shots/.
browser-test: deps
	@bash scripts/ensure-test-deps.sh
	$(SWIFT) build --product stdcheck
	.build-venv/bin/python Tests/browser/test_service.py --stdcheck "$$($(SWIFT) build --show-bin-path)/stdcheck"

inspect: release
	./.build/release/stdcheck inspect $(SAMPLE)

# Regenerates the sample (needs python3 + pyshp); the generated files are committed.
sample:
	python3 scripts/make-sample-county.py
	python3 scripts/make-sample-county.py --clean
	python3 scripts/make-sample-county-next.py
	python3 scripts/make-geometry-fixtures.py

# Times StdCheck and its peers on generated county-scale data (attributes, validity, overlaps, full pack);
# writes bench/RESULTS.md. Add 1m to BENCH_SIZES for the issue's targets; BENCH_RUNS_1M keeps it affordable.
# Then the batch throughput (bench/throughput.py): BENCH_COUNTIES generated counties by 1 and by 2 workers,
# counties per minute and the scaling factor, in bench/THROUGHPUT.md.
BENCH_SIZES ?= 10k,100k
BENCH_RUNS ?= 3
BENCH_RUNS_1M ?= 1
BENCH_COUNTIES ?= 40
bench: deps
	python3 bench/run.py --sizes $(BENCH_SIZES) --runs $(BENCH_RUNS) --runs-1m $(BENCH_RUNS_1M)
	python3 bench/throughput.py --counties $(BENCH_COUNTIES)

# One stdcheck-gen county (1M parcels unless BENCH_FORMATS_SIZE says) read as shapefiles and as VCT:
# wall time, CPU and peak RSS of `stdcheck check --standard structure@1` on each (bench/read-formats.sh).
BENCH_FORMATS_SIZE ?= 1000000
BENCH_FORMATS ?= shp vct
bench-formats: deps
	$(SWIFT) build -c release --product stdcheck
	$(SWIFT) build -c release --product stdcheck-gen
	bash bench/read-formats.sh $(BENCH_FORMATS_SIZE) "$(BENCH_FORMATS)"

# Times a change-survey check (gtdcbg@2021 --base) of a generated 100k-parcel county and a 2 % update package.
bench-change-survey: deps
	bash bench/change-survey.sh 100000 0.02 release

# Installs stdcheck, stdcheck-gen, the rules (share/stdcheck/rules), the man page and the bash/zsh/fish
# completions under $(DESTDIR)$(PREFIX) (see scripts/install.sh). Builds with BUILD_CONFIG first, unless
# BIN_DIR names a folder of already-built products.
PREFIX ?= /usr/local
DESTDIR ?=
BUILD_CONFIG ?= release
BIN_DIR ?=
install:
ifeq ($(BIN_DIR),)
	@bash scripts/ensure-system-deps.sh
	$(SWIFT) build -c $(BUILD_CONFIG) --product stdcheck
	$(SWIFT) build -c $(BUILD_CONFIG) --product stdcheck-gen
	bash scripts/install.sh install "$$($(SWIFT) build -c $(BUILD_CONFIG) --show-bin-path)" "$(PREFIX)" "$(DESTDIR)"
else
	bash scripts/install.sh install "$(BIN_DIR)" "$(PREFIX)" "$(DESTDIR)"
endif

uninstall:
	bash scripts/install.sh uninstall "$(PREFIX)" "$(DESTDIR)"

format:
	$(SWIFT) format --in-place --recursive Sources Tests Fuzz Package.swift

clean:
	rm -rf .build out

# Builds the libFuzzer targets in Fuzz/ and runs each for FUZZ_SECONDS (seeds from ../shared/corpus).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) bash scripts/fuzz.sh run
