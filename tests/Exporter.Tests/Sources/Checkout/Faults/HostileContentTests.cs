using System.Text;
using KpiExporter.Sources.Checkout;

namespace KpiExporter.Tests.Sources.Checkout.Faults;

/// <summary>
/// Hostile content written over a good dataset file: refused with a clear reason, never more read than the limits
/// allow, the dataset's last good day kept and the other dataset unaffected.
/// </summary>
public sealed class HostileContentTests : IDisposable
{
    private const long MiB = 1024 * 1024;

    private readonly HostileDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Random_bytes_are_refused_as_binary_and_the_last_good_day_kept()
    {
        var bytes = new byte[256 * 1024];
        new Random(12).NextBytes(bytes);
        File.WriteAllBytes(_dir.VictimPath, bytes);

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Rejected("victim", _dir.VictimPath, LoadErrorReason.BinaryContent).ShouldStartWith("line ");
        _dir.VictimKeepsItsLastGoodDay();
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void Random_bytes_without_a_NUL_are_refused_with_a_short_printable_message()
    {
        var bytes = new byte[256 * 1024];
        new Random(13).NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = bytes[i] == 0 ? (byte)1 : bytes[i];
        }

        File.WriteAllBytes(_dir.VictimPath, bytes);

        _dir.Loader.Refresh(_dir.VictimPath);

        var status = _dir.Health.Get(CheckoutFileLoader.Kind, "victim").ShouldNotBeNull();
        status.LastErrorReason.ShouldBeOneOf(LoadErrorReason.MissingColumn, LoadErrorReason.MalformedCsv);
        _dir.Rejected("victim", _dir.VictimPath, status.LastErrorReason!);
        _dir.VictimKeepsItsLastGoodDay();
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void A_NUL_byte_in_a_value_is_refused_naming_its_line()
    {
        File.WriteAllText(_dir.VictimPath, HostileDirectory.Day(24).Replace("03h,5,", "03h,5\0,", StringComparison.Ordinal));

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Rejected("victim", _dir.VictimPath, LoadErrorReason.BinaryContent).ShouldStartWith("line 5: a NUL character");
        _dir.VictimKeepsItsLastGoodDay();
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void A_200_MB_file_is_refused_by_its_size_without_being_opened()
    {
        using (var stream = new FileStream(_dir.VictimPath, FileMode.Create, FileAccess.Write))
        {
            stream.Write(Encoding.UTF8.GetBytes(HostileDirectory.Day(24, today: 9)));
            stream.SetLength(200 * MiB); // sparse: the rest reads as NUL bytes and takes no disk
        }

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Rejected("victim", _dir.VictimPath, LoadErrorReason.FileTooLarge)
            .ShouldBe("the file is 209,715,200 bytes, more than Checkout:MaxFileBytes = 1,048,576; it was not read");
        _dir.Opener.Opens(_dir.VictimPath).ShouldBe(1, "only the good load before opened it");
        _dir.VictimKeepsItsLastGoodDay();
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void A_single_10_MB_line_is_refused_by_its_size_with_the_default_limits()
    {
        _dir.WriteRepeated("victim.csv", "a,"u8, 10 * MiB);

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Rejected("victim", _dir.VictimPath, LoadErrorReason.FileTooLarge).ShouldContain("10,485,760 bytes");
        _dir.VictimKeepsItsLastGoodDay();
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void A_single_10_MB_line_under_a_raised_size_limit_is_read_no_further_than_the_line_limit()
    {
        using var dir = new HostileDirectory(o => o.MaxFileBytes = 16 * MiB);
        var before = dir.Opener.BytesRead(dir.VictimPath);
        dir.WriteRepeated("victim.csv", "a,"u8, 10 * MiB);

        dir.Loader.Refresh(dir.VictimPath);

        dir.Rejected("victim", dir.VictimPath, LoadErrorReason.LineTooLong)
            .ShouldBe("line 1: the line is longer than 65,536 bytes (Checkout:MaxLineBytes); the rest of the file was not read");
        (dir.Opener.BytesRead(dir.VictimPath) - before).ShouldBeLessThanOrEqualTo(dir.Options.MaxLineBytes + (64 * 1024));
        dir.VictimKeepsItsLastGoodDay();
        dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void A_long_line_after_good_rows_is_refused_naming_its_line()
    {
        File.WriteAllText(_dir.VictimPath, HostileDirectory.Day(3) + new string('9', 100_000) + "\n");

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Rejected("victim", _dir.VictimPath, LoadErrorReason.LineTooLong).ShouldStartWith("line 5: ");
        _dir.VictimKeepsItsLastGoodDay();
    }

    [Fact]
    public void One_hundred_thousand_rows_are_refused_by_their_size_with_the_default_limits()
    {
        File.WriteAllText(_dir.VictimPath, HundredThousandRows());

        _dir.Loader.Refresh(_dir.VictimPath);

        _dir.Rejected("victim", _dir.VictimPath, LoadErrorReason.FileTooLarge);
        _dir.VictimKeepsItsLastGoodDay();
        _dir.OtherDatasetUnaffected();
    }

    [Fact]
    public void One_hundred_thousand_rows_under_a_raised_size_limit_stop_at_the_first_repeated_hour()
    {
        using var dir = new HostileDirectory(o => o.MaxFileBytes = 8 * MiB);
        File.WriteAllText(dir.VictimPath, HundredThousandRows());

        dir.Loader.Refresh(dir.VictimPath);

        dir.Rejected("victim", dir.VictimPath, LoadErrorReason.DuplicateHour).ShouldBe("line 26: hour 00 appears again (first on line 2)");
        dir.VictimKeepsItsLastGoodDay();
        dir.OtherDatasetUnaffected();
    }

    /// <summary>A header and 100,000 rows cycling through the hours (about 2.5 MB).</summary>
    private static string HundredThousandRows()
    {
        var text = new StringBuilder(HostileDirectory.Header).Append('\n');
        for (var row = 0; row < 100_000; row++)
        {
            text.Append((row % 24).ToString("00", System.Globalization.CultureInfo.InvariantCulture)).Append("h,5,1,1,1,1\n");
        }

        text.Length.ShouldBeGreaterThan(1024 * 1024);
        return text.ToString();
    }
}
