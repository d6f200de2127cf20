using System.Globalization;
using System.Text;

namespace KpiMonitoring.Bench.Csv;

/// <summary>Writes N dataset files shaped like the real normal day, each with its own counts.</summary>
internal static class DatasetFiles
{
    public static string Create(int count)
    {
        var dir = Directory.CreateTempSubdirectory("kpi-bench-").FullName;
        Write(dir, count);
        return dir;
    }

    /// <summary>Writes <paramref name="count"/> files into <paramref name="dir"/>; the same files for the same count.</summary>
    public static void Write(string dir, int count)
    {
        var random = new Random(42);
        for (var i = 0; i < count; i++)
        {
            var text = new StringBuilder("time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month\n");
            for (var hour = 0; hour < 24; hour++)
            {
                text.Append(CultureInfo.InvariantCulture, $"{hour:00}h,{random.Next(0, 60)},{random.Next(0, 60)},{random.Next(0, 60)},{random.NextDouble() * 40:F6},{random.NextDouble() * 40:F6}\n");
            }

            File.WriteAllText(Path.Combine(dir, $"store_{i:0000}.csv"), text.ToString());
        }
    }
}
