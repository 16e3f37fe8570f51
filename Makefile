# StdCheck: `make run` checks the bundled sample submission; `make test` runs every test.
# Both install the system libraries they need first (apt-get as root; otherwise they say what to run).

SWIFT ?= swift
SAMPLE := fixtures/sample-county
STANDARD := gtdc@2020
OUT := out/sample-county

.PHONY: all deps build release run test inspect clean sample format fuzz

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
		--format text,json --output $(OUT) || status=$$?; \
	if [ $$status -gt 1 ]; then echo "stdcheck failed with exit status $$status" >&2; exit $$status; fi; \
	echo "report: $(OUT)/report.json (exit status $$status: 0 conformant, 1 findings)"

test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build

inspect: release
	./.build/release/stdcheck inspect $(SAMPLE)

# Regenerates the sample (needs python3 + pyshp); the generated files are committed.
sample:
	python3 scripts/make-sample-county.py

format:
	$(SWIFT) format --in-place --recursive Sources Tests Fuzz Package.swift

clean:
	rm -rf .build out

# Builds the libFuzzer targets in Fuzz/ and runs each for FUZZ_SECONDS (seeds from ../shared/corpus).
FUZZ_SECONDS ?= 60
fuzz:
	FUZZ_SECONDS=$(FUZZ_SECONDS) SWIFT=$(SWIFT) bash scripts/fuzz.sh run
