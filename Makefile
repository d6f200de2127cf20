# Business KPI monitoring stack. `make demo` runs it on the bundled data; `make test` runs every test.
SHELL := /bin/bash
.DEFAULT_GOAL := help

CONFIG ?= Release
PORT ?= 10123
SECONDS_PER_HOUR ?= 10
DOTNET ?= dotnet

.PHONY: help deps restore build test test-dotnet test-rules demo demo-exporter backtest bench time-to-detect clean

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

test-dotnet:
	$(DOTNET) test KpiMonitoring.sln -c $(CONFIG) --no-build --logger "console;verbosity=normal"

demo: deps build ## the whole stack from local binaries on the bundled data, until Ctrl-C (see README)
	$(DOTNET) tools/Stack/bin/$(CONFIG)/net10.0/KpiMonitoring.Stack.dll --seconds-per-hour $(SECONDS_PER_HOUR) $(DEMO_ARGS)

demo-exporter: build ## the exporter alone, replaying the bundled days
	$(DOTNET) run --project exporter -c $(CONFIG) --no-build -- --data-dir data --mode Replay \
		--seconds-per-hour $(SECONDS_PER_HOUR) --urls http://127.0.0.1:$(PORT)

# The build's chatter goes to stderr so that FORMAT=json leaves only JSON on stdout.
backtest: ## replay a day through the exporter and Prometheus with the rules: make backtest FILE=data/checkout_2.csv [FORMAT=json] [RULES=dir] [THRESHOLDS=settings.json]
	@$(MAKE) --no-print-directory deps build >&2
	@$(DOTNET) tools/Backtest/bin/$(CONFIG)/net10.0/KpiMonitoring.Backtest.dll --format $(or $(FORMAT),table) \
		--rules $(or $(RULES),rules) $(if $(THRESHOLDS),--thresholds $(THRESHOLDS)) $(FILE)

bench: ## run the benchmarks: make bench [SUITE=csv|database|web] [BENCH_ARGS=--quick] (figures in README)
	@bash scripts/install-deps.sh --bench
	$(DOTNET) run --project bench -c Release -- $(or $(SUITE),csv) $(BENCH_ARGS)

time-to-detect: build ## stop-to-page time of the fast revenue alert on a steady feed: make time-to-detect RATE=360 [TRIALS=3] [SLOT=900] [CSV=1 [REFRESH=1]]
	$(DOTNET) tools/Stack/bin/$(CONFIG)/net10.0/KpiMonitoring.Stack.dll --time-to-detect $(or $(RATE),3600) --trials $(or $(TRIALS),1) --slot-seconds $(or $(SLOT),900) $(if $(CSV),--csv --refresh-seconds $(or $(REFRESH),1))

clean:
	$(DOTNET) clean KpiMonitoring.sln -c $(CONFIG)
