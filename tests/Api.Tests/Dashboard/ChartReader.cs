using System.Text.Json.Serialization;

namespace ScenarioGrid.Api.Tests.Dashboard;

/// <summary>
/// Reads what a Plot chart drew, in data units: the points of its line paths and the extents of its bars, inverted
/// through the chart's own scales (<c>plot.scale(name).invert</c>), with the value of one pixel on each axis, so a
/// test can compare the drawing with the numbers GraphQL serves within a pixel.
/// </summary>
internal static class ChartReader
{
    /// <summary>Per path of the mark with this aria-description: [x, y] points; and the value of one pixel on x and on y.</summary>
    public const string LinePoints = """
        (chartName, mark) => {
          const chart = document.querySelector(`[data-chart="${chartName}"]`);
          if (!chart) throw new Error(`no chart ${chartName}`);
          const x = chart.scale('x'), y = chart.scale('y');
          const number = '(-?[0-9.]+(?:e[-+]?[0-9]+)?)';
          const paths = [...chart.querySelectorAll(`g[aria-description="${mark}"] path`)].map(p =>
            [...p.getAttribute('d').matchAll(new RegExp(`[ML]${number}[ ,]${number}`, 'g'))].map(m => [x.invert(+m[1]), y.invert(+m[2])]));
          return { paths, pixelX: Math.abs(x.invert(1) - x.invert(0)), pixelY: Math.abs(y.invert(1) - y.invert(0)) };
        }
        """;

    /// <summary>Bars of the mark with this aria-description: their title, and [low, high] on x; and the value of one pixel on x.</summary>
    public const string BarExtents = """
        (chartName, mark) => {
          const chart = document.querySelector(`[data-chart="${chartName}"]`);
          if (!chart) throw new Error(`no chart ${chartName}`);
          const x = chart.scale('x');
          const bars = [...chart.querySelectorAll(`g[aria-description="${mark}"] rect`)].map(r => {
            const left = +r.getAttribute('x'), width = +r.getAttribute('width');
            return { title: r.querySelector('title')?.textContent ?? '', low: x.invert(left), high: x.invert(left + width) };
          });
          return { bars, pixelX: Math.abs(x.invert(1) - x.invert(0)) };
        }
        """;

    /// <summary>The drawn points (every path, in order) are the expected (year, value) pairs within a pixel.</summary>
    public static void AssertLine(Lines lines, IEnumerable<(int Year, double Value)> expected)
    {
        var points = lines.Paths.SelectMany(p => p).ToArray();
        var want = expected.ToArray();
        Assert.Equal(want.Length, points.Length);
        foreach (var (point, (year, value)) in points.Zip(want))
        {
            Assert.InRange(point[0], year - lines.PixelX, year + lines.PixelX);
            Assert.InRange(point[1], value - lines.PixelY, value + lines.PixelY);
        }
    }
}

internal sealed record Lines([property: JsonPropertyName("paths")] double[][][] Paths, [property: JsonPropertyName("pixelX")] double PixelX,
    [property: JsonPropertyName("pixelY")] double PixelY);

internal sealed record Bar([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High);

internal sealed record Bars([property: JsonPropertyName("bars")] Bar[] Items, [property: JsonPropertyName("pixelX")] double PixelX);
