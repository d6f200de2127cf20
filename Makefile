# Business KPI monitoring stack. `make demo` runs it on the bundled data; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CONFIG ?= Release
PORT ?= 10123
SECONDS_PER_HOUR ?= 10
DOTNET ?= dotnet

.PHONY: help deps restore build test test-dotnet test-rules demo demo-exporter backtest backtest-generate bench time-to-detect publish-aot image clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

deps: ## install the system packages tests and demo need (prometheus, alertmanager, postgresql, docker-compose)
	@bash scripts/install-deps.sh

restore:
	$(DOTNET) restore KpiMonitoring.sln

build: restore ## build everything
	$(DOTNET) build KpiMonitoring.sln -c $(CONFIG) --no-restore

test: deps build test-rules test-dotnet ## run every test

test-rules: ## promtool check + unit tests of the rules, conventions, real-day outcomes
	bash rules/tools/check-rules.sh

# The failed tests are repeated at the end of the output, where a CI log's tail shows them.
TEST_LOG ?= TestResults/test-output.log
test-dotnet:
	@mkdir -p $(dir $(TEST_LOG))
	@set -o pipefail; $(DOTNET) test KpiMonitoring.sln -c $(CONFIG) --no-build --logger "console;verbosity=normal" 2>&1 | tee $(TEST_LOG) \
		|| { bash scripts/test-failures.sh $(TEST_LOG); exit 1; }

demo: deps build ## the whole stack from local binaries on the bundled data, until Ctrl-C (see README)
	$(DOTNET) tools/Stack/bin/$(CONFIG)/net10.0/KpiMonitoring.Stack.dll --seconds-per-hour $(SECONDS_PER_HOUR) $(DEMO_ARGS)

demo-exporter: build ## the exporter alone, replaying the bundled days
	$(DOTNET) run --project exporter -c $(CONFIG) --no-build -- --data-dir data --mode Replay \
		--seconds-per-hour $(SECONDS_PER_HOUR) --urls http://127.0.0.1:$(PORT)

# The build's chatter goes to stderr so that FORMAT=json leaves only JSON on stdout.
# DIR= back-tests a directory of DATASET_YYYY-MM-DD.csv days offline (seconds for a quarter); FILE= (or MODE=replay
# with DIR=) replays the days live through the exporter and Prometheus (about 53 s a day, one row per hour).
BACKTEST := $(DOTNET) tools/Backtest/bin/$(CONFIG)/net10.0/KpiMonitoring.Backtest.dll
BACKTEST_COMMON = --format $(or $(FORMAT),table) --rules $(or $(RULES),rules) $(if $(THRESHOLDS),--thresholds $(THRESHOLDS)) $(foreach arg,$(EXPORTER_ARGS),--exporter-arg=$(arg))
backtest: ## back-test days with the rules: make backtest DIR=history/ [RULES=dir] [RULES_B=dir] [THRESHOLDS=settings.json] [TRUTH=file] [FORMAT=json] | FILE=data/checkout_2.csv | DIR=... MODE=replay
	@$(MAKE) --no-print-directory deps build >&2
ifeq ($(if $(DIR),$(or $(MODE),offline),replay),offline)
	@$(BACKTEST) history $(DIR) $(BACKTEST_COMMON) $(if $(RULES_B),--rules-b $(RULES_B)) $(if $(TRUTH),--truth $(TRUTH))
else
	@$(BACKTEST) $(BACKTEST_COMMON) $(FILE) $(if $(DIR),$(wildcard $(DIR)/*_????-??-??.csv $(DIR)/*_????-??-??.tsv))
endif

backtest-generate: build ## write generated history for the backtest: make backtest-generate OUT=.backtest/quarter [DAYS=90] [SEED=1] [INCIDENTS=N]
	@$(BACKTEST) generate --out $(or $(OUT),.backtest/quarter) --days $(or $(DAYS),90) --seed $(or $(SEED),1) $(if $(INCIDENTS),--incidents $(INCIDENTS))

bench: ## run the benchmarks: make bench [SUITE=csv|database|web|backtest] [BENCH_ARGS=--quick] (figures in README)
	@bash scripts/install-deps.sh --bench
	$(DOTNET) run --project bench -c Release -- $(or $(SUITE),csv) $(BENCH_ARGS)

time-to-detect: build ## stop-to-page time of the fast revenue alert on a steady feed: make time-to-detect RATE=360 [TRIALS=3] [SLOT=900] [CSV=1 [REFRESH=1]]
	$(DOTNET) tools/Stack/bin/$(CONFIG)/net10.0/KpiMonitoring.Stack.dll --time-to-detect $(or $(RATE),3600) --trials $(or $(TRIALS),1) --slot-seconds $(or $(SLOT),900) $(if $(CSV),--csv --refresh-seconds $(or $(REFRESH),1))

# Native AOT: one native binary, no .NET runtime needed where it runs. Trimming and AOT warnings are errors.
# KPI_EXPORTER_BINARY=exporter/bin/aot/kpi-exporter then makes every exporter process of the tests and bench this binary.
AOT_OUT ?= exporter/bin/aot
publish-aot: ## the exporter as one Native AOT binary in exporter/bin/aot/kpi-exporter (installs clang and zlib headers when missing)
	@bash scripts/install-deps.sh --aot
	$(DOTNET) publish exporter/KpiExporter.csproj -c Release -r linux-x64 -p:PublishAot=true -o $(AOT_OUT)

# The container image without a Docker engine: the AOT binary on the files scripts/image/rootfs.sh assembles (as
# exporter/Dockerfile does), packed by umoci with the Dockerfile's configuration, then started once to check it.
IMAGE_OUT ?= exporter/bin/image
image: publish-aot ## the container image as an OCI archive in exporter/bin/image/kpi-exporter.oci.tar, built and checked without Docker
	@bash scripts/install-deps.sh --image
	bash scripts/image/build.sh $(AOT_OUT) $(IMAGE_OUT)
	bash scripts/image/check.sh $(IMAGE_OUT)/kpi-exporter.oci.tar

clean:
	$(DOTNET) clean KpiMonitoring.sln -c $(CONFIG)
