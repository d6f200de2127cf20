using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KpiExporter.Startup;

/// <summary>
/// Checks the configuration's keys and value types (<see cref="ConfigurationKeys"/>), then binds and validates every
/// options class now, before anything starts (the <c>ValidateOnStart</c> ones).
/// </summary>
internal static class StartupConfiguration
{
    /// <summary>
    /// Throws <see cref="ConfigurationException"/> with every failure: the validators' messages, and the binder's
    /// (a value that does not convert to its setting's type). Anything thrown here comes from reading the
    /// configuration, so no message needs to be searched to know it.
    /// </summary>
    public static void Validate(IServiceProvider services)
    {
        var unknown = ConfigurationKeys.Check(services.GetRequiredService<IConfiguration>());
        if (unknown.Count > 0)
        {
            throw new ConfigurationException(unknown, new InvalidOperationException("unknown configuration keys or values of the wrong type"));
        }

        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException or InvalidOperationException))
        {
            throw new ConfigurationException(ex.InnerExceptions.SelectMany(Failures).ToList(), ex);
        }
        catch (Exception ex) when (ex is OptionsValidationException or InvalidOperationException)
        {
            throw new ConfigurationException(Failures(ex).ToList(), ex);
        }
    }

    private static IEnumerable<string> Failures(Exception ex) =>
        ex is OptionsValidationException validation ? validation.Failures : [ex.Message];
}
