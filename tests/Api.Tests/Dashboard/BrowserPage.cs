using PuppeteerSharp;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// One browser tab on the dashboard (1280 × 800, a laptop screen) that records every console error, uncaught
/// exception and failed request, so a test can assert the page ran clean; and saves screenshots.
/// </summary>
internal sealed class BrowserPage : IAsyncDisposable
{
    public const int Width = 1280, Height = 800;
    private const int WaitMilliseconds = 60_000;

    /// <summary>
    /// A results page has finished loading: its four result panels, and the model-v2 section when the batch has one
    /// (sulfide-vs-oxide extends the v2 baseline), are all ready.
    /// </summary>
    public const string PanelsReady =
        "(s => s.length >= 4 && s.every(p => p.dataset.state === 'ready'))([...document.querySelectorAll('section.panel')])";

    private readonly List<string> _problems = [];
    public IPage Page { get; }
    private readonly string _origin;

    private BrowserPage(IPage page, string origin)
    {
        Page = page;
        _origin = origin;
        page.Console += (_, e) => { if (e.Message.Type == ConsoleType.Error) Add($"console error: {e.Message.Text}"); };
        page.PageError += (_, e) => Add($"uncaught: {e.Message}");
        page.RequestFailed += (_, e) => Add($"request failed: {e.Request.Url} {e.Request.FailureText}");
        page.Response += (_, e) => { if ((int)e.Response.Status >= 400) Add($"HTTP {(int)e.Response.Status}: {e.Response.Url}"); };
    }

    public static async Task<BrowserPage> Open(DashboardFixture fixture, string hash)
    {
        var page = new BrowserPage(await fixture.Browser!.NewPageAsync(), fixture.Api.Url);
        await page.Page.SetViewportAsync(new ViewPortOptions { Width = Width, Height = Height });
        await page.Page.GoToAsync($"{fixture.Api.Url}/{hash}", WaitUntilNavigation.Load);
        await page.WaitFor("main[data-state='ready'], main[data-state='error']");
        return page;
    }

    public IReadOnlyList<string> Problems { get { lock (_problems) return [.. _problems]; } }

    private void Add(string problem) { lock (_problems) _problems.Add(problem); }

    public Task WaitFor(string selector) =>
        Page.WaitForSelectorAsync(selector, new WaitForSelectorOptions { Timeout = WaitMilliseconds });

    /// <summary>Waits until a JavaScript expression is true (e.g. every panel has finished loading).</summary>
    public Task WaitUntil(string expression) =>
        Page.WaitForExpressionAsync(expression, new WaitForFunctionOptions { Timeout = WaitMilliseconds, PollingInterval = 100 });

    public Task<T> Evaluate<T>(string function, params object[] args) => Page.EvaluateFunctionAsync<T>(function, args);

    public async Task<string[]> Texts(string selector) =>
        await Page.EvaluateFunctionAsync<string[]>("s => [...document.querySelectorAll(s)].map(e => e.textContent.trim())", selector);

    public void AssertClean() => Assert.True(Problems.Count == 0, "the page reported problems:\n" + string.Join("\n", Problems));

    /// <summary>Screenshots (always into the test output; into docs/images with SCENARIOGRID_UPDATE_SCREENSHOTS=1).</summary>
    public Task Screenshot(string name, string? selector = null) => Screenshots.Save(Page, name, selector);

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}
