using ScenarioGrid.Silo;

namespace ScenarioGrid.Api.Hosting;

public static partial class ApiSettingsExtensions
{
    /// <summary>
    /// Binds and validates section "Api" (at start-up), listens on <see cref="ApiOptions.ListenUrl"/> unless
    /// <c>--urls</c> / ASPNETCORE_URLS says otherwise, and keeps per-request framework logs quiet.
    /// </summary>
    public static WebApplicationBuilder AddApiSettings(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddEnvironmentVariables("SCENARIOGRID_");
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = ValidatedOptions.Bind<ApiOptions>(builder.Configuration, ApiOptions.Section);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(options.ListenUrl);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        return builder;
    }

    /// <summary>One line at start-up with where to point a browser or the CLI.</summary>
    public static WebApplication LogWhereToFindUs(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var urls = app.Urls.Count > 0 ? string.Join(", ", app.Urls) : "(test server)";
            LogListening(app.Logger, urls, app.Services.GetRequiredService<BackendInfo>().Mode == "embedded" ? "embedded silo" : "client of an existing cluster");
        });
        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "ScenarioGrid API listening on {Urls} ({Backend}); GraphQL and GraphiQL at /graphql")]
    private static partial void LogListening(ILogger logger, string urls, string backend);
}
