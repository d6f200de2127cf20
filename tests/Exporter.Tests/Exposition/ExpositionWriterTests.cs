using System.Buffers;
using System.IO.Pipelines;
using KpiExporter.Exposition;
using KpiExporter.Sources.Checkout;

namespace KpiExporter.Tests.Exposition;

public sealed class ExpositionWriterTests
{
    private static async Task<byte[]> RenderToStreamAsync(IReadOnlyList<CheckoutDataset> datasets)
    {
        using var stream = new MemoryStream();
        var writer = new ExpositionWriter(stream);
        await RenderAsync(writer, datasets);
        return stream.ToArray();
    }

    private static async Task<byte[]> RenderToPipeAsync(IReadOnlyList<CheckoutDataset> datasets)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var writer = new ExpositionWriter(pipe.Writer);
        await RenderAsync(writer, datasets);
        await pipe.Writer.CompleteAsync();
        var result = await pipe.Reader.ReadAtLeastAsync(int.MaxValue);
        var bytes = result.Buffer.ToArray();
        pipe.Reader.AdvanceTo(result.Buffer.End);
        return bytes;
    }

    private static async Task RenderAsync(ExpositionWriter writer, IReadOnlyList<CheckoutDataset> datasets)
    {
        var families = new MetricFamilies();
        foreach (var dataset in datasets)
        {
            families.Add(MetricFamily.Gauge("kpi_test_rows", "Rows.\\ with a backslash\nand a line feed", "dataset"), dataset.Day.Hours.Count(), dataset.Name);
        }

        families.WriteTo(writer);
        await CheckoutSeries.WriteHoursAsync(writer, datasets, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);
    }

    private static CheckoutDataset[] RandomDatasets(int seed, int count)
    {
        var random = new Random(seed);
        const string alphabet = "abcz09_-.\"\\\né€";
        var datasets = new CheckoutDataset[count];
        for (var d = 0; d < count; d++)
        {
            var name = new string(Enumerable.Range(0, random.Next(1, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()) + d;
            var hours = Enumerable.Range(0, 24)
                .Where(_ => random.Next(4) > 0)
                .Select(h => new CheckoutHour(h, random.Next(100_000), Value(random), Value(random), Value(random), Value(random)))
                .ToArray();
            datasets[d] = new CheckoutDataset(name, "/x/" + d + ".csv", new CheckoutDay(hours), DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch);
        }

        return datasets;
    }

    private static double Value(Random random) => random.Next(6) switch
    {
        0 => double.NaN,
        1 => random.Next(1000),
        2 => random.NextDouble() * 1e6,
        3 => random.NextDouble() / 7,
        4 => -random.NextDouble(),
        _ => double.PositiveInfinity,
    };

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task The_response_pipe_gets_the_same_bytes_as_a_stream(int seed)
    {
        // 300 datasets: about 0.8 MB, so both writers hand their bytes on many times over.
        var datasets = RandomDatasets(seed, 300);

        var viaPipe = await RenderToPipeAsync(datasets);
        var viaStream = await RenderToStreamAsync(datasets);

        viaStream.Length.ShouldBeGreaterThan(500_000);
        viaPipe.ShouldBe(viaStream);
    }

    [Fact]
    public async Task Bytes_reach_the_pipe_once_past_the_flush_threshold_not_only_at_the_end()
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        var writer = new ExpositionWriter(pipe.Writer);

        await CheckoutSeries.WriteHoursAsync(writer, RandomDatasets(4, 100), CancellationToken.None);

        pipe.Reader.TryRead(out var result).ShouldBeTrue();
        result.Buffer.Length.ShouldBeGreaterThan(48 * 1024);
        pipe.Reader.AdvanceTo(result.Buffer.End);
    }
}
