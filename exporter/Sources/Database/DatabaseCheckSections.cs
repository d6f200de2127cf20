namespace KpiExporter.Sources.Database;

/// <summary>
/// The registration of every kind of database check: one line each. A new kind is one file (its options, result
/// and check) plus one line here.
/// </summary>
internal static class DatabaseCheckSections
{
    public static readonly IReadOnlyList<DatabaseCheckSection> All =
    [
        new DatabaseCheckSection<TableCheckOptions>("Tables"),
        new DatabaseCheckSection<RevenueCheckOptions>("Revenue"),
        new DatabaseCheckSection<RevenueStreamCheckOptions>("Streams"),
        new DatabaseCheckSection<DataQualityCheckOptions>("DataQuality"),
        new DatabaseCheckSection<CustomSqlCheckOptions>("CustomChecks"),
        new DatabaseCheckSection<DuplicateKeysCheckOptions>("DuplicateKeys"),
        new DatabaseCheckSection<TableDeadlineOptions>("Deadlines"),
    ];

    /// <summary>The section whose entries have the options type <paramref name="optionsType"/>.</summary>
    public static DatabaseCheckSection For(Type optionsType) =>
        All.FirstOrDefault(s => s.OptionsType == optionsType)
        ?? throw new ArgumentException($"{optionsType.Name} is not registered in {nameof(DatabaseCheckSections)}", nameof(optionsType));
}
