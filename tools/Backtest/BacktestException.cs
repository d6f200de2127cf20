namespace KpiMonitoring.Backtest;

/// <summary>A backtest that could not give a trustworthy answer (bad input, a server failing, hours never judged).</summary>
internal sealed class BacktestException : Exception
{
    public BacktestException()
    {
    }

    public BacktestException(string message)
        : base(message)
    {
    }

    public BacktestException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
