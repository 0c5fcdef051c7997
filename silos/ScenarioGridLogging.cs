using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ScenarioGrid.Silo;

/// <summary>What a ScenarioGrid process logs: its own lines at Information, the frameworks' warnings and errors.</summary>
public static class ScenarioGridLogging
{
    // Two Orleans categories go to errors. The watchdog: the engine holds every core on purpose during a batch, and the
    // watchdog reports that (and, at start-up, the time since the process began) as stalls. The silo's own category:
    // its start-up warnings are two notes advising server GC, which we measured and declined (docs/performance.md).
    private static readonly (string Category, LogLevel Level)[] Defaults =
    [
        ("Orleans", LogLevel.Warning), ("Orleans.Runtime.Watchdog", LogLevel.Error), ("Orleans.Runtime.Silo", LogLevel.Error),
        ("Polly", LogLevel.Warning), ("Microsoft", LogLevel.Warning),
    ];

    /// <summary>
    /// Framework categories down to warnings, so a start-up shows our own lines only (where the API, GraphiQL and the
    /// database are; a first run's scenarios). A category the configuration names (<c>Logging:LogLevel:Orleans</c>)
    /// keeps the configured level: a filter added here would otherwise win over it.
    /// </summary>
    public static IHostApplicationBuilder AddScenarioGridLogFilters(this IHostApplicationBuilder builder)
    {
        foreach (var (category, level) in Defaults)
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
                builder.Logging.AddFilter(category, level);
        return builder;
    }

    /// <summary>
    /// A host's console lines: one line per entry with a UTC time stamp, unless the configuration shapes them itself
    /// (<c>Logging:Console:FormatterOptions</c>), e.g. <c>--Logging:Console:FormatterName json</c> for one JSON object
    /// per entry with the message's named values as fields, for a log collector.
    /// </summary>
    public static IHostApplicationBuilder UseScenarioGridConsoleFormat(this IHostApplicationBuilder builder)
    {
        // Without a formatter name the console logger ignores the formatter's options (its legacy path).
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.FormatterName ??= ConsoleFormatterNames.Simple);
        if (!builder.Configuration.GetSection("Logging:Console:FormatterOptions").Exists())
            builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss'Z' ";
            });
        return builder;
    }
}
