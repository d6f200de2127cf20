using KpiExporter.Sources.Database;
using KpiExporter.Startup;
using Microsoft.Extensions.Configuration;

namespace KpiExporter.Tests.Configuration;

/// <summary>The production example (infrastructure/systemd/config.json) is a configuration the exporter accepts as it is.</summary>
public sealed class ProductionExampleTests
{
    private static IConfiguration Example() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(RepoPaths.Root, "infrastructure", "systemd", "config.json"), optional: false)
        .Build();

    [Fact]
    public void Every_key_is_a_known_setting() =>
        ConfigurationKeys.Check(Example()).ShouldBeEmpty();

    [Fact]
    public void Its_database_checks_pass_start_up_validation()
    {
        var database = Example().GetSection("Database");
        var options = new DatabaseOptions { ConnectionString = "Host=db" };
        foreach (var section in DatabaseCheckSections.All)
        {
            section.Bind(database, options);
        }

        options.Of<SchemaCheckOptions>().ShouldNotBeEmpty();
        var validation = new DatabaseOptionsValidator().Validate(null, options);
        validation.Failed.ShouldBeFalse(validation.FailureMessage);
    }
}
