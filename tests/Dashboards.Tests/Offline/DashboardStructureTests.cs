using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using KpiMonitoring.Dashboards.Tests.Support;

namespace KpiMonitoring.Dashboards.Tests.Offline;

/// <summary>What Grafana needs to provision the dashboards, and what an analyst needs to read them.</summary>
public sealed partial class DashboardStructureTests
{
    /// <summary>Runbook links are relative to the dashboard's docs_url constant, never to a fixed host.</summary>
    private const string RunbookBase = "${docs_url}/docs/runbooks/";

    [Fact]
    public void The_dashboards_folder_holds_exactly_the_provisioned_dashboards_with_unique_uids()
    {
        var files = Directory.GetFiles(RepoPaths.Dashboards, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal);
        files.ShouldBe(Dashboard.Uids.Keys.Order(StringComparer.Ordinal));
        Dashboard.Uids.Keys.Select(f => Dashboard.Load(f).Uid).ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Dashboard_parses_with_its_stable_uid_title_tags_and_schema(string file)
    {
        var dashboard = Dashboard.Load(file);

        dashboard.Uid.ShouldBe(Dashboard.Uids[file]);
        ((string?)dashboard.Json["title"]).ShouldNotBeNullOrWhiteSpace();
        ((string?)dashboard.Json["description"]).ShouldNotBeNullOrWhiteSpace();
        (dashboard.Json["id"] is null).ShouldBeTrue("a provisioned dashboard carries no database id");
        ((int?)dashboard.Json["schemaVersion"] ?? 0).ShouldBeGreaterThanOrEqualTo(39);
        Strings(dashboard.Json["tags"]).ShouldContain("kpi");
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Datasource_variable_defaults_to_the_provisioned_prometheus(string file)
    {
        var variable = Dashboard.Load(file).Variables.SingleOrDefault(v => (string?)v["name"] == "datasource");

        variable.ShouldNotBeNull("every dashboard needs the 'datasource' template variable");
        ((string?)variable["type"]).ShouldBe("datasource");
        ((string?)variable["query"]).ShouldBe("prometheus");
        ((string?)variable["current"]?["value"]).ShouldBe(ProvisionedDatasourceUid());
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Every_panel_and_target_queries_through_the_datasource_variable(string file)
    {
        var dashboard = Dashboard.Load(file);
        var offenders = new List<string>();
        foreach (var panel in dashboard.ContentPanels.Where(p => p["targets"] is JsonArray { Count: > 0 }))
        {
            if (!UsesDatasourceVariable(panel["datasource"]))
            {
                offenders.Add($"panel {panel["id"]} '{panel["title"]}': {panel["datasource"]?.ToJsonString() ?? "none"}");
            }
        }

        foreach (var target in dashboard.Targets.Where(t => !UsesDatasourceVariable(t.Json["datasource"])))
        {
            offenders.Add($"{target}: {target.Json["datasource"]?.ToJsonString() ?? "none"}");
        }

        foreach (var variable in dashboard.Variables.Where(v => (string?)v["type"] == "query" && !UsesDatasourceVariable(v["datasource"])))
        {
            offenders.Add($"variable {variable["name"]}");
        }

        offenders.ShouldBeEmpty();
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Every_panel_has_a_title_a_description_a_unique_id_and_a_place(string file)
    {
        var dashboard = Dashboard.Load(file);
        var panels = dashboard.Panels.ToList();

        panels.ShouldNotBeEmpty();
        panels.Where(p => string.IsNullOrWhiteSpace((string?)p["title"])).Select(p => (int?)p["id"]).ShouldBeEmpty("panels without a title");
        panels.Where(p => string.IsNullOrWhiteSpace((string?)p["description"])).Select(p => (string?)p["title"]).ShouldBeEmpty("panels without a description");
        panels.Select(p => (int?)p["id"]).ShouldBeUnique();
        panels.Where(p => p["gridPos"] is not JsonObject).Select(p => (string?)p["title"]).ShouldBeEmpty("panels without gridPos");
        dashboard.ContentPanels
            .Where(p => (string?)p["type"] != "text" && p["targets"] is not JsonArray { Count: > 0 })
            .Select(p => (string?)p["title"])
            .ShouldBeEmpty("panels without a query");
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Every_target_has_a_refid_and_an_expression_whose_variables_are_all_defined(string file)
    {
        var dashboard = Dashboard.Load(file);
        var defined = dashboard.Variables.Select(v => (string?)v["name"] ?? "")
            .Concat(TemplateVariables.BuiltIns.Keys)
            .Distinct(StringComparer.Ordinal)
            .ToDictionary(n => n, n => "x", StringComparer.Ordinal);

        foreach (var target in dashboard.Targets)
        {
            target.RefId.ShouldNotBeNullOrWhiteSpace(target.ToString());
            target.Expr.ShouldNotBeNullOrWhiteSpace(target.ToString());
            TemplateVariables.HasUnresolved(TemplateVariables.Substitute(target.Expr, defined)).ShouldBeFalse(target.ToString());
        }

        dashboard.Targets.Select(t => (t.PanelId, t.RefId)).ShouldBeUnique();
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Query_variables_are_label_values_queries_on_the_datasource(string file)
    {
        foreach (var variable in Dashboard.Load(file).Variables.Where(v => (string?)v["type"] == "query"))
        {
            var name = (string?)variable["name"];
            var query = VariableQuery(variable);
            LabelValues().IsMatch(query).ShouldBeTrue($"variable {name}: '{query}' is not label_values(selector, label)");
            ((string?)variable["definition"]).ShouldBe(query, $"variable {name}: definition and query differ");
            ((int?)variable["refresh"] ?? 0).ShouldBeGreaterThan(0, $"variable {name} must refresh (on load or on time range change)");
        }
    }

    [Fact]
    public void Checkout_overview_chooses_the_dataset_and_revenue_freshness_the_table()
    {
        VariableQuery(Dashboard.Load("checkout-overview.json").Variables.Single(v => (string?)v["name"] == "dataset"))
            .ShouldBe("label_values(kpi_checkout_hour_transactions, dataset)");
        VariableQuery(Dashboard.Load("revenue-freshness.json").Variables.Single(v => (string?)v["name"] == "table"))
            .ShouldStartWith("label_values(");
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Dashboard_links_reach_the_other_two_dashboards(string file)
    {
        var dashboard = Dashboard.Load(file);
        var urls = (dashboard.Json["links"]?.AsArray() ?? []).Select(l => (string?)l?["url"] ?? "").ToList();

        foreach (var other in Dashboard.Uids.Values.Where(uid => uid != dashboard.Uid))
        {
            urls.ShouldContain(url => url.StartsWith($"/d/{other}/", StringComparison.Ordinal), $"no link to {other}");
        }
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Runbook_links_point_at_runbooks_that_exist(string file)
    {
        var dashboard = Dashboard.Load(file);
        var links = RunbookLink().Matches(dashboard.Json.ToJsonString()).Select(m => m.Groups["name"].Value).Distinct().ToList();

        links.ShouldNotBeEmpty("a dashboard links to the runbooks of the alerts it shows");
        links.Where(name => !File.Exists(Path.Combine(RepoPaths.Runbooks, name + ".md"))).ShouldBeEmpty("links to missing runbooks");
        dashboard.ContentPanels
            .Any(p => (string?)p["type"] == "text" && ((string?)p["options"]?["content"] ?? "").Contains(RunbookBase, StringComparison.Ordinal))
            .ShouldBeTrue("a text panel lists the runbooks");
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Runbook_links_name_no_host_but_the_docs_url_constant(string file)
    {
        var text = Dashboard.Load(file).Json.ToJsonString();

        AbsoluteRunbookLink().Matches(text).Select(m => m.Value).ShouldBeEmpty("runbook links go through ${docs_url}");
    }

    /// <summary>One default for the docs base: the dashboards' docs_url is the Alertmanager templates' kpi.docs_url.</summary>
    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Docs_url_is_a_hidden_constant_defaulting_to_the_notifications_docs_base(string file)
    {
        var variable = Dashboard.Load(file).Variables.SingleOrDefault(v => (string?)v["name"] == "docs_url");

        variable.ShouldNotBeNull("every dashboard needs the 'docs_url' constant its runbook links use");
        ((string?)variable["type"]).ShouldBe("constant");
        ((int?)variable["hide"]).ShouldBe(2, "the docs base is configuration, not a choice on the dashboard");
        var docsUrl = (string?)variable["query"];
        docsUrl.ShouldBe(AlertmanagerTemplateDocsUrl());
        ((string?)variable["current"]?["value"]).ShouldBe(docsUrl);
        Uri.TryCreate(docsUrl, UriKind.Absolute, out var uri).ShouldBeTrue($"'{docsUrl}' is not an absolute URL");
        uri!.Scheme.ShouldBeOneOf("http", "https");
    }

    [Fact]
    public async Task Rendering_for_another_place_sets_docs_host_time_zone_currency_time_range_and_refresh_and_nothing_else()
    {
        using var output = new TempDirectory();
        const string docsUrl = "https://git.kpi.test/ops/kpi-monitoring/-/blob/main";

        var result = await Command.RunAsync(
            "bash",
            [RepoPaths.File("infrastructure", "grafana", "render-dashboards.sh"), output.Path],
            new Dictionary<string, string>
            {
                ["DOCS_URL"] = docsUrl + "/",
                ["TIME_ZONE"] = "America/Sao_Paulo",
                ["REVENUE_UNIT"] = "currencyBRL",
                ["TIME_FROM"] = "now-15m",
                ["REFRESH"] = "5s",
            });

        result.ExitCode.ShouldBe(0, result.Output);
        foreach (var file in Dashboard.Uids.Keys)
        {
            var rendered = JsonNode.Parse(File.ReadAllText(Path.Combine(output.Path, file)))!.AsObject();
            var shipped = JsonNode.Parse(File.ReadAllText(Path.Combine(RepoPaths.Dashboards, file)))!.AsObject();
            var constant = DocsUrlConstant(rendered);
            ((string?)constant["query"]).ShouldBe(docsUrl, file);
            ((string?)constant["current"]?["value"]).ShouldBe(docsUrl, file);
            ((string?)rendered["timezone"]).ShouldBe("America/Sao_Paulo", file);
            ((string?)rendered["time"]?["from"]).ShouldBe("now-15m", file);
            ((string?)rendered["refresh"]).ShouldBe("5s", file);
            var units = CurrencyUnits(rendered).ToList();
            units.ShouldAllBe(unit => unit["unit"]!.GetValue<string>() == "currencyBRL", file);
            units.Count.ShouldBe(CurrencyUnits(shipped).Count(), file);

            // Everything else is the shipped dashboard.
            rendered["templating"]!["list"]!.AsArray().Remove(constant);
            shipped["templating"]!["list"]!.AsArray().Remove(DocsUrlConstant(shipped));
            rendered["timezone"] = shipped["timezone"]?.DeepClone();
            rendered["time"] = shipped["time"]?.DeepClone();
            rendered["refresh"] = shipped["refresh"]?.DeepClone();
            foreach (var (unit, original) in units.Zip(CurrencyUnits(shipped)))
            {
                unit["unit"] = original["unit"]!.DeepClone();
            }

            rendered.ToJsonString().ShouldBe(shipped.ToJsonString(), file);
        }
    }

    [Theory]
    [InlineData("TIME_FROM", "15m")]
    [InlineData("TIME_FROM", "now-")]
    [InlineData("REFRESH", "often")]
    public async Task Rendering_refuses_a_time_range_or_refresh_grafana_would_not_understand(string variable, string value)
    {
        using var output = new TempDirectory();

        var result = await Command.RunAsync(
            "bash",
            [RepoPaths.File("infrastructure", "grafana", "render-dashboards.sh"), output.Path],
            new Dictionary<string, string> { [variable] = value });

        result.ExitCode.ShouldNotBe(0);
        result.Output.ShouldContain($"{variable} must look like");
        Directory.GetFiles(output.Path).ShouldBeEmpty();
    }

    private static JsonObject DocsUrlConstant(JsonObject dashboard) =>
        (dashboard["templating"]?["list"]?.AsArray() ?? []).OfType<JsonObject>().Single(v => (string?)v["name"] == "docs_url");

    /// <summary>The fieldConfig defaults of every panel whose unit is a currency.</summary>
    private static IEnumerable<JsonObject> CurrencyUnits(JsonObject dashboard)
    {
        var stack = new Stack<JsonObject>((dashboard["panels"]?.AsArray() ?? []).OfType<JsonObject>().Reverse());
        while (stack.TryPop(out var panel))
        {
            if (panel["fieldConfig"]?["defaults"] is JsonObject defaults && ((string?)defaults["unit"] ?? "").StartsWith("currency", StringComparison.Ordinal))
            {
                yield return defaults;
            }

            foreach (var inner in (panel["panels"]?.AsArray() ?? []).OfType<JsonObject>().Reverse())
            {
                stack.Push(inner);
            }
        }
    }

    /// <summary>Live defaults: a business day at a glance, refreshed about as often as the exporter changes.</summary>
    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Dashboard_opens_on_the_last_24_hours_refreshing_every_minute_in_the_business_time_zone(string file)
    {
        var json = Dashboard.Load(file).Json;

        ((string?)json["time"]?["from"]).ShouldBe("now-24h");
        ((string?)json["time"]?["to"]).ShouldBe("now");
        ((string?)json["refresh"]).ShouldBe("1m");
        // The exporter's default business time zone (Checkout:TimeZone); render-dashboards.sh sets another one.
        ((string?)json["timezone"]).ShouldBe("utc");
    }

    [Theory]
    [MemberData(nameof(Dashboard.Files), MemberType = typeof(Dashboard))]
    public void Firing_alerts_are_annotations_from_ALERTS_through_the_datasource_variable(string file)
    {
        var annotation = Dashboard.Load(file).FiringAlertsAnnotation;

        UsesDatasourceVariable(annotation["datasource"]).ShouldBeTrue(annotation.ToJsonString());
        ((bool?)annotation["enable"]).ShouldBe(true, "shown by default");
        var expr = (string?)annotation["expr"] ?? "";
        expr.ShouldStartWith("ALERTS{");
        expr.ShouldContain("alertstate=\"firing\"");
        ((string?)annotation["titleFormat"]).ShouldBe("{{severity}} {{alertname}}");
    }

    [Fact]
    public void Annotations_follow_the_dashboards_selection()
    {
        ((string?)Dashboard.Load("checkout-overview.json").FiringAlertsAnnotation["expr"] ?? "").ShouldContain("dataset=\"$dataset\"");
        ((string?)Dashboard.Load("revenue-freshness.json").FiringAlertsAnnotation["expr"] ?? "").ShouldContain("database=~\"$database\", table=~\"$table\"");
    }

    [Fact]
    public void Revenue_amounts_are_shown_in_a_currency()
    {
        var amounts = Dashboard.Load("revenue-freshness.json").ContentPanels
            .Where(p => (p["targets"]?.AsArray() ?? []).Any(t => ((string?)t?["expr"] ?? "").Contains("kpi_revenue_hour_amount{", StringComparison.Ordinal)))
            .ToList();

        amounts.Count.ShouldBeGreaterThanOrEqualTo(3);
        amounts.Where(p => !((string?)p["fieldConfig"]?["defaults"]?["unit"] ?? "").StartsWith("currency", StringComparison.Ordinal))
            .Select(p => (string?)p["title"])
            .ShouldBeEmpty("revenue panels without a currency unit");
    }

    /// <summary>
    /// Every configured alert threshold the rules compare against (a <c>threshold</c> label of
    /// <c>kpi_checkout_threshold</c> or <c>kpi_revenue_threshold</c>, as recorded), found in rules/ itself.
    /// </summary>
    public static TheoryData<string, string> ConfiguredThresholdsInTheRules()
    {
        var data = new TheoryData<string, string>();
        foreach (var (quantity, threshold) in RuleThresholdComparisons().Distinct())
        {
            data.Add(quantity, threshold);
        }

        return data;
    }

    /// <summary>The rules compare against every threshold the exporter exports, and the parse below finds them all.</summary>
    [Fact]
    public void The_rules_compare_against_every_exported_threshold()
    {
        RuleThresholdComparisons().Select(c => c.Threshold).Distinct().Order(StringComparer.Ordinal).ShouldBe(
            [
                "drop_max_deviation_ratio", "drop_max_ratio_previous_hour", "drop_max_ratio_same_hour_last_week", "drop_max_zscore",
                "drop_min_expected", "drop_min_transactions_last_week", "rate_drop_max_deviation_ratio", "rate_drop_max_zscore",
                "rate_drop_min_expected", "sharp_drop_max_deviation_ratio", "sharp_drop_max_zscore", "stopped_max_deviation_ratio",
                "stopped_max_ln_tail_bound", "stopped_min_expected", "stopped_min_transactions",
            ]);
    }

    /// <summary>
    /// Where a panel plots a quantity an alert compares against a configured threshold, the panel also reads that
    /// threshold from the exporter's gauge (a dashed series, a gate bar or the line a stat has reached), for the
    /// selected dataset or tables. A quantity no panel plots is listed in <see cref="NotPlotted"/>, and stays unplotted.
    /// </summary>
    [Theory]
    [MemberData(nameof(ConfiguredThresholdsInTheRules))]
    public void A_panel_that_plots_an_alerts_quantity_reads_its_configured_threshold(string quantity, string threshold)
    {
        var plotting = Dashboard.Uids.Keys.Select(Dashboard.Load)
            .SelectMany(d => d.ContentPanels.Select(p => (Dashboard: d, Panel: p)))
            .Where(x => Exprs(x.Panel).Any(e => e.Contains(quantity, StringComparison.Ordinal)))
            .ToList();

        if (NotPlotted.Contains(quantity))
        {
            plotting.Select(x => (string?)x.Panel["title"]).ShouldBeEmpty($"{quantity} is plotted now: draw '{threshold}' there and take it off NotPlotted");
            return;
        }

        plotting.ShouldNotBeEmpty($"no panel plots {quantity}, which alerts compare against '{threshold}'");
        foreach (var (dashboard, panel) in plotting)
        {
            Exprs(panel).ShouldContain(
                e => ThresholdGaugeRead().Matches(e).Any(m => m.Groups["threshold"].Value == threshold),
                $"{dashboard.FileName} '{panel["title"]}' plots {quantity} without reading '{threshold}' from the exporter's gauge");
        }
    }

    /// <summary>
    /// No panel colors or draws a configurable threshold as a number of its own: the only fixed steps left are the
    /// ones no setting changes (a source is up at 1, a share of a configured maximum reaches it at 100 %, and the two
    /// comparisons the rules make with a constant, checked below).
    /// </summary>
    [Fact]
    public void The_only_fixed_threshold_steps_are_those_no_setting_changes()
    {
        var allowed = new HashSet<string>(StringComparer.Ordinal)
        {
            "checkout-overview.json 'File loaded' 1",
            "checkout-overview.json 'File age' 1",
            "revenue-freshness.json 'Revenue in the last completed hour' 0.01",
            "revenue-freshness.json 'Rows with a negative amount' 1",
            "revenue-freshness.json 'Database checks' 1",
            "exporter-health.json 'Exporter scraped' 1",
            "exporter-health.json 'Sources failing' 0",
            "exporter-health.json 'Sources failing' 1",
            "exporter-health.json 'Sources up' 1",
        };
        var found = new List<string>();
        foreach (var dashboard in Dashboard.Uids.Keys.Select(Dashboard.Load))
        {
            foreach (var panel in dashboard.ContentPanels)
            {
                var stepLists = new[] { panel["fieldConfig"]?["defaults"]?["thresholds"]?["steps"] }
                    .Concat((panel["fieldConfig"]?["overrides"]?.AsArray() ?? [])
                        .SelectMany(o => o?["properties"]?.AsArray() ?? [])
                        .Where(p => (string?)p?["id"] == "thresholds")
                        .Select(p => p?["value"]?["steps"]));
                found.AddRange(stepLists
                    .SelectMany(steps => steps?.AsArray() ?? [])
                    .Select(step => step?["value"])
                    .Where(value => value is not null)
                    .Select(value => $"{dashboard.FileName} '{panel["title"]}' {((double)value!).ToString(CultureInfo.InvariantCulture)}"));
            }
        }

        found.Where(step => !allowed.Contains(step)).ShouldBeEmpty("thresholds written into a panel: read them from the exporter's gauges");
        var rules = string.Concat(RepoPaths.RuleFiles.Select(File.ReadAllText));
        rules.ShouldContain("max without (instance, job, window) (kpi_revenue_hour_amount{window=\"last_hour\"}) <= 0", Case.Sensitive, "RevenueStopped's fixed 'no revenue'");
        rules.ShouldContain("max without (instance, job) (kpi_data_quality_negative_amount_rows) > 0", Case.Sensitive, "NegativeAmountRows' fixed 'any row'");
    }

    /// <summary>The z-score and deviation stats say which configured line the hour has reached, in the alerts' colors.</summary>
    [Theory]
    [InlineData("z-score", 0, "above the P3 line", "green")]
    [InlineData("z-score", 1, "P3 line reached", "orange")]
    [InlineData("z-score", 2, "P2 line reached", "red")]
    [InlineData("Deviation from expected", 0, "above the P3 line", "green")]
    [InlineData("Deviation from expected", 1, "P3 line reached", "orange")]
    [InlineData("Deviation from expected", 2, "P2 line reached", "red")]
    [InlineData("Deviation from expected", 3, "P1 line reached", "dark-red")]
    [InlineData("Expected", 0, "below every gate: not judged", "text")]
    [InlineData("Expected", 3, "P1 and P2/P3 gates met", "blue")]
    public void Checkout_stats_show_the_configured_line_reached(string title, int lines, string text, string color)
    {
        var panel = Dashboard.Load("checkout-overview.json").ContentPanels.Single(p => (string?)p["title"] == title && (string?)p["type"] == "stat");

        StatDisplay.Of(panel, lines, "B").ShouldBe(new StatDisplay(text, color));
    }

    /// <summary>Quantities alerts compare against a configured threshold that no panel plots (the revenue streams' last 15 minutes, the P1's Poisson bound).</summary>
    private static readonly HashSet<string> NotPlotted = new(StringComparer.Ordinal)
    {
        "dataset:checkout_transactions:poisson_lower_tail_ln_bound",
        "table:revenue_recent_transactions:zscore",
        "table:revenue_recent_transactions:deviation_ratio",
        "table:revenue_recent_transactions:expected",
    };

    private static IEnumerable<string> Exprs(JsonObject panel) =>
        (panel["targets"]?.AsArray() ?? []).Select(t => (string?)t?["expr"] ?? "");

    private static IEnumerable<(string Quantity, string Threshold)> RuleThresholdComparisons() =>
        RepoPaths.RuleFiles.SelectMany(f => RuleThresholdComparison().Matches(File.ReadAllText(f)))
            .Select(m => (m.Groups["quantity"].Value, m.Groups["threshold"].Value));

    /// <summary>The first thing the checkout overview shows: today so far against the same hours of yesterday and last week.</summary>
    [Fact]
    public void Checkout_overview_opens_on_today_so_far_from_the_recording_rules()
    {
        var dashboard = Dashboard.Load("checkout-overview.json");
        var top = dashboard.Json["panels"]!.AsArray().OfType<JsonObject>().Single(p => (int?)p["gridPos"]?["y"] == 0);
        var rules = File.ReadAllText(Path.Combine(RepoPaths.Rules, "checkout-day.rules.yml"));

        ((string?)top["type"]).ShouldBe("row");
        ((string?)top["title"]).ShouldStartWith("Today so far");
        var headline = dashboard.Targets.Where(t => t.PanelTitle is "Checkouts today so far" or "Today so far against yesterday and last week" or "Every dataset today so far").ToList();
        headline.Count.ShouldBe(10);
        foreach (var target in headline)
        {
            var recorded = RecordingRuleName().Matches(target.Expr).Select(m => m.Value).ToList();
            recorded.ShouldNotBeEmpty(target.ToString());
            recorded.ShouldAllBe(name => rules.Contains($"record: {name}\n", StringComparison.Ordinal), target.ToString());
        }
    }

    /// <summary>
    /// The stream panel draws the two sides of RevenueSilence: the silence, and k over the expected rate (the silence
    /// at which silence x rate reaches k); the alert compares exactly those.
    /// </summary>
    [Fact]
    public void Silence_panel_draws_the_two_sides_of_the_RevenueSilence_comparison()
    {
        var panel = Dashboard.Load("revenue-freshness.json").Targets.Where(t => t.PanelTitle.StartsWith("Time since the last sale", StringComparison.Ordinal)).ToList();
        var rules = Whitespace().Replace(File.ReadAllText(Path.Combine(RepoPaths.Rules, "revenue-stream.rules.yml")), " ");

        panel.Select(t => t.Expr).ShouldBe(
        [
            "table:revenue_silence:seconds{database=~\"$database\", table=~\"$table\"}",
            "table:revenue_silence_alarm:seconds{database=~\"$database\", table=~\"$table\"}",
        ]);
        rules.ShouldContain("record: table:revenue_silence:expected_transactions expr: table:revenue_silence:seconds * table:revenue_expected_rate:per_second");
        rules.ShouldContain("record: table:revenue_silence_alarm:seconds expr: | max without (instance, job) (kpi_revenue_silence_threshold_transactions) / (table:revenue_expected_rate:per_second > 0)");
        rules.ShouldContain("expr: | table:revenue_silence:expected_transactions >= max without (instance, job) (kpi_revenue_silence_threshold_transactions)");
    }

    /// <summary>No file-age threshold written into the dashboard: the share of the exporter's configured maximum colors it.</summary>
    [Fact]
    public void File_age_is_judged_against_the_exported_maximum_not_a_fixed_number_of_seconds()
    {
        var panel = Dashboard.Load("checkout-overview.json").ContentPanels.Single(p => (string?)p["title"] == "File age");
        var share = Dashboard.Load("checkout-overview.json").Targets.Single(t => t.PanelTitle == "File age" && t.RefId == "B");

        (panel["fieldConfig"]?["defaults"]?["thresholds"]?["steps"]?.AsArray() ?? []).Count.ShouldBe(1, "the age in seconds has no threshold of its own");
        share.Expr.ShouldContain("/ on(dataset) max by (dataset) (kpi_checkout_max_age_seconds{dataset=\"$dataset\"})");
        StatDisplay.Of(panel, 0.99, "B").Color.ShouldBe("green");
        StatDisplay.Of(panel, 1.01, "B").Color.ShouldBe("orange");
        StatDisplay.Of(panel, -1, "B").Text.ShouldBe("not judged (replay)");
    }

    internal static string VariableQuery(JsonObject variable) =>
        variable["query"] is JsonObject query ? (string?)query["query"] ?? "" : (string?)variable["query"] ?? "";

    private static string ProvisionedDatasourceUid()
    {
        var file = RepoPaths.File("infrastructure", "grafana", "provisioning", "datasources", "prometheus.yml");
        var uid = File.ReadLines(file).Select(l => DatasourceUid().Match(l)).FirstOrDefault(m => m.Success);
        uid.ShouldNotBeNull($"{file} names no datasource uid");
        return uid.Groups["uid"].Value;
    }

    private static bool UsesDatasourceVariable(JsonNode? datasource) =>
        datasource is JsonObject ds && (string?)ds["type"] == "prometheus" && (string?)ds["uid"] == "${datasource}";

    private static IEnumerable<string> Strings(JsonNode? array) => (array?.AsArray() ?? []).Select(n => (string?)n ?? "");

    /// <summary>
    /// A rule's comparison of a quantity with a configured threshold: <c>quantity &lt;= on(dataset) gauge{threshold="name"}</c>,
    /// or for the database rules, which keep every label but the scrape's, <c>quantity &lt;= ignoring(currency) group_left()
    /// max without (instance, job, threshold) (gauge{threshold="name"})</c>.
    /// </summary>
    [GeneratedRegex(@"(?<quantity>[a-z_]+(?::[a-z_]+)*)(?:\{[^}]*\})?\)?\s+(?:<=|>=|<|>)\s+(?:on\(\w+\)\s+|ignoring\(currency\) group_left\(\)\s+)?(?:max by \(\w+\) \(|max without \(instance, job, threshold\) \()?(?:dataset:checkout_threshold:value|table:revenue_threshold:value|kpi_checkout_threshold|kpi_revenue_threshold)\{threshold=""(?<threshold>\w+)""\}")]
    private static partial Regex RuleThresholdComparison();

    /// <summary>A dashboard query reading a configured threshold of the selected dataset or tables.</summary>
    [GeneratedRegex(@"(?:dataset:checkout_threshold:value\{dataset=""\$dataset""|table:revenue_threshold:value\{database=~""\$database"", table=~""\$table""), threshold=""(?<threshold>\w+)""\}")]
    private static partial Regex ThresholdGaugeRead();

    [GeneratedRegex(@"\b[a-z_]+:[a-z_]+:[a-z_]+\b")]
    private static partial Regex RecordingRuleName();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^label_values\((?<selector>.+),\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\)$")]
    private static partial Regex LabelValues();

    private static string AlertmanagerTemplateDocsUrl()
    {
        var template = Path.Combine(RepoPaths.Alertmanager, "templates", "common.tmpl");
        var match = File.ReadLines(template).Select(l => DocsUrlDefine().Match(l)).FirstOrDefault(m => m.Success);
        match.ShouldNotBeNull($"{template} defines no kpi.docs_url");
        return match.Groups["url"].Value;
    }

    [GeneratedRegex(@"\$\{docs_url\}/docs/runbooks/(?<name>[A-Za-z]+)\.md")]
    private static partial Regex RunbookLink();

    [GeneratedRegex(@"[a-z]+://[^""\s)]*/runbooks")]
    private static partial Regex AbsoluteRunbookLink();

    [GeneratedRegex(@"^\{\{ define ""kpi\.docs_url"" \}\}(?<url>.*)\{\{ end \}\}$")]
    private static partial Regex DocsUrlDefine();

    [GeneratedRegex(@"^\s+uid:\s*(?<uid>\S+)\s*$")]
    private static partial Regex DatasourceUid();
}
