using KpiExporter;
using KpiExporter.Http;
using Microsoft.Extensions.Options;

if (args is [HealthcheckCommand.Name, .. var rest])
{
    return await HealthcheckCommand.RunAsync(rest);
}

try
{
    await using var app = ExporterApp.Build(args);
    app.Services.GetRequiredService<IStartupValidator>().Validate();
    await app.StartAsync();
    await app.WaitForShutdownAsync();
    return 0;
}
catch (OptionsValidationException ex)
{
    Console.Error.WriteLine("kpi-exporter: invalid configuration:");
    foreach (var failure in ex.Failures)
    {
        Console.Error.WriteLine($"  {failure}");
    }

    return 2;
}
catch (InvalidOperationException ex) when (ex.Message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
{
    Console.Error.WriteLine($"kpi-exporter: invalid configuration: {ex.Message}");
    return 2;
}
catch (IOException ex)
{
    Console.Error.WriteLine($"kpi-exporter: cannot start: {ex.Message}");
    return 1;
}
