using Microsoft.Extensions.Options;

namespace KpiExporter.Configuration;

/// <summary>Rejects checkout settings that cannot work, naming the key and the value.</summary>
internal sealed class CheckoutOptionsValidator : IValidateOptions<CheckoutOptions>
{
    public ValidateOptionsResult Validate(string? name, CheckoutOptions options)
    {
        var failures = new List<string>();
        const string s = CheckoutOptions.Section;

        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add($"{s}:DataDir is empty; set it to the directory holding the checkout CSV files.");
        }
        else if (!Directory.Exists(options.FullDataDir))
        {
            failures.Add($"{s}:DataDir = '{options.DataDir}': directory does not exist ({options.FullDataDir}).");
        }

        if (!TimeZoneResolver.TryFind(options.TimeZone, out _))
        {
            failures.Add($"{s}:TimeZone = '{options.TimeZone}': unknown time zone; use an IANA name such as 'UTC' or 'America/Sao_Paulo'.");
        }

        if (!(options.Replay.SecondsPerHour > 0) || double.IsInfinity(options.Replay.SecondsPerHour))
        {
            failures.Add($"{s}:Replay:SecondsPerHour = '{options.Replay.SecondsPerHour}': must be a number greater than 0.");
        }

        if (options.Replay.StartHour is < 0 or > 23)
        {
            failures.Add($"{s}:Replay:StartHour = '{options.Replay.StartHour}': must be an hour from 0 to 23.");
        }

        if (!(options.RescanIntervalSeconds > 0))
        {
            failures.Add($"{s}:RescanIntervalSeconds = '{options.RescanIntervalSeconds}': must be greater than 0.");
        }

        if (options.DebounceMilliseconds < 0)
        {
            failures.Add($"{s}:DebounceMilliseconds = '{options.DebounceMilliseconds}': must be 0 or more.");
        }

        if (!(options.MaxAgeSeconds > 0))
        {
            failures.Add($"{s}:MaxAgeSeconds = '{options.MaxAgeSeconds}': must be greater than 0.");
        }

        if (options.MaxFileBytes is < 1 or > CheckoutOptions.MaxFileBytesLimit)
        {
            failures.Add($"{s}:MaxFileBytes = '{options.MaxFileBytes}': must be from 1 to {CheckoutOptions.MaxFileBytesLimit} (1 GiB).");
        }

        if (options.MaxLineBytes < 1)
        {
            failures.Add($"{s}:MaxLineBytes = '{options.MaxLineBytes}': must be 1 or more.");
        }

        if (options.MaxDatasets < 1)
        {
            failures.Add($"{s}:MaxDatasets = '{options.MaxDatasets}': must be 1 or more.");
        }

        SilenceAlarm.Validate(s, options.SilenceThreshold, options.MinExpectedPerHour, failures);

        CheckoutThresholdsValidation.Check($"{s}:Thresholds", options.Thresholds, required: true, failures);
        foreach (var (dataset, settings) in options.Datasets)
        {
            var prefix = $"{s}:Datasets:{dataset}";
            if (settings.MaxAgeSeconds is { } maxAge && !(maxAge > 0))
            {
                failures.Add($"{prefix}:MaxAgeSeconds = '{maxAge}': must be greater than 0.");
            }

            SilenceAlarm.Validate(prefix, settings.SilenceThreshold ?? options.SilenceThreshold, settings.MinExpectedPerHour ?? options.MinExpectedPerHour, failures);
            CheckoutThresholdsValidation.Check($"{prefix}:Thresholds", settings.Thresholds, required: false, failures);
        }

        for (var i = 0; i < options.Deadlines.Count; i++)
        {
            var deadline = options.Deadlines[i];
            var key = $"{s}:Deadlines:{i}";
            DeadlineNames.Check($"{key}:Name", deadline.Name, failures);
            if (options.Deadlines.Take(i).Any(d => d.Name == deadline.Name))
            {
                failures.Add($"{key}:Name = '{deadline.Name}': another checkout deadline has this name.");
            }

            if (string.IsNullOrWhiteSpace(deadline.Dataset))
            {
                failures.Add($"{key}:Dataset is empty; name the dataset (file name without extension) that must arrive.");
            }

            DeadlineCalendar.Validate(key, deadline, failures);
        }

        options.Summary.Validate($"{s}:Summary", failures);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
