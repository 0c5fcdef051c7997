using PuppeteerSharp;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// The README's and docs/dashboard.md's pictures come from the browser tests: each test saves its view into the
/// test output folder, and into docs/images/ when SCENARIOGRID_UPDATE_SCREENSHOTS=1 (like the schema snapshot's switch),
/// so the pictures are refreshed on purpose, not on every run.
/// </summary>
internal static class Screenshots
{
    public static bool Update => Environment.GetEnvironmentVariable("SCENARIOGRID_UPDATE_SCREENSHOTS") == "1";

    public static async Task Save(IPage page, string name, string? selector)
    {
        string folder = Update ? Path.Combine(TestPaths.RepoRoot(), "docs", "images") : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        string file = Path.Combine(folder, $"dashboard-{name}.png");
        if (selector is null)
        {
            await page.ScreenshotAsync(file, new ScreenshotOptions { Type = ScreenshotType.Png });
            return;
        }
        var element = await page.QuerySelectorAsync(selector) ?? throw new InvalidOperationException($"no {selector} to screenshot");
        await element.ScreenshotAsync(file, new ElementScreenshotOptions { Type = ScreenshotType.Png });
    }
}
