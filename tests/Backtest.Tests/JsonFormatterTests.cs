using System.Text.Json;

namespace KpiMonitoring.Backtest.Tests;

public sealed class JsonFormatterTests
{
    [Fact]
    public void Json_is_a_list_of_hours_with_their_alerts()
    {
        var json = JsonFormatter.Format([new HourVerdict("checkout_2", 15, 0, 34.75, -2.5, [new FiringAlert("CheckoutZeroTransactions", "P1")], 7)]);

        using var document = JsonDocument.Parse(json);
        var hour = document.RootElement.ShouldHaveSingleItem();
        hour.GetProperty("dataset").GetString().ShouldBe("checkout_2");
        hour.GetProperty("hour").GetInt32().ShouldBe(15);
        hour.GetProperty("today").GetDouble().ShouldBe(0);
        hour.GetProperty("expected").GetDouble().ShouldBe(34.75);
        hour.GetProperty("z").GetDouble().ShouldBe(-2.5);
        hour.GetProperty("evaluations").GetInt32().ShouldBe(7);
        var alert = hour.GetProperty("alerts").ShouldHaveSingleItem();
        alert.GetProperty("alertname").GetString().ShouldBe("CheckoutZeroTransactions");
        alert.GetProperty("severity").GetString().ShouldBe("P1");
    }

    [Fact]
    public void Undefined_z_is_null()
    {
        using var document = JsonDocument.Parse(JsonFormatter.Format([new HourVerdict("quiet", 4, 0, 0, double.NaN, [], 3)]));

        document.RootElement[0].GetProperty("z").ValueKind.ShouldBe(JsonValueKind.Null);
        document.RootElement[0].GetProperty("alerts").GetArrayLength().ShouldBe(0);
    }

    [Fact]
    public void No_hours_is_an_empty_list()
    {
        JsonDocument.Parse(JsonFormatter.Format([])).RootElement.GetArrayLength().ShouldBe(0);
    }
}

internal static class JsonElementShould
{
    public static JsonElement ShouldHaveSingleItem(this JsonElement array)
    {
        array.ValueKind.ShouldBe(JsonValueKind.Array);
        array.GetArrayLength().ShouldBe(1);
        return array[0];
    }
}
