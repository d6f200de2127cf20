using System.Text;
using System.Text.RegularExpressions;
using KpiMonitoring.LocalServers;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace KpiMonitoring.Backtest.History;

/// <summary>
/// The alerting rules of a rules directory (<c>*.yml</c>, <c>*.yaml</c>; not recursive), prepared for a range
/// query over backfilled history.
/// <para>
/// Prometheus evaluates a group's rules in order at one timestamp, so an alert reads the values its recording
/// rules wrote a moment earlier at that same timestamp. Backfilled history has no recorded series, so each
/// reference to a recorded series is replaced by the recording rule's expression (itself expanded the same way),
/// in parentheses, with the rule's extra labels added by <c>label_replace</c>: the range query computes at
/// each step exactly what the rule would have recorded at that step. A series recorded by several rules becomes
/// their <c>or</c>. A recorded series read with a label selector, a range or an offset cannot be expanded this
/// way and is reported as such instead of being evaluated wrongly.
/// </para>
/// </summary>
internal static partial class RuleSet
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder().IgnoreUnmatchedProperties().Build();

    public static IReadOnlyList<AlertRule> Load(string directory)
    {
        var recordings = new Dictionary<string, List<RuleEntry>>(StringComparer.Ordinal);
        var alerts = new List<RuleEntry>();
        foreach (var file in RuleFiles(directory))
        {
            RuleFileEntry? content;
            try
            {
                content = Yaml.Deserialize<RuleFileEntry>(File.ReadAllText(file));
            }
            catch (YamlException ex)
            {
                throw new BacktestException($"{file}: not a rule file: {ex.Message}", ex);
            }

            foreach (var rule in content?.Groups.SelectMany(g => g.Rules) ?? [])
            {
                if (rule.Record is { } record)
                {
                    if (!recordings.TryGetValue(record, out var list))
                    {
                        recordings[record] = list = [];
                    }

                    list.Add(rule);
                }
                else if (rule.Alert is not null)
                {
                    alerts.Add(rule);
                }
            }
        }

        var expander = new Expander(recordings);
        return [.. alerts.Select(a => new AlertRule(
            a.Alert!,
            expander.Expand(a.Expr, $"alert {a.Alert}", []),
            a.For is { } duration ? ParseDuration(duration, a.Alert!) : TimeSpan.Zero,
            a.Labels.GetValueOrDefault("severity") ?? ""))];
    }

    /// <summary>
    /// Every name the expressions could read a series by (a superset: function and label names come along), or
    /// null when one selects series by <c>__name__</c> and every series may be read.
    /// </summary>
    public static HashSet<string>? ReadNames(IEnumerable<AlertRule> rules)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in rules)
        {
            if (rule.Expression.Contains("__name__", StringComparison.Ordinal))
            {
                return null;
            }

            names.UnionWith(Identifier().Matches(rule.Expression).Select(m => m.Value));
        }

        return names;
    }

    [GeneratedRegex(@"[A-Za-z_:][A-Za-z0-9_:]*", RegexOptions.CultureInvariant)]
    private static partial Regex Identifier();

    /// <summary>The rule files of a directory, in name order.</summary>
    public static string[] RuleFiles(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new BacktestException($"no rules directory {Path.GetFullPath(directory)} (--rules DIR)");
        }

        var files = Directory.GetFiles(directory, "*.yml").Concat(Directory.GetFiles(directory, "*.yaml")).Order(StringComparer.Ordinal).ToArray();
        return files.Length > 0 ? files : throw new BacktestException($"no *.yml rule files in {Path.GetFullPath(directory)}");
    }

    /// <summary>A Prometheus duration (<c>5m</c>, <c>1h30m</c>, <c>90s</c>) of an alert's <c>for:</c>.</summary>
    public static TimeSpan ParseDuration(string text, string rule) =>
        PrometheusDuration.Parse(text) ?? throw new BacktestException($"alert {rule}: 'for: {text}' is not a Prometheus duration");

    /// <summary>Replaces recorded series by their rules' expressions, recursively.</summary>
    private sealed class Expander(Dictionary<string, List<RuleEntry>> recordings)
    {
        private readonly Dictionary<string, string> _expanded = new(StringComparer.Ordinal);

        public string Expand(string expr, string where, HashSet<string> visiting)
        {
            var text = new StringBuilder(expr.Length * 2);
            var i = 0;
            while (i < expr.Length)
            {
                var c = expr[i];
                if (c is '"' or '\'' or '`')
                {
                    // A string literal (a label value, a label_replace argument) is copied as it is.
                    var end = i + 1;
                    while (end < expr.Length && expr[end] != c)
                    {
                        end += expr[end] == '\\' && c != '`' ? 2 : 1;
                    }

                    end = Math.Min(end + 1, expr.Length);
                    text.Append(expr, i, end - i);
                    i = end;
                }
                else if (c == '#')
                {
                    // A comment runs to the end of the line.
                    var end = expr.IndexOf('\n', i);
                    i = end < 0 ? expr.Length : end;
                }
                else if (char.IsAsciiLetter(c) || c is '_' or ':')
                {
                    var end = i + 1;
                    while (end < expr.Length && (char.IsAsciiLetterOrDigit(expr[end]) || expr[end] is '_' or ':'))
                    {
                        end++;
                    }

                    var name = expr[i..end];
                    text.Append(recordings.ContainsKey(name) ? Reference(name, expr, end, where, visiting) : name);
                    i = end;
                }
                else
                {
                    text.Append(c);
                    i++;
                }
            }

            return text.ToString();
        }

        private string Reference(string name, string expr, int after, string where, HashSet<string> visiting)
        {
            var next = after;
            while (next < expr.Length && char.IsWhiteSpace(expr[next]))
            {
                next++;
            }

            var rest = expr[next..];
            if (rest.StartsWith('(') )
            {
                return name; // a function of that name, not the series
            }

            if (rest.StartsWith('{') || rest.StartsWith('[') || rest.StartsWith("offset", StringComparison.Ordinal) || rest.StartsWith('@'))
            {
                throw new BacktestException($"{where} reads the recorded series {name} with a selector, range or offset; the offline backtest evaluates recorded series by expanding their rules and supports them only as bare names (use MODE=replay)");
            }

            if (_expanded.TryGetValue(name, out var done))
            {
                return done;
            }

            if (!visiting.Add(name))
            {
                throw new BacktestException($"the recording rules of {name} read themselves in a cycle ({string.Join(" -> ", visiting)} -> {name})");
            }

            var parts = recordings[name].Select(rule =>
            {
                var inner = $"({Expand(rule.Expr, $"recording rule {name}", visiting)})";
                foreach (var (label, value) in rule.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                {
                    inner = $"label_replace({inner}, \"{label}\", \"{Escape(value)}\", \"\", \"\")";
                }

                return inner;
            }).ToList();
            visiting.Remove(name);
            var expanded = parts.Count == 1 ? parts[0] : $"({string.Join(" or ", parts)})";
            _expanded[name] = expanded;
            return expanded;
        }

        private static string Escape(string value) => value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
    }

    // YamlDotNet fills these; Prometheus' rule file shape, only the fields the backtest reads.
#pragma warning disable CA1812 // instantiated by YamlDotNet
    private sealed class RuleFileEntry
    {
        [YamlMember(Alias = "groups")]
        public List<GroupEntry> Groups { get; set; } = [];
    }

    private sealed class GroupEntry
    {
        [YamlMember(Alias = "rules")]
        public List<RuleEntry> Rules { get; set; } = [];
    }

    private sealed class RuleEntry
    {
        [YamlMember(Alias = "record")]
        public string? Record { get; set; }

        [YamlMember(Alias = "alert")]
        public string? Alert { get; set; }

        [YamlMember(Alias = "expr")]
        public string Expr { get; set; } = "";

        [YamlMember(Alias = "for")]
        public string? For { get; set; }

        [YamlMember(Alias = "labels")]
        public Dictionary<string, string> Labels { get; set; } = [];
    }
#pragma warning restore CA1812
}
