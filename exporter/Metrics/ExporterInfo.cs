using System.Reflection;
using Prometheus;

namespace KpiExporter.Metrics;

/// <summary>The exporter's name and version, and the build-info metric that carries the version.</summary>
internal sealed class ExporterInfo
{
    public const string Name = "kpi-exporter";

    /// <summary>The version of this build (informational version without the commit suffix).</summary>
    public static readonly string BuildVersion =
        typeof(ExporterInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    public ExporterInfo(IMetricFactory metrics)
    {
        Version = BuildVersion;
        metrics.CreateGauge("kpi_exporter_build_info", "Always 1; the version label carries the exporter's version.", ["version"]).WithLabels(Version).Set(1);
    }

    public string Version { get; }
}
