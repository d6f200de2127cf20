using Microsoft.Extensions.Configuration;

namespace KpiExporter.Sources.Database;

/// <summary>
/// The registration of every kind of database check: one line each. A new kind is one file (its options, result
/// and check) plus one line here.
/// </summary>
internal static class DatabaseCheckSections
{
    public static readonly IReadOnlyList<DatabaseCheckSection> All =
    [
        new DatabaseCheckSection<TableCheckOptions>("Tables", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<RevenueCheckOptions>("Revenue", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<RevenueStreamCheckOptions>("Streams", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<DataQualityCheckOptions>("DataQuality", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<CustomSqlCheckOptions>("CustomChecks", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<DuplicateKeysCheckOptions>("DuplicateKeys", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<TableDeadlineOptions>("Deadlines", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<VolumeAnomalyCheckOptions>("VolumeAnomalies", static (entry, check) => entry.Bind(check)),
        new DatabaseCheckSection<SchemaCheckOptions>("Schemas", static (entry, check) => entry.Bind(check)),
    ];

    /// <summary>The section whose entries have the options type <paramref name="optionsType"/>.</summary>
    public static DatabaseCheckSection For(Type optionsType) =>
        All.FirstOrDefault(s => s.OptionsType == optionsType)
        ?? throw new ArgumentException($"{optionsType.Name} is not registered in {nameof(DatabaseCheckSections)}", nameof(optionsType));
}
