using KpiExporter.Sources.Checkout;

namespace KpiExporter.Http;

/// <summary>
/// /healthz answers while the process serves HTTP. /readyz answers 200 once the first scan of the data
/// directory has finished, so a fresh start does not serve an empty /metrics as if all were well.
/// </summary>
internal static class HealthEndpoints
{
    public static IResult Live() => Results.Text("ok\n");

    public static IResult Ready(CheckoutReadiness readiness) =>
        readiness.IsReady
            ? Results.Text("ready\n")
            : Results.Text("not ready: the first scan of the data directory has not finished\n", statusCode: StatusCodes.Status503ServiceUnavailable);
}
