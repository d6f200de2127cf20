using System.Text;
using KpiExporter.Exposition;

namespace KpiExporter.Tests.Exposition;

public sealed class MetricFamiliesTests
{
    private static readonly MetricFamily Up = MetricFamily.Gauge("kpi_test_up", "Test family.\\ with a backslash", "table");

    private static string Render(MetricFamilies families)
    {
        using var stream = new MemoryStream();
        var writer = new ExpositionWriter(stream);
        families.WriteToAsync(writer, CancellationToken.None).AsTask().GetAwaiter().GetResult();
        writer.FlushAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    [Fact]
    public void Samples_of_one_family_from_several_parts_share_one_header()
    {
        var families = new MetricFamilies();
        families.Add(Up, 1, "orders");
        families.Declare(MetricFamily.Gauge("kpi_test_empty", "Declared, no samples."));
        families.Add(MetricFamily.Gauge("kpi_test_up", "Test family.\\ with a backslash", "table"), 0, "pay\"ments");

        Render(families).ShouldBe(
            "# HELP kpi_test_up Test family.\\\\ with a backslash\n" +
            "# TYPE kpi_test_up gauge\n" +
            "kpi_test_up{table=\"orders\"} 1\n" +
            "kpi_test_up{table=\"pay\\\"ments\"} 0\n" +
            "# HELP kpi_test_empty Declared, no samples.\n" +
            "# TYPE kpi_test_empty gauge\n");
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(1764547200.5, "1764547200.5")]
    [InlineData(0.1, "0.1")]
    public void Values_use_the_text_formats_spelling(double value, string expected)
    {
        var families = new MetricFamilies();
        families.Add(Up, value, "t");

        Render(families).ShouldEndWith($"kpi_test_up{{table=\"t\"}} {expected}\n");
    }

    [Fact]
    public void A_family_redeclared_differently_is_a_programming_error()
    {
        var families = new MetricFamilies();
        families.Declare(Up);

        Should.Throw<InvalidOperationException>(() => families.Declare(MetricFamily.Gauge("kpi_test_up", "Other help.", "table")));
        Should.Throw<ArgumentException>(() => families.Add(Up, 1));
    }

    [Fact]
    public void A_labelled_view_puts_its_labels_before_the_familys_own_in_the_same_family()
    {
        var families = new MetricFamilies();
        families.WithLabels(["database"], ["orders"]).Add(Up, 1, "transactions");
        families.WithLabels(["database"], ["payments"]).WithLabels(["team"], ["payments"]).Add(Up, 0, "transactions");
        families.Add(Up, 2, "plain");

        Render(families).ShouldBe(
            "# HELP kpi_test_up Test family.\\\\ with a backslash\n" +
            "# TYPE kpi_test_up gauge\n" +
            "kpi_test_up{database=\"orders\",table=\"transactions\"} 1\n" +
            "kpi_test_up{database=\"payments\",team=\"payments\",table=\"transactions\"} 0\n" +
            "kpi_test_up{table=\"plain\"} 2\n");
    }

    [Fact]
    public async Task A_family_larger_than_the_writers_buffer_reaches_the_stream_in_pieces_in_order()
    {
        var families = new MetricFamilies();
        var twoLabels = MetricFamily.Gauge("kpi_test_pair", "Two labels.", "dataset", "baseline");
        for (var i = 0; i < 5000; i++)
        {
            families.Add(twoLabels, i + 0.5, $"store_{i:0000}", i % 2 == 0 ? "yesterday" : "with \"quote\"");
        }

        using var stream = new WriteSizeStream();
        var writer = new ExpositionWriter(stream);
        await families.WriteToAsync(writer, CancellationToken.None);
        await writer.FlushAsync(CancellationToken.None);

        var lines = Encoding.UTF8.GetString(stream.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(5002);
        lines[2].ShouldBe("kpi_test_pair{dataset=\"store_0000\",baseline=\"yesterday\"} 0.5");
        lines[^1].ShouldBe("kpi_test_pair{dataset=\"store_4999\",baseline=\"with \\\"quote\\\"\"} 4999.5");
        stream.Writes.Count.ShouldBeGreaterThan(3, "written as the buffer filled, not held whole");
        stream.Writes.Max().ShouldBeLessThan(64 * 1024);
    }

    private sealed class WriteSizeStream : MemoryStream
    {
        public List<int> Writes { get; } = [];

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Writes.Add(buffer.Length);
            return base.WriteAsync(buffer, cancellationToken);
        }
    }
}
