using ScenarioGrid.Queries;
using ScenarioGrid.Silo;

namespace ScenarioGrid.Api.Hosting;

public static partial class ApiSettingsExtensions
{
    /// <summary>
    /// Binds and validates section "Api" (at start-up), listens on <see cref="ApiOptions.ListenUrl"/> unless
    /// <c>--urls</c> / ASPNETCORE_URLS says otherwise, and keeps the frameworks' logs to warnings (<see cref="ScenarioGridLogging"/>).
    /// </summary>
    public static WebApplicationBuilder AddApiSettings(this WebApplicationBuilder builder)
    {
        builder.Configuration.AddEnvironmentVariables("SCENARIOGRID_");
        builder.Services.AddOptions<ApiOptions>().BindConfiguration(ApiOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        var options = ValidatedOptions.Bind<ApiOptions>(builder.Configuration, ApiOptions.Section);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(options.ListenUrl);
        builder.UseScenarioGridConsoleFormat().AddScenarioGridLogFilters();
        return builder;
    }

    /// <summary>
    /// One line at start-up with where to point a client (the GraphQL endpoint), a browser (the dashboard at the
    /// root, GraphiQL at the endpoint's URL) and a look at the data (the database's full path).
    /// </summary>
    public static WebApplication LogWhereToFindUs(this WebApplication app)
    {
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var endpoints = app.Urls.Select(url => url.TrimEnd('/') + EndpointExtensions.GraphQLPath).ToList();
            string api = endpoints.Count > 0 ? string.Join(", ", endpoints) : "(test server)";
            string graphiql = endpoints.Count > 0 ? string.Join(", ", endpoints.Select(ForBrowser)) : "(test server)";
            string dashboard = app.Urls.Count > 0 ? string.Join(", ", app.Urls.Select(url => ForBrowser(url.TrimEnd('/') + "/"))) : "(test server)";
            string backend = app.Services.GetRequiredService<BackendInfo>().Mode == "embedded" ? "embedded silo" : "client of an existing cluster";
            LogListening(app.Logger, dashboard, api, graphiql, app.Services.GetRequiredService<ScenarioGridDatabase>().Path, backend);
        });
        return app;
    }

    /// <summary>A URL a browser on this machine can open: an address that listens on every interface becomes localhost.</summary>
    private static string ForBrowser(string url)
    {
        var uri = new Uri(url);
        return uri.Host is "0.0.0.0" or "[::]" ? new UriBuilder(uri) { Host = "localhost" }.Uri.ToString() : url;
    }

    [LoggerMessage(Level = LogLevel.Information,
        Message = "ScenarioGrid dashboard at {Dashboard}, GraphQL API at {Api}, GraphiQL at {GraphiQL} (in a browser), database {Database} ({Backend})")]
    private static partial void LogListening(ILogger logger, string dashboard, string api, string graphiql, string database, string backend);
}
