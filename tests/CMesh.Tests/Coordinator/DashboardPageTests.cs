using System.Text.RegularExpressions;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Coordinator;

public sealed partial class DashboardPageTests : IAsyncLifetime
{
    private static readonly TestPlan Plan = new(2, 1000, 16, 2, 4, 1000, 5000, null);
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-dashboard-page-").FullName;
    private InProcessCoordinator _coordinator = null!;

    [Fact]
    public async Task The_dashboard_is_served_at_the_root_and_at_dashboard_as_html()
    {
        using var root = await _coordinator.Http.GetAsync("");
        using var named = await _coordinator.Http.GetAsync("dashboard");

        Assert.Equal("text/html", root.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-cache", root.Headers.CacheControl?.ToString());
        Assert.Equal(await root.Content.ReadAsStringAsync(), await named.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboard_loads_nothing_from_anywhere_but_the_coordinator_that_serves_it()
    {
        var html = await _coordinator.Http.GetStringAsync("");

        Assert.Empty(ExternalReference().Matches(html));
        Assert.DoesNotContain("<script src", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<link rel=\"stylesheet\"", html, StringComparison.OrdinalIgnoreCase);
    }

    public async Task InitializeAsync() => _coordinator = await InProcessCoordinator.StartAsync(Plan, _results);

    public async Task DisposeAsync()
    {
        await _coordinator.DisposeAsync();
        Directory.Delete(_results, recursive: true);
    }

    /// <summary>An absolute URL anywhere but the SVG namespace name, which is an identifier, never fetched.</summary>
    [GeneratedRegex(@"(https?:)?//(?!www\.w3\.org/2000/svg)[a-z0-9.-]+\.[a-z]{2,}", RegexOptions.IgnoreCase)]
    private static partial Regex ExternalReference();
}
