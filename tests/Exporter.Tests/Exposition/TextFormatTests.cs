using System.Globalization;
using System.Text;
using KpiExporter.Exposition;

namespace KpiExporter.Tests.Exposition;

public sealed class TextFormatTests
{
    private static string Format(double value)
    {
        var buffer = new byte[40];
        return Encoding.ASCII.GetString(buffer, 0, TextFormat.FormatNumber(value, buffer));
    }

    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(-0.0, "-0")]
    [InlineData(45.0, "45")]
    [InlineData(-7.0, "-7")]
    [InlineData(22.428571428571427, "22.428571428571427")]
    [InlineData(1764633600.123, "1764633600.123")]
    [InlineData(999999999999999.0, "999999999999999")]
    [InlineData(1e15, "1000000000000000")]
    [InlineData(-1e15, "-1000000000000000")]
    [InlineData(9007199254740992.0, "9007199254740992")]
    [InlineData(1e17, "1E+17")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    public void Values_print_in_the_shortest_round_trip_form(double value, string expected) =>
        Format(value).ShouldBe(expected);

    [Fact]
    public void Whole_numbers_print_exactly_as_the_round_trip_form_does()
    {
        // The integer fast path must not change a byte: compare it with double's own formatting on every
        // magnitude, past the fast path's bound (10^15) and up to where the round-trip form turns to an exponent.
        var random = new Random(7);
        for (var i = 0; i < 20_000; i++)
        {
            var magnitude = Math.Pow(10, random.Next(0, 17));
            var value = Math.Floor(random.NextDouble() * magnitude) * (random.Next(2) == 0 ? 1 : -1);
            Format(value).ShouldBe(value.ToString(CultureInfo.InvariantCulture), $"value {value:R}");
        }
    }
}
