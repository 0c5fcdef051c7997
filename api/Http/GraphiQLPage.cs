namespace ScenarioGrid.Api.Http;

/// <summary>
/// GraphiQL for browsers: our page (wwwroot/graphiql.html) and the React and GraphiQL UMD files the build
/// copied from npm into wwwroot/vendor. Without those files a page says how to install them; the API works anyway.
/// </summary>
public sealed class GraphiQLPage
{
    public const string VendorPath = "/graphiql/vendor";

    private static readonly Dictionary<string, string> VendorFiles = new(StringComparer.Ordinal)
    {
        ["react.production.min.js"] = "text/javascript; charset=utf-8",
        ["react-dom.production.min.js"] = "text/javascript; charset=utf-8",
        ["graphiql.min.js"] = "text/javascript; charset=utf-8",
        ["graphiql.min.css"] = "text/css; charset=utf-8",
    };

    private readonly string _root = Path.Combine(AppContext.BaseDirectory, "wwwroot");

    public bool IsInstalled => VendorFiles.Keys.All(f => File.Exists(Path.Combine(_root, "vendor", f)));

    public Task ServePage(HttpContext http)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        string page = Path.Combine(_root, "graphiql.html");
        return IsInstalled && File.Exists(page) ? http.Response.SendFileAsync(page) : http.Response.WriteAsync(NotInstalled);
    }

    public Task ServeVendor(HttpContext http, string file)
    {
        if (!VendorFiles.TryGetValue(file, out var type) || !File.Exists(Path.Combine(_root, "vendor", file)))
        {
            http.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        http.Response.ContentType = type;
        http.Response.Headers.CacheControl = "public, max-age=86400";
        return http.Response.SendFileAsync(Path.Combine(_root, "vendor", file));
    }

    private const string NotInstalled = """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>ScenarioGrid GraphQL</title></head>
        <body style="font-family: sans-serif; max-width: 50em; margin: 3em auto; line-height: 1.5">
        <h1>GraphiQL is not installed</h1>
        <p>The API works: POST GraphQL requests to this URL (<code>application/json</code>). The in-browser IDE's
        files come from the npm registry at build time and were not found next to the server.</p>
        <p>To install them, have Node.js and npm on the PATH and rebuild:</p>
        <pre>cd api/web &amp;&amp; npm ci        # or simply: dotnet build api
        dotnet run --project api -c Release</pre>
        <p>See <code>docs/api.md</code>.</p>
        </body></html>
        """;
}
