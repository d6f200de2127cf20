using System.Text;
using KpiExporter.Sources.Checkout;
using KpiExporter.Tests.Support;

namespace KpiExporter.Tests.Sources.Checkout;

public sealed class CheckoutCsvParserTests
{
    private const string Header = "time,today,yesterday,same_day_last_week,avg_last_week,avg_last_month";

    private static CheckoutDay ParseOk(string text)
    {
        var result = CheckoutCsvParser.Parse(text);
        result.Error.ShouldBeNull();
        return result.Day!;
    }

    private static LoadError ParseFail(string text)
    {
        var result = CheckoutCsvParser.Parse(text);
        result.Day.ShouldBeNull();
        return result.Error.ShouldNotBeNull();
    }

    [Fact]
    public void Outage_day_has_zero_at_15_and_45_at_13_and_427_in_total()
    {
        var day = CheckoutCsvParser.Parse(File.ReadAllBytes(RepoPaths.DataFile("checkout_2.csv"))).Day.ShouldNotBeNull();

        day.HourCount.ShouldBe(24);
        day[15]!.Today.ShouldBe(0);
        day[13]!.Today.ShouldBe(45);
        day[15]!.Yesterday.ShouldBe(51);
        day[15]!.SameDayLastWeek.ShouldBe(42);
        day[15]!.AvgLastWeek.ShouldBe(22.428571428571427);
        day[15]!.AvgLastMonth.ShouldBe(27.785714285714285);
        day.TodayTotal.ShouldBe(427);
    }

    [Fact]
    public void Normal_day_totals_526()
    {
        var day = CheckoutCsvParser.Parse(File.ReadAllBytes(RepoPaths.DataFile("checkout_1.csv"))).Day.ShouldNotBeNull();

        day.HourCount.ShouldBe(24);
        day.TodayTotal.ShouldBe(526);
        day[0]!.Today.ShouldBe(9);
    }

    [Fact]
    public void Semicolon_file_with_decimal_comma_is_read()
    {
        var day = ParseOk("time;today;yesterday;same_day_last_week;avg_last_week;avg_last_month\n15h;0;51;42;22,428571;27,5\n16h;1.234;41;36;1.021,5;25\n");

        day[15]!.AvgLastWeek.ShouldBe(22.428571);
        day[15]!.AvgLastMonth.ShouldBe(27.5);
        day[16]!.Today.ShouldBe(1234);
        day[16]!.AvgLastWeek.ShouldBe(1021.5);
    }

    [Fact]
    public void Semicolon_file_with_decimal_point_is_not_misread_as_thousands()
    {
        var day = ParseOk("time;today;yesterday;same_day_last_week;avg_last_week;avg_last_month\n15h;0;51;42;22.428571;27.5\n");

        day[15]!.AvgLastWeek.ShouldBe(22.428571);
    }

    [Fact]
    public void Tab_separated_file_is_read()
    {
        var day = ParseOk("time\ttoday\tyesterday\tsame_day_last_week\tavg_last_week\tavg_last_month\n03h\t0\t1\t1\t0.42\t0.46\n");

        day[3]!.Today.ShouldBe(0);
        day[3]!.AvgLastMonth.ShouldBe(0.46);
    }

