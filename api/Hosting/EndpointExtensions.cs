using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using ScenarioGrid.Api.Http;
using ScenarioGrid.Api.Http.WebSockets;

namespace ScenarioGrid.Api.Hosting;

public static class EndpointExtensions
{
    public const string GraphQLPath = "/graphql";
    public const string OrleansDashboardPath = "/orleans";

    /// <summary>
    /// <c>/graphql</c>: GraphQL over HTTP (POST, GET), GraphQL over WebSocket (graphql-transport-ws: subscriptions) for a
    /// WebSocket upgrade, and GraphiQL for a GET whose Accept prefers HTML;
    /// <c>/graphiql/vendor/*</c>: GraphiQL's files; <c>/batches/{id}/exports/{file}</c>: a completed batch's
    /// tables as CSV or Parquet; <c>/batches/{id}/samples.{csv|parquet}</c>: per-trial values streamed; <c>/</c>: the
    /// strategist dashboard, with its modules under <c>/app/</c> and its chart libraries under <c>/app/vendor/</c>;
    /// <c>/orleans/</c>: Orleans' operator dashboard, when <see cref="ApiOptions.OrleansDashboard"/> is on.
    /// </summary>
    public static WebApplication MapScenarioGridEndpoints(this WebApplication app)
    {
        // An embedded silo stores the shipped scenarios on a first run once it is up; the endpoint answers after that
        // (at most 30 s later), so a first query lists them. A client of a cluster seeds nothing and never waits.
        var seeding = app.Services.GetService<Silo.FirstRunSeeding>()?.Done ?? Task.CompletedTask;
        app.UseWebSockets();
        app.MapMethods(GraphQLPath, [HttpMethods.Get, HttpMethods.Post], async (HttpContext http, GraphQLHttpHandler graphql, GraphiQLPage graphiql,
            GraphQLWebSocketHandler sockets) =>
        {
            if (!seeding.IsCompleted)
                await seeding.WaitAsync(TimeSpan.FromSeconds(30), http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            if (http.WebSockets.IsWebSocketRequest) await sockets.Handle(http);
            else
                await (HttpMethods.IsGet(http.Request.Method) && ContentNegotiation.PrefersHtml(http.Request)
                    ? graphiql.ServePage(http)
                    : graphql.Handle(http));
        });
        app.MapGet(GraphiQLPage.VendorPath + "/{file}", (HttpContext http, string file, GraphiQLPage graphiql) => graphiql.ServeVendor(http, file));
        app.MapGet(ExportHandler.PathTemplate, (HttpContext http, string id, string file, ExportHandler exports) => exports.Handle(http, id, file));
        app.MapGet(SampleHandler.PathTemplate, (HttpContext http, string id, string format, SampleHandler samples) => samples.Handle(http, id, format));
        var dashboard = app.Services.GetRequiredService<DashboardPage>();
        app.MapGet(DashboardPage.VendorPath + "/{file}", (HttpContext http, string file) => dashboard.ServeVendor(http, file));
        app.UseStaticFiles(dashboard.AppFiles());
        app.MapGet("/", (HttpContext http) => dashboard.ServePage(http));
        if (app.Services.GetRequiredService<IOptions<ApiOptions>>().Value.OrleansDashboard) app.MapOrleansDashboard(OrleansDashboardPath);
        return app;
    }
}
