using System.Net;
using System.Net.Sockets;
using KpiExporter.Tests.Support;
using KpiMonitoring.LocalServers;

namespace KpiExporter.Tests.Configuration;

/// <summary>The exporter process itself: every start-up mistake is one clear message and exit code 2, never a stack trace.</summary>
public sealed class StartupErrorTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        await using var process = ExporterProcess.Launch(args, environment);
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(30));
        return (exitCode, process.Output);
    }

    private static Task<(int ExitCode, string Output)> RunExporterAsync(params string[] args) =>
        RunAsync(["--urls", $"http://127.0.0.1:{FreePort.Next()}", .. args]);

    private static void ShouldBeOneCleanError(string output)
    {
        output.ShouldNotContain("   at ");
        output.ShouldNotContain("Unhandled exception");
    }

    [Fact]
    public async Task Missing_data_directory_stops_start_up_with_the_key_and_a_non_zero_exit_code()
    {
        var (exitCode, output) = await RunExporterAsync("--data-dir", "/no/such/dir");

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:DataDir = '/no/such/dir'");
    }

    [Fact]
    public async Task Non_positive_seconds_per_hour_and_unknown_time_zone_are_both_reported()
    {
        var (exitCode, output) = await RunExporterAsync("--data-dir", RepoPaths.Data, "--mode", "Replay", "--seconds-per-hour", "0", "--time-zone", "Nowhere/City");

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:Replay:SecondsPerHour = '0'");
        output.ShouldContain("Checkout:TimeZone = 'Nowhere/City'");
    }

    [Fact]
    public async Task Unknown_mode_lists_the_valid_values()
    {
        var (exitCode, output) = await RunExporterAsync("--data-dir", RepoPaths.Data, "--mode", "Livee");

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:Mode = 'Livee': must be one of Live, Replay.");
        ShouldBeOneCleanError(output);
    }

    [Theory]
    [InlineData("--port", "9000", "unknown switch '--port'; use --urls http://HOST:PORT.")]
    [InlineData("--timezone", "America/Sao_Paulo", "unknown switch '--timezone'; use --time-zone ZONE.")]
    [InlineData("--data-dirr", "data", "unknown switch '--data-dirr'; did you mean '--data-dir'?")]
    [InlineData("--Checkout:MaxAgeSecond=60", "", "Checkout:MaxAgeSecond: unknown setting; did you mean 'Checkout:MaxAgeSeconds'?")]
    [InlineData("--Database:Tables:0:TimestampColum=ts", "", "Database:Tables:0:TimestampColum: unknown setting; did you mean 'Database:Tables:0:TimestampColumn'?")]
    [InlineData("--Checkout:MaxAgeSeconds=2h", "", "Checkout:MaxAgeSeconds = '2h': must be a number (with a '.' for decimals).")]
    [InlineData("--Database:Targets:orders:ConnectionStringFil=/run/secrets/pg", "", "Database:Targets:orders:ConnectionStringFil: unknown setting; did you mean 'Database:Targets:orders:ConnectionStringFile'?")]
    [InlineData("--Database:Targets:orders:MaxPoolSize=many", "", "Database:Targets:orders:MaxPoolSize = 'many': must be a whole number.")]
    [InlineData("--Database:Tables:0:Databse=orders", "", "Database:Tables:0:Databse: unknown setting; did you mean 'Database:Tables:0:Database'?")]
    [InlineData("--Checkout:Datasets:shop:Thresholds:StopedMinExpected=4", "", "Checkout:Datasets:shop:Thresholds:StopedMinExpected: unknown setting; did you mean 'Checkout:Datasets:shop:Thresholds:StoppedMinExpected'?")]
    [InlineData("--Checkout:Thresholds:DropMaxZScore=1", "", "Checkout:Thresholds:DropMaxZScore = '1': must be below 0.")]
    [InlineData("--Web:ConfigFil=web.yml", "", "Web:ConfigFil: unknown setting; did you mean 'Web:ConfigFile'?")]
    [InlineData("--Web:ReloadIntervalSeconds=soon", "", "Web:ReloadIntervalSeconds = 'soon': must be a number (with a '.' for decimals).")]
    [InlineData("--web-config-file", "web.yml", "unknown switch '--web-config-file'; use --web.config.file FILE.")]
    public async Task Unknown_switches_and_keys_are_errors_that_name_the_closest_valid_one(string arg, string value, string expected)
    {
        string[] args = value.Length > 0 ? [arg, value] : [arg];

        var (exitCode, output) = await RunExporterAsync(["--data-dir", RepoPaths.Data, .. args]);

        exitCode.ShouldBe(2);
        output.ShouldContain(expected);
        ShouldBeOneCleanError(output);
    }

    [Fact]
    public async Task A_misspelt_environment_variable_is_an_error_too()
    {
        var (exitCode, output) = await RunAsync(
            ["--urls", $"http://127.0.0.1:{FreePort.Next()}", "--data-dir", RepoPaths.Data],
            new Dictionary<string, string> { ["Checkout__TimeZon"] = "America/Sao_Paulo" });

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:TimeZon: unknown setting; did you mean 'Checkout:TimeZone'?");
    }

    [Fact]
    public async Task A_listen_address_without_a_scheme_is_one_line_and_exit_2()
    {
        var (exitCode, output) = await RunAsync(["--urls", "127.0.0.1:10124", "--data-dir", RepoPaths.Data]);

        exitCode.ShouldBe(2);
        output.ShouldContain("Urls = '127.0.0.1:10124': not a URL to listen on; write it with its scheme");
        ShouldBeOneCleanError(output);
    }

    [Fact]
    public async Task A_port_in_use_is_one_line_and_exit_2()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = await RunAsync(["--urls", $"http://127.0.0.1:{port}", "--data-dir", RepoPaths.Data]);

        exitCode.ShouldBe(2);
        output.ShouldContain("kpi-exporter: cannot start:");
        output.ShouldContain(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        ShouldBeOneCleanError(output);
    }

    [Theory]
    [InlineData("basic_auth_users:\n  prometheus: hunter2\n", "Web:ConfigFile = '{0}': basic_auth_users.prometheus (line 2): not a bcrypt hash")]
    [InlineData("tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n", "Web:ConfigFile = '{0}': tls_server_config.cert_file '{1}': the file does not exist")]
    [InlineData("tls_server_config:\n  cert_file: server.crt\n  kee_file: server.key\n", "Web:ConfigFile = '{0}': tls_server_config.kee_file (line 3): unknown key")]
    public async Task An_invalid_web_config_file_stops_start_up_naming_the_key_and_exit_2(string content, string expected)
    {
        using var dir = new TempDirectory();
        var file = dir.Write("web.yml", content);

        var (exitCode, output) = await RunExporterAsync("--data-dir", RepoPaths.Data, "--web.config.file", file);

        exitCode.ShouldBe(2);
        output.ShouldContain(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, file, dir.File("server.crt")));
        output.ShouldNotContain("hunter2");
        ShouldBeOneCleanError(output);
    }

    [Fact]
    public async Task A_missing_web_config_file_and_https_without_one_are_configuration_errors()
    {
        var (exitCode, output) = await RunAsync(["--urls", $"https://127.0.0.1:{FreePort.Next()}", "--data-dir", RepoPaths.Data]);
        var (missingExit, missing) = await RunExporterAsync("--data-dir", RepoPaths.Data, "--web.config.file", "/no/such/web.yml");

        exitCode.ShouldBe(2);
        output.ShouldContain("https needs a certificate: set tls_server_config in a web configuration file (Web:ConfigFile, --web.config.file)");
        missingExit.ShouldBe(2);
        missing.ShouldContain("Web:ConfigFile = '/no/such/web.yml': cannot read the file: it does not exist.");
        ShouldBeOneCleanError(output);
    }

    [Fact]
    public async Task Tls_in_the_web_config_with_an_http_listen_address_asks_for_https()
    {
        using var dir = new TempDirectory();
        using var ca = new TestCertificates();
        ca.WriteServer(dir.File("server.crt"), dir.File("server.key"));
        var file = dir.Write("web.yml", "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n");
        var port = FreePort.Next();

        var (exitCode, output) = await RunAsync(["--urls", $"http://127.0.0.1:{port}", "--data-dir", RepoPaths.Data, "--web.config.file", file]);

        exitCode.ShouldBe(2);
        output.ShouldContain($"Urls = 'http://127.0.0.1:{port}': Web:ConfigFile turns TLS on (tls_server_config); listen on https://127.0.0.1:{port}.");
        ShouldBeOneCleanError(output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Help_prints_usage_and_exits_without_serving(string help)
    {
        var (exitCode, output) = await RunAsync([help]);

        exitCode.ShouldBe(0);
        output.ShouldContain("usage: kpi-exporter");
        output.ShouldContain("--time-zone ZONE");
        output.ShouldNotContain("listening on");
    }

    [Fact]
    public async Task Version_prints_the_version()
    {
        var (exitCode, output) = await RunAsync(["--version"]);

        exitCode.ShouldBe(0);
        output.ShouldStartWith("kpi-exporter ");
    }

    [Fact]
    public async Task A_config_file_is_read_and_its_keys_are_checked_like_the_rest()
    {
        using var dir = new TempDirectory();
        var good = dir.Write("good.json", $$"""{ "Checkout": { "DataDir": "{{RepoPaths.Data}}", "Mode": "Replay", "TimeZone": "America/Sao_Paulo" } }""");
        var bad = dir.Write("bad.json", """{ "Checkout": { "Mode": "Replay", "SecondsPerHoor": 5 } }""");
        var port = FreePort.Next();

        await using (var process = ExporterProcess.Launch(["--urls", $"http://127.0.0.1:{port}", "--config", good]))
        {
            await process.WaitForHttpAsync(new Uri($"http://127.0.0.1:{port}/readyz"), TimeSpan.FromSeconds(30));
            await process.WaitUntilAsync(() => Task.FromResult(process.Output.Contains("Mode Replay, business time zone America/Sao_Paulo, judging hour 00 now", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "the start-up log");
            process.Output.ShouldContain($"Source checkout_csv: data directory {RepoPaths.Data}");
            process.Output.ShouldContain("Source database: off");
        }

        var (exitCode, output) = await RunExporterAsync("--config", bad);

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:SecondsPerHoor: unknown setting");
    }

    [Fact]
    public async Task Check_config_reports_a_valid_configuration_and_exits_0_without_listening()
    {
        // The port is taken: --check-config never binds it, so it still succeeds.
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var (exitCode, output) = await RunAsync(
        [
            "--check-config", "--urls", $"http://127.0.0.1:{port}", "--data-dir", RepoPaths.Data, "--time-zone", "America/Sao_Paulo",
            "--Checkout:Datasets:checkout_2:Thresholds:StoppedMinExpected=10",
            "--Checkout:Deadlines:0:Name=shift_export", "--Checkout:Deadlines:0:Dataset=checkout_1", "--Checkout:Deadlines:0:Time=11:31",
            "--Checkout:Summary:Time=18:00",
        ]);

        exitCode.ShouldBe(0);
        output.ShouldContain("configuration OK");
        output.ShouldContain("business time zone America/Sao_Paulo");
        output.ShouldContain("dataset checkout_2: StoppedMinExpected=10");
        output.ShouldContain("deadline shift_export: file of checkout_1 by 11:31 every day, warning 30 min before");
        output.ShouldContain("daily summary: at 18:00 (America/Sao_Paulo), active 60 min");
        output.ShouldContain("database: off");
        output.ShouldNotContain("listening on");
    }

    [Fact]
    public async Task Check_config_names_every_failure_and_exits_2()
    {
        var (exitCode, output) = await RunAsync(["--check-config", "--data-dir", "/no/such/dir", "--Checkout:Thresholds:DropMaxZScore=2", "--Checkout:Summary:Time=6pm"]);

        exitCode.ShouldBe(2);
        output.ShouldContain("Checkout:DataDir = '/no/such/dir'");
        output.ShouldContain("Checkout:Thresholds:DropMaxZScore = '2': must be below 0.");
        output.ShouldContain("Checkout:Summary:Time = '6pm': must be a local time of day HH:mm, e.g. 18:00.");
        output.ShouldNotContain("configuration OK");
        ShouldBeOneCleanError(output);
    }
}
