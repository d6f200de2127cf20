using System.Text.RegularExpressions;

namespace KpiExporter.Configuration;

/// <summary>A deadline's name is its <c>deadline</c> label and a runbook word: letters, digits and underscores.</summary>
internal static partial class DeadlineNames
{
    public static void Check(string key, string name, List<string> failures)
    {
        if (!Pattern().IsMatch(name))
        {
            failures.Add($"{key} = '{name}': must be letters, digits and underscores, starting with a letter (e.g. morning_report).");
        }
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,63}$")]
    private static partial Regex Pattern();
}
