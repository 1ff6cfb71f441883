using CMesh.Report;
using CMesh.Report.Plots;
using Microsoft.Playwright;

namespace CMesh.Tests.Report;

/// <summary>Opens report.html in headless Chromium (Debian's, installed by docker/setup-host.sh) as a person would: every plot an SVG drawn at its size.</summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-html-").FullName;

    [Fact]
    public async Task The_html_report_shows_every_plot_and_table_from_the_file_alone()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run docker/setup-host.sh (it installs Debian's chromium)");
        var report = await ReportBuilder.BuildAsync(await new SyntheticRun().WriteAsync(_results), CancellationToken.None);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        var page = await browser.NewPageAsync();
        await page.GotoAsync(new Uri(report.HtmlPath).AbsoluteUri);

        var images = await page.EvaluateAsync<int[][]>(
            "Array.from(document.images).map(i => [i.naturalWidth, i.naturalHeight, i.getBoundingClientRect().width > 0 ? 1 : 0, i.src.startsWith('data:image/svg+xml') ? 1 : 0])");
        Assert.Equal(report.Plots.Count, images.Length);
        Assert.All(images, image => Assert.Equal([PlotRenderer.Width, PlotRenderer.Height, 1, 1], image));
        foreach (var table in new[] { "assertions", "summary", "peers", "faults", "parameters", "host", "input" })
        {
            Assert.True(await page.Locator($"table#{table}").IsVisibleAsync(), $"table {table} is not shown");
            Assert.True(await page.Locator($"table#{table} tbody tr").CountAsync() > 0, $"table {table} is empty");
        }

        Assert.Equal("2 of 3 assertions failed.", await page.Locator(".verdict").InnerTextAsync());
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);
}
