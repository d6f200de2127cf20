using System.Reflection;
using System.Text;
using KpiExporter.Sources.Checkout;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// The real day files with a few bytes changed, inserted or removed (delimiters, quotes, line breaks, digits, any
/// byte), thousands of times from a fixed seed: the parser returns a day or names a reason every time, and never
/// throws, which on the loader's loop would stop every dataset's updates.
/// </summary>
public sealed class MutatedExportTests
{
    private const int Mutations = 4_000;

    private static readonly byte[] Interesting = [.. "\"\",;\t\r\n0123456789-.:h "u8, 0x00, 0xff];

    private static readonly HashSet<string> Reasons = typeof(LoadErrorReason)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => (string)f.GetValue(null)!)
        .ToHashSet(StringComparer.Ordinal);

    [Theory]
    [InlineData("checkout_1.csv", 1)]
    [InlineData("checkout_2.csv", 2)]
    public void Mutated_exports_are_parsed_or_refused_with_a_reason_never_thrown(string file, int seed)
    {
        var original = File.ReadAllBytes(RepoPaths.DataFile(file));
        var random = new Random(seed);
        var refused = 0;
        for (var i = 0; i < Mutations; i++)
        {
            var mutated = Mutate(original, random);
            CheckoutParseResult result;
            try
            {
                result = CheckoutCsvParser.Parse(mutated);
            }
            catch (Exception ex)
            {
                throw new ShouldAssertException($"mutation {i} of {file} threw {ex.GetType().Name}: {ex.Message}\n{Encoding.UTF8.GetString(mutated)}", ex);
            }

            if (result.Error is { } error)
            {
                refused++;
                Reasons.ShouldContain(error.Reason);
                error.ToString().Length.ShouldBeLessThan(400);
                error.ToString().Any(char.IsControl).ShouldBeFalse(error.ToString());
            }
            else
            {
                result.Day.ShouldNotBeNull().HourCount.ShouldBeInRange(1, 24);
            }
        }

        refused.ShouldBeGreaterThan(Mutations / 4, "the mutations should break most files");
    }

    /// <summary>One to four edits: a byte replaced, inserted or removed, mostly from the bytes a CSV is made of.</summary>
    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = original.ToList();
        for (var edits = random.Next(1, 5); edits > 0 && bytes.Count > 0; edits--)
        {
            var at = random.Next(bytes.Count);
            var value = random.Next(4) == 0 ? (byte)random.Next(256) : Interesting[random.Next(Interesting.Length)];
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] = value;
                    break;
                case 1:
                    bytes.Insert(at, value);
                    break;
                default:
                    bytes.RemoveAt(at);
                    break;
            }
        }

        return [.. bytes];
    }
}
