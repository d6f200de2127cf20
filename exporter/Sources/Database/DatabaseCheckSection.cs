using Microsoft.Extensions.Configuration;

namespace KpiExporter.Sources.Database;

/// <summary>One kind of check entry: its list under <c>Database</c> (<c>Database:{Name}:N:*</c>) and its options type.</summary>
internal abstract class DatabaseCheckSection
{
    protected DatabaseCheckSection(string name)
    {
        Name = name;
    }

    /// <summary>The configuration list's name: <c>Tables</c>, <c>Revenue</c>, ...</summary>
    public string Name { get; }

    public abstract Type OptionsType { get; }

    /// <summary>Binds the entries of this kind from the <c>Database</c> section into <paramref name="options"/>.</summary>
    public abstract void Bind(IConfiguration database, DatabaseOptions options);
}

/// <inheritdoc />
internal sealed class DatabaseCheckSection<TOptions> : DatabaseCheckSection
    where TOptions : DatabaseCheckOptions, new()
{
    public DatabaseCheckSection(string name)
        : base(name)
    {
    }

    public override Type OptionsType => typeof(TOptions);

    public override void Bind(IConfiguration database, DatabaseOptions options)
    {
        foreach (var entry in database.GetSection(Name).GetChildren().OrderBy(Index))
        {
            var check = new TOptions();
            entry.Bind(check);
            options.Add(check);
        }
    }

    // Configuration lists are children named 0, 1, ... 10: ordered by number, not by text.
    private static int Index(IConfigurationSection entry) =>
        int.TryParse(entry.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue;
}
