using Microsoft.Extensions.FileProviders;

namespace ScenarioGrid.Api.Http;

/// <summary>
/// The strategist dashboard: wwwroot/index.html at <c>/</c>, its own modules under <c>/app/</c>, and the chart
/// libraries (d3, Observable Plot) the build copied from npm into wwwroot/vendor under <c>/app/vendor/</c>. The
/// page talks to nothing but POST /graphql and the export URLs the schema links. Without the chart files the page
/// still loads and shows every result as a table.
/// </summary>
public sealed class DashboardPage
{
    public const string AppPath = "/app";
    public const string VendorPath = AppPath + "/vendor";

    // A fixed list, as for GraphiQL: the vendor folder also holds GraphiQL's files, which are not the dashboard's.
    private static readonly HashSet<string> VendorFiles = new(StringComparer.Ordinal) { "d3.min.js", "plot.umd.min.js" };

    private readonly string _root = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public string AppFolder => Path.Combine(_root, "app");

    public Task ServePage(HttpContext http)
    {
        string page = Path.Combine(_root, "index.html");
        if (!File.Exists(page))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return http.Response.WriteAsync("the dashboard's files (wwwroot/index.html) are not next to the server");
        }
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        return http.Response.SendFileAsync(page);
    }

    public Task ServeVendor(HttpContext http, string file)
    {
        string path = Path.Combine(_root, "vendor", file);
        if (!VendorFiles.Contains(file) || !File.Exists(path))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        http.Response.ContentType = "text/javascript; charset=utf-8";
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return http.Response.SendFileAsync(path);
    }

    /// <summary>
    /// The dashboard's own modules and style sheet, revalidated on every load (no-cache) so that a rebuilt API
    /// never runs a stale module next to a new one.
    /// </summary>
    public StaticFileOptions AppFiles() => new()
    {
        FileProvider = Directory.Exists(AppFolder) ? new PhysicalFileProvider(AppFolder) : new NullFileProvider(),
        RequestPath = AppPath,
        OnPrepareResponse = context => context.Context.Response.Headers.CacheControl = "no-cache",
    };
}