    [Fact]
    public void Utf8_bom_and_crlf_are_accepted()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(Header + "\r\n00h,9,12,11,6.4,4.8\r\n01h,3,5,1,1.8,1.9\r\n")).ToArray();

        var day = CheckoutCsvParser.Parse(bytes).Day.ShouldNotBeNull();

        day.HourCount.ShouldBe(2);
        day[1]!.Today.ShouldBe(3);
    }

    [Fact]
    public void Quoted_fields_are_accepted()
    {
        var day = ParseOk("\"time\",\"today\",\"yesterday\",\"same_day_last_week\",\"avg_last_week\",\"avg_last_month\"\n\"15h\",\"0\",\"51\",\"42\",\"22.4\",\"27.7\"\n");

        day[15]!.Yesterday.ShouldBe(51);
    }

    [Fact]
    public void Quoted_decimal_comma_in_a_comma_file_is_not_a_number()
    {
        var error = ParseFail(Header + "\n15h,0,51,42,\"22,4\",27.7\n");

        error.Reason.ShouldBe(LoadErrorReason.InvalidValue);
        error.Line.ShouldBe(2);
    }

    [Fact]
    public void Columns_in_any_order_with_extra_columns_are_accepted()
    {
        var day = ParseOk("store,avg_last_month,today,TIME,yesterday,avg_last_week,same_day_last_week,note\nA,27.7,5,15h,51,22.4,42,hello\n");

        var row = day[15]!;
        row.Today.ShouldBe(5);
        row.Yesterday.ShouldBe(51);
        row.SameDayLastWeek.ShouldBe(42);
        row.AvgLastWeek.ShouldBe(22.4);
        row.AvgLastMonth.ShouldBe(27.7);
    }

    [Theory]
    [InlineData("15h")]
    [InlineData("15")]
    [InlineData("15:00")]
    [InlineData("15H")]
    [InlineData("15:00:00")]
    public void Hour_formats_are_accepted(string hour)
    {
        var day = ParseOk($"{Header}\n{hour},7,1,1,1,1\n");

        day[15]!.Today.ShouldBe(7);
    }

    [Fact]
    public void Single_digit_hour_is_accepted()
    {
        ParseOk($"{Header}\n3,7,1,1,1,1\n")[3]!.Today.ShouldBe(7);
    }

    [Fact]
    public void Blank_lines_are_ignored()
    {
        ParseOk($"{Header}\n\n00h,1,1,1,1,1\n\n01h,2,2,2,2,2\n\n").HourCount.ShouldBe(2);
    }

    [Fact]
    public void Missing_column_is_rejected_naming_it()
    {
        var error = ParseFail("time,today,yesterday,avg_last_week,avg_last_month\n15h,0,51,22,27\n");

        error.Reason.ShouldBe(LoadErrorReason.MissingColumn);
        error.Line.ShouldBe(1);
        error.Message.ShouldContain("'same_day_last_week'");
    }

    [Fact]
    public void Non_numeric_value_is_rejected_with_its_line()
    {
        var error = ParseFail($"{Header}\n00h,1,1,1,1,1\n01h,abc,1,1,1,1\n");

        error.Reason.ShouldBe(LoadErrorReason.InvalidValue);
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("'today'");
        error.Message.ShouldContain("'abc'");
    }

    [Fact]
    public void Empty_value_is_rejected()
    {
        var error = ParseFail($"{Header}\n00h,,1,1,1,1\n");

        error.Reason.ShouldBe(LoadErrorReason.InvalidValue);
        error.Line.ShouldBe(2);
    }

    [Fact]
    public void Negative_value_is_rejected()
    {
        var error = ParseFail($"{Header}\n00h,1,1,1,1,1\n01h,1,1,-2,1,1\n");

        error.Reason.ShouldBe(LoadErrorReason.NegativeValue);
        error.Line.ShouldBe(3);
        error.Message.ShouldContain("same_day_last_week");
    }

    [Fact]
    public void Duplicate_hour_is_rejected_naming_both_lines()
    {
        var error = ParseFail($"{Header}\n00h,1,1,1,1,1\n01h,1,1,1,1,1\n00,1,1,1,1,1\n");

        error.Reason.ShouldBe(LoadErrorReason.DuplicateHour);
        error.Line.ShouldBe(4);
        error.Message.ShouldContain("line 2");
    }

    [Theory]
    [InlineData("24h")]
    [InlineData("99")]
    [InlineData("-1")]
    public void Out_of_range_hour_is_rejected(string hour)
    {
        var error = ParseFail($"{Header}\n{hour},1,1,1,1,1\n");

        error.Reason.ShouldBe(LoadErrorReason.HourOutOfRange);
        error.Line.ShouldBe(2);
    }

    [Theory]
    [InlineData("15:30")]
    [InlineData("noon")]
    [InlineData("")]
    public void Text_that_is_not_an_hour_is_rejected(string hour)
    {
        ParseFail($"{Header}\n{hour},1,1,1,1,1\n").Reason.ShouldBe(LoadErrorReason.InvalidValue);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\n")]
    [InlineData("\uFEFF")]
    public void Empty_file_is_rejected(string text)
    {
        ParseFail(text).Reason.ShouldBe(LoadErrorReason.EmptyFile);
    }

    [Fact]
    public void Header_without_rows_is_rejected_as_empty()
    {
        ParseFail(Header + "\n").Reason.ShouldBe(LoadErrorReason.EmptyFile);
    }

    [Fact]
    public void Unbalanced_quote_is_malformed_csv()
    {
        var error = ParseFail($"{Header}\n00h,1,1,1,1,1\n01h,\"1,1,1,1,1\n");

        error.Reason.ShouldBeOneOf(LoadErrorReason.MalformedCsv, LoadErrorReason.InvalidValue);
    }

    [Fact]
    public void Infinity_and_nan_are_not_numbers()
    {
        ParseFail($"{Header}\n00h,NaN,1,1,1,1\n").Reason.ShouldBe(LoadErrorReason.InvalidValue);
        ParseFail($"{Header}\n00h,1,Infinity,1,1,1\n").Reason.ShouldBe(LoadErrorReason.InvalidValue);
    }

    [Theory]
    [InlineData("a,b;c;d\n", ';')]
    [InlineData("a\tb\tc,d\n", '\t')]
    [InlineData("\"a;b\",c,d\n", ',')]
    [InlineData("abc\n", ',')]
    public void Delimiter_is_the_most_frequent_outside_quotes(string text, char expected)
    {
        CheckoutCsvParser.DetectDelimiter(text).ShouldBe(expected);
    }
}
