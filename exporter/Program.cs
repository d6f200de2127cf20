using KpiExporter;
using KpiExporter.Configuration;
using KpiExporter.Http;

if (args is [HealthcheckCommand.Name, .. var rest])
{
    return await HealthcheckCommand.RunAsync(rest);
}

try
{
    await using var app = ExporterApp.Build(args);
    StartupConfiguration.Validate(app.Services);
    await app.StartAsync();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (ConfigurationException ex)
{
    Console.Error.WriteLine("kpi-exporter: invalid configuration:");
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"  {failure}");
    }

    return 2;
}
catch (IOException ex)
{
    Console.Error.WriteLine($"kpi-exporter: cannot start: {ex.Message}");
    return 1;
}
