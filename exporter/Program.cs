using KpiExporter;
using KpiExporter.Http;
using KpiExporter.Metrics;
using KpiExporter.Startup;

if (args is [HealthcheckCommand.Name, .. var rest])
{
    return await HealthcheckCommand.RunAsync(rest);
}

var request = ExporterCommandLine.Parse(args);
switch (request.Action)
{
    case CommandLineAction.Help:
        Console.Out.Write(ExporterCommandLine.Usage(ExporterInfo.BuildVersion));
        return 0;
    case CommandLineAction.Version:
        Console.Out.WriteLine($"{ExporterInfo.Name} {ExporterInfo.BuildVersion}");
        return 0;
    case CommandLineAction.Error:
        Console.Error.WriteLine($"{ExporterInfo.Name}: {request.Error}");
        return 2;
}

// Before the host allocates: freed large native blocks (zlib's deflate state of each gzip response) go back to the system.
NativeHeap.FixMmapThreshold();
try
{
    await using var app = ExporterApp.Build(request);
    StartupConfiguration.Validate(app.Services);
    if (request.Action == CommandLineAction.CheckConfig)
    {
        Console.Out.Write(ConfigurationReport.Describe(app.Services));
        return 0;
    }

    ListenCheck.Check(app.Configuration["Urls"]);
    await app.StartAsync();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (ConfigurationException ex)
{
    Console.Error.WriteLine($"{ExporterInfo.Name}: invalid configuration:");
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"  {failure}");
    }

    return 2;
}
catch (IOException ex)
{
    // Kestrel's bind failures (address in use, permission denied) arrive as IOException with the address in the message.
    Console.Error.WriteLine($"{ExporterInfo.Name}: cannot start: {ex.Message}");
    return 2;
}
