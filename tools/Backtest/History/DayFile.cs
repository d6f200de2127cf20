using System.Globalization;
using System.Text.RegularExpressions;

namespace KpiMonitoring.Backtest.History;

/// <summary>One day of one dataset: a file named <c>DATASET_YYYY-MM-DD.csv</c> (or <c>.tsv</c>).</summary>
internal sealed partial record DayFile(string Dataset, DateOnly Date, string Path)
{
    /// <summary>The day a file name stands for, or null when the name does not follow <c>DATASET_YYYY-MM-DD.csv</c>.</summary>
    public static DayFile? FromPath(string path)
    {
        var match = NamePattern().Match(System.IO.Path.GetFileName(path));
        if (!match.Success
            || !DateOnly.TryParseExact(match.Groups["date"].Value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return null;
        }

        return new DayFile(match.Groups["dataset"].Value, date, System.IO.Path.GetFullPath(path));
    }

    /// <summary>
    /// Every day file of <paramref name="directory"/> (not recursive), by date then dataset; other files are
    /// listed in <paramref name="ignored"/>.
    /// </summary>
    public static IReadOnlyList<DayFile> InDirectory(string directory, out IReadOnlyList<string> ignored)
    {
        if (!Directory.Exists(directory))
        {
            throw new BacktestException($"no such directory: {directory}");
        }

        var days = new List<DayFile>();
        var others = new List<string>();
        foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
        {
            if (FromPath(file) is { } day)
            {
                days.Add(day);
            }
            else
            {
                others.Add(System.IO.Path.GetFileName(file));
            }
        }

        ignored = others;
        if (days.Count == 0)
        {
            throw new BacktestException($"no day files in {System.IO.Path.GetFullPath(directory)}: name them DATASET_YYYY-MM-DD.csv (or .tsv), e.g. checkout_2026-09-01.csv");
        }

        return [.. days.OrderBy(d => d.Date).ThenBy(d => d.Dataset, StringComparer.Ordinal)];
    }

    [GeneratedRegex(@"^(?<dataset>.+)_(?<date>\d{4}-\d{2}-\d{2})\.(csv|tsv)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();
}
