using ScenarioGrid.Api.Http;

namespace ScenarioGrid.Api.Hosting;

public static class EndpointExtensions
{
    public const string GraphQLPath = "/graphql";

    /// <summary>
    /// <c>/graphql</c>: GraphQL over HTTP (POST, GET), and GraphiQL for a GET whose Accept prefers HTML;
    /// <c>/graphiql/vendor/*</c>: GraphiQL's files; <c>/batches/{id}/exports/{file}</c>: a completed batch's
    /// tables as CSV or Parquet; <c>/batches/{id}/samples.{csv|parquet}</c>: per-trial values streamed; <c>/</c>: the
    /// strategist dashboard, with its modules under <c>/app/</c> and its chart libraries under <c>/app/vendor/</c>.
    /// </summary>
    public static WebApplication MapScenarioGridEndpoints(this WebApplication app)
    {
        app.MapMethods(GraphQLPath, [HttpMethods.Get, HttpMethods.Post], (HttpContext http, GraphQLHttpHandler graphql, GraphiQLPage graphiql) =>
            HttpMethods.IsGet(http.Request.Method) && ContentNegotiation.PrefersHtml(http.Request)
                ? graphiql.ServePage(http)
                : graphql.Handle(http));
        app.MapGet(GraphiQLPage.VendorPath + "/{file}", (HttpContext http, string file, GraphiQLPage graphiql) => graphiql.ServeVendor(http, file));
        app.MapGet(ExportHandler.PathTemplate, (HttpContext http, string id, string file, ExportHandler exports) => exports.Handle(http, id, file));
        app.MapGet(SampleHandler.PathTemplate, (HttpContext http, string id, string format, SampleHandler samples) => samples.Handle(http, id, format));
        var dashboard = app.Services.GetRequiredService<DashboardPage>();
        app.MapGet(DashboardPage.VendorPath + "/{file}", (HttpContext http, string file) => dashboard.ServeVendor(http, file));
        app.UseStaticFiles(dashboard.AppFiles());
        app.MapGet("/", (HttpContext http) => dashboard.ServePage(http));
        return app;
    }
}
