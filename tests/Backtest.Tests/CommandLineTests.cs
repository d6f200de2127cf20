using System.CommandLine;

namespace KpiMonitoring.Backtest.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void One_file_takes_the_defaults()
    {
        var options = Parse(["data/checkout_2.csv"]);

        options.Files.ShouldBe(["data/checkout_2.csv"]);
        options.RulesDirectory.ShouldBe("rules");
        options.SecondsPerHour.ShouldBe(2);
        options.Format.ShouldBe(OutputFormat.Table);
        options.ExporterArguments.ShouldBe([]);
    }

    [Fact]
    public void A_thresholds_file_goes_to_the_exporter_as_its_config_file()
    {
        var settings = Path.GetTempFileName();
        try
        {
            var options = Parse(["a.csv", "--thresholds", settings, "--exporter-arg=--Checkout:TimeZone=UTC"]);

            options.ExporterArguments.ShouldBe(["--config", Path.GetFullPath(settings), "--Checkout:TimeZone=UTC"]);
        }
        finally
        {
            File.Delete(settings);
        }
    }

    [Fact]
    public void Options_and_several_files_mix_in_any_order()
    {
        var options = Parse(["a.csv", "--format", "json", "--rules", "other", "--seconds-per-hour", "4", "b.tsv"]);

        options.Files.ShouldBe(["a.csv", "b.tsv"]);
        options.Format.ShouldBe(OutputFormat.Json);
        options.RulesDirectory.ShouldBe("other");
        options.SecondsPerHour.ShouldBe(4);
    }

    [Theory]
    [InlineData(new string[0], "no day file given")]
    [InlineData(new[] { "a.csv", "--format", "xml" }, "--format must be table or json, not 'xml'")]
    [InlineData(new[] { "a.csv", "--seconds-per-hour", "0.1" }, "--seconds-per-hour must be a number from 1 to 60, not '0.1'")]
    [InlineData(new[] { "a.csv", "--seconds-per-hour", "2,5" }, "--seconds-per-hour must be a number from 1 to 60, not '2,5'")]
    [InlineData(new[] { "a.csv", "--rules" }, "--rules")]
    [InlineData(new[] { "a.csv", "--speed", "2" }, "unknown option '--speed'")]
    [InlineData(new[] { "a.csv", "--thresholds", "/no/such/settings.json" }, "--thresholds /no/such/settings.json: no such file")]
    public void Bad_command_lines_are_rejected_with_the_reason(string[] args, string reason)
    {
        var errors = CommandLine.Create(NotRun).Parse(args).Errors.Select(e => e.Message).ToList();

        errors.ShouldContain(message => message.Contains(reason, StringComparison.Ordinal), $"errors: {string.Join(" | ", errors)}");
    }

    [Fact]
    public async Task Help_prints_every_option_on_stdout_and_exits_0()
    {
        using var output = new StringWriter();
        using var progress = new StringWriter();

        var code = await BacktestCommand.RunAsync(["--help"], output, progress);

        code.ShouldBe(0);
        output.ToString().ShouldSatisfyAllConditions(
            help => help.ShouldContain("FILE"),
            help => help.ShouldContain("--format"),
            help => help.ShouldContain("--rules"),
            help => help.ShouldContain("--seconds-per-hour"));
        progress.ToString().ShouldBeEmpty();
    }

    [Fact]
    public async Task Bad_command_line_exits_2_with_nothing_on_stdout()
    {
        using var output = new StringWriter();
        using var progress = new StringWriter();

        var code = await BacktestCommand.RunAsync(["--format", "xml", "a.csv"], output, progress);

        code.ShouldBe(2);
        output.ToString().ShouldBeEmpty();
        progress.ToString().ShouldSatisfyAllConditions(
            text => text.ShouldContain("backtest: --format must be table or json, not 'xml'"),
            text => text.ShouldContain("Usage:"));
    }

    [Fact]
    public async Task Missing_file_exits_1_before_starting_anything()
    {
        using var output = new StringWriter();
        using var progress = new StringWriter();

        var code = await BacktestCommand.RunAsync(["no/such/day.csv"], output, progress);

        code.ShouldBe(1);
        output.ToString().ShouldBeEmpty();
        progress.ToString().ShouldContain("no such file: no/such/day.csv");
    }

    [Fact]
    public async Task Two_files_with_the_same_dataset_name_are_rejected()
    {
        var dir = Directory.CreateTempSubdirectory("kpi-backtest-test-");
        try
        {
            Directory.CreateDirectory(Path.Combine(dir.FullName, "x"));
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "day.csv"), "time,today\n");
            await File.WriteAllTextAsync(Path.Combine(dir.FullName, "x", "day.csv"), "time,today\n");
            using var output = new StringWriter();
            using var progress = new StringWriter();

            var code = await BacktestCommand.RunAsync([Path.Combine(dir.FullName, "day.csv"), Path.Combine(dir.FullName, "x", "day.csv")], output, progress);

            code.ShouldBe(1);
            progress.ToString().ShouldContain("a second file named day");
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static BacktestOptions Parse(string[] args)
    {
        var result = CommandLine.Create(NotRun).Parse(args);
        result.Errors.ShouldBeEmpty();
        return CommandLine.Options(result);
    }

    private static Task<int> NotRun(BacktestOptions options, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("parsing must not run the backtest");
}
