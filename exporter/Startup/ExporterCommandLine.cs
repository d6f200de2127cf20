using System.Text;

namespace KpiExporter.Startup;

/// <summary>What the command line asks for: run (with the arguments the configuration reads), help, the version, or nothing but an error.</summary>
internal sealed record CommandLineRequest(CommandLineAction Action, IReadOnlyList<string> Arguments, string? ConfigFile, string? Error);

internal enum CommandLineAction
{
    Run,
    Help,
    Version,

    /// <summary>Read and validate the configuration, report it, exit: 0 when valid, 2 with the failures otherwise.</summary>
    CheckConfig,
    Error,
}

/// <summary>
/// Checks the exporter's command line before the host sees it. The configuration system (AddCommandLine) does
/// the parsing; this only rejects what it would silently ignore or crash on: an unknown switch (with the closest
/// valid one), a switch without its value, a stray value, and it answers <c>--help</c> and <c>--version</c>.
/// Settings can also be given by key (<c>--Checkout:MaxAgeSeconds=600</c>); those keys are checked with the rest
/// of the configuration by <see cref="ConfigurationKeys"/>.
/// </summary>
internal static class ExporterCommandLine
{
    /// <summary>Top-level configuration sections a <c>--Section:Key</c> argument may set.</summary>
    private static readonly string[] Sections = ["Checkout", "Database", "Web", "Logging", "Urls"];

    public static CommandLineRequest Parse(IReadOnlyList<string> args)
    {
        var run = new List<string>();
        string? configFile = null;
        var checkOnly = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h" or "-?")
            {
                return new(CommandLineAction.Help, [], null, null);
            }

            if (arg is "--version")
            {
                return new(CommandLineAction.Version, [], null, null);
            }

            if (arg is "--check-config")
            {
                checkOnly = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                return Error($"unexpected argument '{arg}': settings are given as --switch VALUE or --Section:Key=VALUE (see --help).");
            }

            var (name, inlineValue) = Split(arg);
            if (!IsSwitch(name) && !IsKey(name))
            {
                return Error(Unknown(name));
            }

            string value;
            if (inlineValue is not null)
            {
                value = inlineValue;
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                return Error($"{name} needs a value (see --help).");
            }

            if (string.Equals(name, CommandLineSwitches.Config, StringComparison.Ordinal))
            {
                configFile = value;
                continue;
            }

            run.Add(name);
            run.Add(value);
        }

        return new(checkOnly ? CommandLineAction.CheckConfig : CommandLineAction.Run, run, configFile, null);
    }

    public static string Usage(string version)
    {
        var text = new StringBuilder();
        text.Append("kpi-exporter ").Append(version).Append(" - business KPI exporter for Prometheus\n\n")
            .Append("usage: kpi-exporter [--switch VALUE ...] [--Section:Key=VALUE ...]\n")
            .Append("       kpi-exporter healthcheck [URL]\n\n")
            .Append("switches:\n");
        foreach (var (name, value, help) in CommandLineSwitches.Help)
        {
            text.Append("  ").Append($"{name} {value}".PadRight(27)).Append(help).Append('\n');
        }

        text.Append("  ").Append("--help".PadRight(27)).Append("print this and exit\n")
            .Append("  ").Append("--version".PadRight(27)).Append("print the version and exit\n")
            .Append("  ").Append("--check-config".PadRight(27)).Append("validate the configuration (with the other switches) and exit: 0 valid, 2 not\n\n")
            .Append("Every setting of appsettings.json can be given as --Section:Key=VALUE (e.g. --Checkout:MaxAgeSeconds=600)\n")
            .Append("or as an environment variable Section__Key=VALUE. Unknown switches and keys are errors (exit code 2).\n")
            .Append("Settings are documented in README.md (Configuration) and infrastructure/postgres/README.md (Database).\n")
            .Append("SIGHUP or POST /-/reload reads the configuration again and applies the database checks without a restart.\n");
        return text.ToString();
    }

    private static CommandLineRequest Error(string message) => new(CommandLineAction.Error, [], null, message);

    private static (string Name, string? Value) Split(string arg)
    {
        var equals = arg.IndexOf('=', StringComparison.Ordinal);
        return equals < 0 ? (arg, null) : (arg[..equals], arg[(equals + 1)..]);
    }

    private static bool IsSwitch(string name) =>
        CommandLineSwitches.Map.ContainsKey(name) || name is CommandLineSwitches.Urls or CommandLineSwitches.Config;

    private static bool IsKey(string name)
    {
        var key = name[2..];
        var section = key.Split(':')[0];
        return Sections.Contains(section, StringComparer.OrdinalIgnoreCase) && (key.Contains(':', StringComparison.Ordinal) || section.Equals("Urls", StringComparison.OrdinalIgnoreCase));
    }

    private static string Unknown(string name)
    {
        if (CommandLineSwitches.Instead.TryGetValue(name, out var instead))
        {
            return $"unknown switch '{name}'; use {instead}.";
        }

        var known = CommandLineSwitches.Help.Select(h => h.Switch).Concat(["--help", "--version"]);
        return $"unknown switch '{name}'{Suggestions.DidYouMean(name, known)} (see --help)";
    }
}
