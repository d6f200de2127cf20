using KpiExporter.Sources.Database;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace KpiExporter.Tests.Configuration;

public sealed class BusinessTimeZoneTests
{
    private static DatabaseOptions DatabaseOptionsFor(params string[] extra)
    {
        using var app = ExporterApp.Build(
            ["--urls", "http://127.0.0.1:0", "--data-dir", RepoPaths.Data, "--time-zone", "America/Sao_Paulo", "--Database:ConnectionString=Host=127.0.0.1;Port=1", .. extra],
            builder => builder.Logging.ClearProviders());
        return app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
    }

    [Fact]
    public void The_database_follows_the_business_time_zone_unless_it_sets_its_own()
    {
        DatabaseOptionsFor().TimeZone.ShouldBe("America/Sao_Paulo");
        DatabaseOptionsFor("--Database:TimeZone=Europe/Lisbon").TimeZone.ShouldBe("Europe/Lisbon");
    }
}
