using System.Reflection;
using Prometheus;

namespace KpiExporter.Metrics;

/// <summary>The exporter's name and version, and the build-info metric that carries the version.</summary>
internal sealed class ExporterInfo
{
    public const string Name = "kpi-exporter";

    public ExporterInfo(IMetricFactory metrics)
    {
        Version = typeof(ExporterInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";
        metrics.CreateGauge("kpi_exporter_build_info", "Always 1; the version label carries the exporter's version.", ["version"]).WithLabels(Version).Set(1);
    }

    public string Version { get; }
}
