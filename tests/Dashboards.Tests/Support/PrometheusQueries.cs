using System.Globalization;
using System.Text.Json;

namespace KpiMonitoring.Dashboards.Tests.Support;

/// <summary>What the dashboard tests ask of a Prometheus answer: one number, or a condition becoming true.</summary>
internal static class PrometheusQueries
{
    /// <summary>The value of the one series an instant query returned (fails the test on none or several).</summary>
    public static double SingleValue(JsonElement result, string expr)
    {
        result.GetArrayLength().ShouldBe(1, $"{expr}: {result}");
        return double.Parse(result[0].GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture);
    }

    /// <summary>Polls until <paramref name="condition"/> returns data, for at most <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(this PrometheusServer prometheus, string condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while ((await prometheus.QueryAsync(condition)).GetArrayLength() == 0)
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, $"never true within {timeout.TotalSeconds} s: {condition}{Environment.NewLine}{prometheus.Output}");
            await Task.Delay(200);
        }
    }
}
