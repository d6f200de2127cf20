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
    private readonly Action<IConfiguration, TOptions> _bind;

    /// <param name="bind">
    /// <c>(entry, check) =&gt; entry.Bind(check)</c>, written where <typeparamref name="TOptions"/> is a concrete type:
    /// the configuration binding generator (which the Native AOT build needs) generates binding code only for a call
    /// it sees with the type, never for a generic one.
    /// </param>
    public DatabaseCheckSection(string name, Action<IConfiguration, TOptions> bind)
        : base(name)
    {
        _bind = bind;
    }

    public override Type OptionsType => typeof(TOptions);

    public override void Bind(IConfiguration database, DatabaseOptions options)
    {
        foreach (var entry in database.GetSection(Name).GetChildren().OrderBy(Index))
        {
            var check = new TOptions();
            _bind(entry, check);
            options.Add(check);
        }
    }

    // Configuration lists are children named 0, 1, ... 10: ordered by number, not by text.
    private static int Index(IConfigurationSection entry) =>
        int.TryParse(entry.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) ? i : int.MaxValue;
}
