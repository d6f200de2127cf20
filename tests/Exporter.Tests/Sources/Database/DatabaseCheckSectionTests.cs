using KpiExporter.Sources.Database;
using Microsoft.Extensions.Configuration;

namespace KpiExporter.Tests.Sources.Database;

public sealed class DatabaseCheckSectionTests
{
    [Fact]
    public void Every_registered_list_binds_in_index_order_with_its_key()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Database:Revenue:0:Name"] = "orders",
            ["Database:DuplicateKeys:0:Name"] = "orders",
            ["Database:DuplicateKeys:0:KeyColumn"] = "order_ref",
        };
        for (var i = 0; i < 11; i++)
        {
            settings[$"Database:Tables:{i}:Name"] = $"t{i}";
        }

        var database = new ConfigurationBuilder().AddInMemoryCollection(settings).Build().GetSection("Database");
        var options = new DatabaseOptions();
        foreach (var section in DatabaseCheckSections.All)
        {
            section.Bind(database, options);
        }

        options.Of<TableCheckOptions>().Select(t => t.Name).ShouldBe(Enumerable.Range(0, 11).Select(i => $"t{i}"));
        options.Of<TableCheckOptions>().Last().Key.ShouldBe("Database:Tables:10");
        options.Of<DuplicateKeysCheckOptions>().Single().KeyColumn.ShouldBe("order_ref");
        options.Of<DuplicateKeysCheckOptions>().Single().Key.ShouldBe("Database:DuplicateKeys:0");
        options.CheckCount.ShouldBe((11 * 2) + 1 + 1);
    }

    [Fact]
    public void Each_options_type_is_registered_once()
    {
        DatabaseCheckSections.All.Select(s => s.OptionsType).ShouldBeUnique();
        DatabaseCheckSections.All.Select(s => s.Name).ShouldBeUnique();
        typeof(DatabaseCheckOptions).Assembly.GetTypes()
            .Where(t => t.IsSubclassOf(typeof(DatabaseCheckOptions)) && !t.IsAbstract)
            .ShouldAllBe(t => DatabaseCheckSections.All.Any(s => s.OptionsType == t));
    }
}
