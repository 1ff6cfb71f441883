using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// The coordinator's dashboard on a real mesh, in headless Chromium (Debian's): the peers as the engine runs them, a
/// partition made by `cmesh chaos` drawn on them, and a peer's snapshot fetched from its container through the coordinator.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class DashboardTests(ITestOutputHelper output) : IClassFixture<DiagnoseMesh>
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task The_dashboard_shows_the_real_mesh_the_partition_in_force_and_a_peers_snapshot()
    {
        await DiagnoseMesh.HealthyAsync(TimeSpan.FromSeconds(90));
        var address = (await Shell.CmeshAsync("dashboard", DiagnoseMesh.Run)).StdOut.Trim();
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", address);

        var chaos = Shell.StartCmesh("chaos", "partition", "--set", "layout=isolate-one", "--targets", "peer-2", "--duration", "60s", "--run", DiagnoseMesh.Run);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(5) };
            var fault = await PartitionInForceAsync(http);
            Assert.Equal(["peer-2"], fault.GetProperty("partition").GetProperty("sides")[0].EnumerateArray().Select(p => p.GetString()));

            using var playwright = await Playwright.CreateAsync();
            await using var browser = await playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
            var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
            var scriptErrors = new List<string>();
            page.PageError += (_, error) => scriptErrors.Add(error);
            await page.GotoAsync(address);

            await Expect(page.Locator("#run")).ToHaveAttributeAsync("data-run", DiagnoseMesh.Run);
            await Expect(page.Locator("#nodes [data-node^='peer-']")).ToHaveCountAsync(4);
            await Expect(page.Locator("#faults li")).ToHaveCountAsync(1);
            await Expect(page.Locator("#faults li")).ToContainTextAsync("partition isolate-one");
            await Expect(page.Locator("#nodes [data-node='peer-2'] .ring")).ToHaveCountAsync(1);

            await page.Locator("#nodes [data-node='peer-1'] .body").ClickAsync();
            await Expect(page.Locator("#snapshot")).ToHaveAttributeAsync("data-node", "peer-1");
            await Expect(page.Locator("#snapshot-links tr[data-remote='peer-3'][data-state='open']")).ToBeVisibleAsync();

            var screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard-real-mesh.png");
            Directory.CreateDirectory(Path.GetDirectoryName(screenshot)!);
            await page.ScreenshotAsync(new() { Path = screenshot, FullPage = true });
            output.WriteLine($"dashboard screenshot: {screenshot}");
            Assert.True(new FileInfo(screenshot).Length > 20_000, "the screenshot is nearly empty");
            Assert.Empty(scriptErrors);

            // The coordinator fetched that snapshot from peer-1's container; it is the one peer-1 serves itself.
            var state = await http.GetFromJsonAsync<JsonElement>("v1/peers/peer-1/state");
            Assert.Equal("peer-1", state.GetProperty("peerId").GetString());
            Assert.Equal(DiagnoseMesh.Run, state.GetProperty("runId").GetString());
        }
        finally
        {
            await Shell.CmeshAsync("chaos", "clear", "--run", DiagnoseMesh.Run);
            await chaos.WaitForExitAsync();
        }

        Assert.Empty((await new HttpClient().GetFromJsonAsync<JsonElement>($"{address}v1/chaos")).GetProperty("faults").EnumerateArray());
        await DiagnoseMesh.HealthyAsync(TimeSpan.FromSeconds(90));
    }

    /// <summary>GET /v1/chaos until the partition `cmesh chaos` started is in force there (the coordinator reads chaos.csv).</summary>
    private static Task<JsonElement> PartitionInForceAsync(HttpClient http) =>
        Eventually.ResultAsync(
            async () => (await http.GetFromJsonAsync<JsonElement>("v1/chaos")).GetProperty("faults").EnumerateArray()
                .FirstOrDefault(f => f.GetProperty("kind").GetString() == "partition"),
            partition => partition.ValueKind == JsonValueKind.Object,
            TimeSpan.FromSeconds(60),
            _ => "the partition never showed in GET /v1/chaos");
}
