using KpiMonitoring.Bench.Backtest;
using KpiMonitoring.Bench.Csv;
using KpiMonitoring.Bench.Database;
using KpiMonitoring.Bench.Web;

// Benchmarks, one suite per argument:
//   dotnet run --project bench -c Release -- csv        (1,000 dataset files: /metrics render, full reload, RSS)
//   dotnet run --project bench -c Release -- database   (PostgreSQL checks at 1M and 10M transactions)
//   dotnet run --project bench -c Release -- web        (basic auth per request: bcrypt against the verification cache)
//   dotnet run --project bench -c Release -- backtest   (the offline backtest of 90 generated days and of one day)
var suite = args.Length > 0 ? args[0] : "csv";
var rest = args.Skip(1).ToArray();
return suite switch
{
    "csv" => await CsvSuite.RunAsync(rest),
    "database" => await DatabaseSuite.RunAsync(rest),
    "web" => await WebSuite.RunAsync(rest),
    "backtest" => await BacktestSuite.RunAsync(rest),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: KpiExporter.Bench csv|database|web|backtest [options]");
    return 2;
}
