using System.Globalization;
using System.Net;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Peer.Introspection;
using CMesh.Tests.Peer;
using CMesh.Tests.Report;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace CMesh.Tests.Coordinator;

/// <summary>
/// Opens the coordinator's dashboard in headless Chromium (Debian's, installed by docker/setup-host.sh). The
/// coordinator is the real one on loopback, over a results folder holding a chaos.csv; four peers heartbeat to it
/// by hand, and peer-2 is a real peer (linked to a real peer-1 by lazy push) whose introspection server answers its /state.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChaosHeader = "time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n";

    // Heartbeats every 5 s: a peer is fresh for 10 s after its last one, then late until the 30 s timeout.
    private static readonly TestPlan Plan = new(4, 1000, 16, 2, 4, 5000, 30_000, null);
    private static readonly long Now = UnixTime.NowMicros();
    private static readonly string Chaos = ChaosHeader
        + $"{Now - 30_000_000},start,s1.1,loss,peer-4,loss 20%,nft,seed 7; pid 42\n"
        + $"{Now - 20_000_000},end,s1.1,loss,peer-4,loss 20%,nft,duration\n"
        + $"{Now - 10_000_000},start,a1,partition,peer-1 peer-2 peer-3 peer-4,partition halves,nft,peer-1 peer-2 | peer-3 peer-4; seed 7; pid 42\n";

    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-dashboard-").FullName;
    private readonly ManualClock _clock = new(DateTimeOffset.UtcNow);
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly List<string> _scriptErrors = [];
    private InProcessCoordinator _coordinator = null!;
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;
    private IPage _page = null!;
    private string _peerTwoEndpoint = "";

    [Fact]
    public async Task The_dashboard_draws_every_peer_each_link_by_health_and_the_partition_in_force_and_shows_a_clicked_peers_snapshot()
    {
        await OpenAsync();

        await Expect(_page.Locator("#nodes [data-node^='peer-']")).ToHaveCountAsync(4);
        await Expect(_page.Locator("#nodes [data-node='coordinator']")).ToHaveCountAsync(1);
        await Expect(Node("peer-1")).ToHaveAttributeAsync("data-freshness", "fresh");
        await Expect(Node("peer-4")).ToHaveAttributeAsync("data-freshness", "late");
        await Expect(_page.Locator("#links [data-link]")).ToHaveCountAsync(4);
        await Expect(Link("peer-1|peer-2")).ToHaveAttributeAsync("data-health", "healthy");
        await Expect(Link("peer-2|peer-3")).ToHaveAttributeAsync("data-health", "heartbeatsLate");
        await Expect(Link("peer-3|peer-4")).ToHaveAttributeAsync("data-health", "oneSided");
        await Expect(Link("peer-1|peer-3")).ToHaveAttributeAsync("data-cut", "true");
        await Expect(Link("peer-1|peer-2")).ToHaveAttributeAsync("data-cut", "false");

        foreach (var (peer, side) in new[] { ("peer-1", "A"), ("peer-2", "A"), ("peer-3", "B"), ("peer-4", "B") })
        {
            await Expect(Node(peer)).ToHaveAttributeAsync("data-fault", "partition");
            await Expect(Node(peer)).ToHaveAttributeAsync("data-side", side);
            await Expect(Node(peer).Locator(".ring[data-fault-id='a1']")).ToHaveCountAsync(1);
        }

        await Expect(Node("coordinator")).ToHaveAttributeAsync("data-fault", "");
        await Expect(_page.Locator("#faults li")).ToHaveCountAsync(1);
        await Expect(_page.Locator("#faults li[data-fault-id='a1']")).ToContainTextAsync("partition halves");
        await Expect(_page.Locator("#faults li[data-fault-id='a1'] [data-side='B']")).ToHaveTextAsync("B: peer-3 peer-4");
        await Expect(_page.Locator("[data-count='faults']")).ToHaveTextAsync("1 fault");
        await Expect(_page.Locator("#run")).ToHaveAttributeAsync("data-run", "run-1");

        await Node("peer-2").Locator(".body").ClickAsync();

        await Expect(_page.Locator("#snapshot")).ToHaveAttributeAsync("data-node", "peer-2");
        await Expect(_page.Locator("#snapshot-title")).ToHaveTextAsync("peer-2");
        await Expect(_page.Locator("#snapshot-links tr[data-remote='peer-1'][data-state='open'][data-gossip='eager']")).ToBeVisibleAsync();
        await Expect(_page.Locator("#version-vector")).ToBeVisibleAsync();
        SaveScreenshot(await _page.ScreenshotAsync(new() { FullPage = true }));

        await Node("coordinator").Locator(".body").ClickAsync();

        await Expect(_page.Locator("#snapshot")).ToHaveAttributeAsync("data-node", "coordinator");
        await Expect(_page.Locator("#snapshot-body")).ToContainTextAsync("4 registered of 4");
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task The_dashboard_follows_new_heartbeats_faults_that_end_and_the_coordinators_events()
    {
        await OpenAsync();
        await Expect(Link("peer-2|peer-3")).ToHaveAttributeAsync("data-health", "heartbeatsLate");
        await Expect(_page.Locator("#ticker")).ToHaveAttributeAsync("data-socket", "open");

        await _coordinator.HeartbeatAsync("peer-2", PeerState.Running, [Open("peer-1"), Open("peer-3")], _peerTwoEndpoint);
        File.AppendAllText(Path.Combine(_results, "chaos.csv"), $"{UnixTime.NowMicros()},end,a1,partition,peer-1 peer-2 peer-3 peer-4,partition halves,nft,healed\n");
        using var stop = await _coordinator.Http.PostAsync("v1/stop", null);

        await Expect(Link("peer-2|peer-3")).ToHaveAttributeAsync("data-health", "healthy");
        await Expect(_page.Locator("#faults li[data-fault-id]")).ToHaveCountAsync(0);
        await Expect(Node("peer-3")).ToHaveAttributeAsync("data-fault", "");
        await Expect(Link("peer-1|peer-3")).ToHaveAttributeAsync("data-cut", "false");
        await Expect(_page.Locator("#phase")).ToHaveTextAsync("settling");
        await Expect(_page.Locator("#ticker li[data-event='mesh-stopping']")).ToHaveCountAsync(1);
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task The_dashboard_draws_lazy_push_links_thick_when_eager_and_thin_when_lazy_and_counts_them()
    {
        await OpenAsync();
        await Expect(_page.Locator("#links [data-gossip]")).ToHaveCountAsync(0);
        await Expect(_page.Locator("[data-count='eager']")).ToHaveCountAsync(0);
        await Expect(_page.Locator("#counts")).Not.ToContainTextAsync("null");

        await _coordinator.HeartbeatAsync("peer-1", PeerState.Running, [Open("peer-2", gossip: GossipRole.Eager), Open("peer-3", gossip: GossipRole.Lazy)]);
        await _coordinator.HeartbeatAsync("peer-3", PeerState.Running, [Open("peer-1", gossip: GossipRole.Lazy), Open("peer-2", gossip: GossipRole.Eager)], "10.0.0.3:7101");

        await Expect(Link("peer-1|peer-2")).ToHaveAttributeAsync("data-gossip", "eager");
        await Expect(Link("peer-1|peer-3")).ToHaveAttributeAsync("data-gossip", "lazy");
        await Expect(Link("peer-2|peer-3")).ToHaveAttributeAsync("data-gossip", "eager");
        await Expect(_page.Locator("#links [data-gossip]")).ToHaveCountAsync(3);
        await Expect(Link("peer-1|peer-2")).ToHaveAttributeAsync("data-health", "healthy");
        await Expect(_page.Locator("[data-count='eager']")).ToHaveTextAsync("2 eager");
        await Expect(_page.Locator("[data-count='lazy']")).ToHaveTextAsync("1 lazy");
        Assert.True(await StrokeWidthAsync("peer-1|peer-2") > 2 * await StrokeWidthAsync("peer-1|peer-3"), "an eager link is drawn thicker than a lazy one");
        Assert.Empty(_scriptErrors);
    }

    [Fact]
    public async Task The_dashboard_says_so_when_the_coordinator_stops_answering()
    {
        await OpenAsync();
        await Expect(_page.Locator("body")).ToHaveAttributeAsync("data-connection", "ok");

        await _coordinator.StopAsync();

        await Expect(_page.Locator("body")).ToHaveAttributeAsync("data-connection", "lost");
        await Expect(_page.Locator("#last-update")).ToContainTextAsync("disconnected");
        await Expect(_page.Locator("#banner")).ToBeVisibleAsync();
        await Expect(_page.Locator("#nodes [data-node^='peer-']")).ToHaveCountAsync(4);
        Assert.Empty(_scriptErrors);
    }

    public async Task InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run docker/setup-host.sh (it installs Debian's chromium)");
        File.WriteAllText(Path.Combine(_results, "chaos.csv"), Chaos);
        _coordinator = await InProcessCoordinator.StartAsync(Plan, _results, _clock);
        _peerTwoEndpoint = await RealPeerTwoAsync();

        await _coordinator.RegisterAsync("peer-1", "10.1.0.1:7100", "10.0.0.1:7101");
        await _coordinator.RegisterAsync("peer-2", "10.1.0.2:7100", _peerTwoEndpoint);
        await _coordinator.RegisterAsync("peer-3", "10.1.0.3:7100", "10.0.0.3:7101");
        await _coordinator.RegisterAsync("peer-4", "10.1.0.4:7100", "10.0.0.4:7101");
        // peer-4 reports a link peer-3 does not (one-sided), and then falls silent long enough to be late.
        await _coordinator.HeartbeatAsync("peer-4", PeerState.Ready, [Open("peer-3")], "10.0.0.4:7101");
        _clock.Advance(TimeSpan.FromSeconds(12));
        await _coordinator.HeartbeatAsync("peer-1", PeerState.Ready, [Open("peer-2"), Open("peer-3")], "10.0.0.1:7101");
        await _coordinator.HeartbeatAsync("peer-2", PeerState.Ready, [Open("peer-1"), Open("peer-3", HeartbeatStatus.Late)], _peerTwoEndpoint);
        await _coordinator.HeartbeatAsync("peer-3", PeerState.Ready, [Open("peer-1"), Open("peer-2")], "10.0.0.3:7101");

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = Chromium, Headless = true, Args = ["--no-sandbox"] });
        _page = await _browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 800 } });
        _page.PageError += (_, error) => _scriptErrors.Add(error);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _coordinator.DisposeAsync();
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        Directory.Delete(_results, recursive: true);
    }

    private static LinkSnapshot Open(string remote, HeartbeatStatus heartbeat = HeartbeatStatus.Ok, GossipRole? gossip = null) =>
        new(remote, LinkState.Open, "out", RttMs: 0.4, Heartbeat: heartbeat, LastDataAgeMs: 20, LastUpdateAgeMs: 20, StateAgeMs: 60_000, Gossip: gossip);

    private ILocator Node(string id) => _page.Locator($"#nodes [data-node='{id}']");

    private ILocator Link(string ends) => _page.Locator($"#links [data-link='{ends}']");

    private async Task<double> StrokeWidthAsync(string ends) =>
        double.Parse((await Link(ends).EvaluateAsync<string>("link => getComputedStyle(link).strokeWidth")).TrimEnd('p', 'x'), CultureInfo.InvariantCulture);

    private async Task OpenAsync()
    {
        await _page.GotoAsync(_coordinator.Address.AbsoluteUri);
        await Expect(_page.Locator("body")).ToHaveAttributeAsync("data-connection", "ok");
    }

    /// <summary>A real peer-2 linked to a real peer-1 by lazy push on loopback, its introspection server answering GET /state.</summary>
    private async Task<string> RealPeerTwoAsync()
    {
        var lazyPush = Plan with { Gossip = GossipMode.Lazy };
        var first = Own(new LoopbackPeer("peer-1", lazyPush, _results, []));
        var second = Own(new LoopbackPeer("peer-2", lazyPush, _results, [first.Address]));
        await Eventually.True(() => first.Links.Count == 1 && second.Links.Count == 1);
        var server = IntrospectionServer.Create(new IPEndPoint(IPAddress.Loopback, 0), second.View, "peer-2", "run-1");
        Own(server);
        await server.StartAsync();
        return new Uri(server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single()).Authority;
    }

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private void SaveScreenshot(byte[] png)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestResults", "dashboard.png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, png);
        output.WriteLine($"dashboard screenshot: {path}");

        var image = PngImage.Read(path);
        Assert.True(png.Length > 20_000, $"the screenshot is only {png.Length} bytes");
        Assert.Equal((1280, 800), (image.Width, image.Height));
        Assert.True(image.InkShare() > 0.05, $"the screenshot is nearly blank ({image.InkShare():P1} ink)");
    }
}
