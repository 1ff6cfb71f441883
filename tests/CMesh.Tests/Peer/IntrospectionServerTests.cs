using System.Net;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Peer.Introspection;
using CMesh.Peer.Network;
using CMesh.Tests.Introspection;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CMesh.Tests.Peer;

public sealed class IntrospectionServerTests : IAsyncLifetime
{
    // A 60 s heartbeat timeout: no test here is about timeouts, and a stall of the loaded test host (the first web
    // host's start-up) must not close the link a test reads.
    private static readonly TestPlan Plan = new(3, 1000, 16, 2, 4, 100, 60_000, null);
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-introspect-").FullName;
    private readonly List<IAsyncDisposable> _owned = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task State_shows_each_open_link_with_its_round_trip_heartbeat_and_traffic()
    {
        var (first, second) = await LinkedPairAsync();
        // The state served is peer-2's: its round trip comes with the first heartbeat of peer-1's that echoes one of its own.
        await Eventually.True(() => second.Links.Get("peer-1")?.LastRttMicros >= 0);
        first.Replicator.WriteLocal([1, 2, 3]);
        await Eventually.True(() => second.Replicator.Delivered == 1);
        var server = await ServeAsync(second);

        var state = await _http.GetFromJsonAsync<PeerSnapshot>(new Uri(server, "state"), CMeshJson.Options);

        Assert.NotNull(state);
        Assert.Equal("peer-2", state.PeerId);
        var link = Assert.Single(state.Links, l => l.State == LinkState.Open);
        Assert.Equal("peer-1", link.Remote);
        Assert.Equal("out", link.Direction);
        Assert.NotNull(link.RttMs);
        Assert.True(link.BytesIn > 0 && link.MessagesIn > 0 && link.UpdatesIn == 1);
        Assert.NotNull(link.LastUpdateAgeMs);
        Assert.Equal(1, state.Store.Delivered);
        Assert.Equal(1, state.Store.VersionVector["peer-1"]);
        Assert.Equal(CoordinatorLinkState.Connecting, state.Coordinator.State);
    }

    [Fact]
    public async Task State_shows_under_lazy_push_whether_a_link_is_eager_or_after_a_prune_lazy()
    {
        var (_, second) = await LinkedPairAsync(Plan with { Gossip = GossipMode.Lazy });
        await Eventually.True(() => second.Gossip.RoleOf("peer-1") is not null);
        var server = await ServeAsync(second);

        var opened = await _http.GetStringAsync(new Uri(server, "state"));
        second.Gossip.OnControl(second.Links.Get("peer-1")!, new PruneFrame("peer-1"));
        var pruned = await _http.GetStringAsync(new Uri(server, "state"));

        Assert.Equal(GossipRole.Eager, OpenLink(opened).Gossip);
        Assert.Contains("\"gossip\":\"eager\"", opened);
        Assert.Equal(GossipRole.Lazy, OpenLink(pruned).Gossip);
    }

    [Fact]
    public async Task State_under_flooding_gives_links_no_gossip_part_and_leaves_the_field_out()
    {
        var (_, second) = await LinkedPairAsync();
        var server = await ServeAsync(second);

        var state = await _http.GetStringAsync(new Uri(server, "state"));

        Assert.Null(OpenLink(state).Gossip);
        Assert.DoesNotContain("\"gossip\"", state);
    }

    [Fact]
    public async Task A_probe_written_on_one_peer_is_seen_two_hops_away_through_the_peer_between()
    {
        // Each end keeps one link and refuses a second, so the line peer-1 — peer-2 — peer-3 stays a line; the middle wants two.
        var end = Plan with { Degree = 1, MaxDegree = 1 };
        var first = Own(new LoopbackPeer("peer-1", end, _results, []));
        var second = Own(new LoopbackPeer("peer-2", Plan, _results, [first.Address]));
        var third = Own(new LoopbackPeer("peer-3", end, _results, [second.Address]));
        await Eventually.True(() => first.Links.Count == 1 && second.Links.Count == 2 && third.Links.Count == 1);
        var writer = await ServeAsync(first);
        var reader = await ServeAsync(third);

        using var posted = await _http.PostAsync(new Uri(writer, "probe"), null);
        var probe = await posted.Content.ReadFromJsonAsync<ProbeWritten>(CMeshJson.Options);

        Assert.NotNull(probe);
        await Eventually.True(() => third.View.Parts!.FindProbe(probe.ProbeId) is not null);
        var sighting = await _http.GetFromJsonAsync<ProbeSighting>(new Uri(reader, $"probes/{probe.ProbeId}"), CMeshJson.Options);
        Assert.NotNull(sighting);
        Assert.Equal("peer-2", sighting.FromPeer);
        Assert.Equal(2, sighting.Hops);
        Assert.True(sighting.SeenAtUnixUs >= probe.WrittenAtUnixUs);
        using var unknown = await _http.GetAsync(new Uri(reader, "probes/0000"));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Drop_updates_is_switched_on_and_off_over_http_and_shows_in_state_and_metrics()
    {
        var (first, second) = await LinkedPairAsync();
        var server = await ServeAsync(first);

        using var on = await _http.PutAsync(new Uri(server, "faults/drop-updates"), null);
        first.Replicator.WriteLocal([1]);
        var state = await _http.GetFromJsonAsync<PeerSnapshot>(new Uri(server, "state"), CMeshJson.Options);
        var metrics = await _http.GetStringAsync(new Uri(server, "metrics"));
        using var off = await _http.DeleteAsync(new Uri(server, "faults/drop-updates"));

        Assert.Equal(new InAppFaultState("drop-updates", On: true, WasOn: false, Dropped: 0), await on.Content.ReadFromJsonAsync<InAppFaultState>(CMeshJson.Options));
        Assert.Equal(["drop-updates"], state!.Faults);
        Assert.Contains("cmesh_peer_fault_active{fault=\"drop-updates\"} 1", metrics);
        Assert.Contains("cmesh_peer_updates_dropped_total 1", metrics);
        Assert.Equal(new InAppFaultState("drop-updates", On: false, WasOn: true, Dropped: 1), await off.Content.ReadFromJsonAsync<InAppFaultState>(CMeshJson.Options));
        Assert.Empty((await _http.GetFromJsonAsync<PeerSnapshot>(new Uri(server, "state"), CMeshJson.Options))!.Faults);
        Assert.Equal(0, second.Replicator.Delivered);
    }

    [Fact]
    public async Task Events_stream_over_a_websocket_as_they_happen()
    {
        var (first, second) = await LinkedPairAsync();
        var server = await ServeAsync(second);
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{server.Authority}/events"), CancellationToken.None);
        await Eventually.True(() => second.Telemetry.Events.HasSubscribers);

        first.Replicator.WriteLocal([7]);

        var delivered = await ReceiveAsync(socket, e => e.Event == "delivered");
        Assert.Equal("sync", delivered.Kind);
        Assert.Equal("peer-2", delivered.Node);
        Assert.Equal("peer-1", delivered.Peer);
        Assert.NotNull(delivered.LatencyUs);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        await Eventually.True(() => !second.Telemetry.Events.HasSubscribers);
    }

    [Fact]
    public async Task Events_asked_for_without_a_websocket_get_one_clear_line()
    {
        var (_, second) = await LinkedPairAsync();
        var server = await ServeAsync(second);

        using var response = await _http.GetAsync(new Uri(server, "events"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Metrics_hold_counters_gauges_and_histograms_with_units_and_link_labels()
    {
        var text = await MetricsAfterTrafficAsync();

        Assert.Contains("# TYPE cmesh_peer_updates_written_total counter", text);
        Assert.Contains("# TYPE cmesh_peer_delivery_latency_seconds histogram", text);
        Assert.Contains("cmesh_peer_delivery_latency_seconds_bucket{le=\"+Inf\"} 1", text);
        Assert.Contains("cmesh_link_received_bytes_total{remote=\"peer-1\",direction=\"out\"}", text);
        Assert.Contains("cmesh_peer_link_events_total{event=\"open\"} 1", text);
        Assert.Contains("cmesh_peer_state{state=\"starting\"} 1", text);
    }

    [Fact]
    public async Task Metrics_count_deliveries_by_how_they_came_and_show_the_lazy_push_tree()
    {
        var text = await MetricsAfterTrafficAsync(Plan with { Gossip = GossipMode.Lazy });

        Assert.Contains("cmesh_peer_updates_delivered_total{via=\"eager\"} 1", text);
        Assert.Contains("cmesh_peer_updates_delivered_total{via=\"flood\"} 0", text);
        Assert.Contains("cmesh_peer_updates_delivered_total{via=\"graft\"} 0", text);
        Assert.Contains("cmesh_peer_gossip_eager_links 1", text);
        Assert.Contains("cmesh_peer_gossip_grafts_total 0", text);
        Assert.Contains("cmesh_peer_gossip_fetches_total 0", text);
        Assert.Contains("cmesh_peer_gossip_prunes_total 0", text);
    }

    [Fact]
    public async Task Flood_gossip_shows_no_lazy_push_tree()
    {
        var text = await MetricsAfterTrafficAsync();

        Assert.Contains("cmesh_peer_updates_delivered_total{via=\"flood\"} 1", text);
        Assert.DoesNotContain("cmesh_peer_gossip_", text);
    }

    [Fact]
    public async Task Metrics_give_the_process_memory_and_cpu_and_the_heap_under_prometheus_client_names()
    {
        var text = await MetricsAfterTrafficAsync();

        Assert.Matches(@"(?m)^process_resident_memory_bytes [1-9]\d*$", text);
        Assert.Matches(@"(?m)^process_cpu_seconds_total \d", text);
        Assert.Matches(@"(?m)^dotnet_gc_allocated_bytes_total [1-9]\d*$", text);
        Assert.Contains("dotnet_gc_collections_total{generation=\"0\"}", text);
        Assert.Contains("dotnet_gc_collections_total{generation=\"2\"}", text);
        Assert.Matches(@"dotnet_threadpool_completed_items_total [1-9]", text);
        Assert.Contains("dotnet_threadpool_threads ", text);
        Assert.Contains("# TYPE dotnet_gc_heap_size_bytes gauge", text);
    }

    /// <summary>In lazy mode, which exposes every family flood mode does and the gossip's own.</summary>
    [PromtoolFact]
    public async Task Metrics_pass_promtool_check_metrics()
    {
        var text = await MetricsAfterTrafficAsync(Plan with { Gossip = GossipMode.Lazy });

        Assert.Equal("", await Promtool.CheckAsync(text));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }

        _http.Dispose();
        Directory.Delete(_results, recursive: true);
    }

    private async Task<string> MetricsAfterTrafficAsync(TestPlan? plan = null)
    {
        var (first, second) = await LinkedPairAsync(plan ?? Plan);
        first.Replicator.WriteLocal([1]);
        await Eventually.True(() => second.Replicator.Delivered == 1);
        second.Sampler.Sample(PeerState.Starting, UnixTime.NowMicros(), UnixTime.NowMicros());
        var server = await ServeAsync(second);
        using var response = await _http.GetAsync(new Uri(server, "metrics"));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        return await response.Content.ReadAsStringAsync();
    }

    private async Task<(LoopbackPeer First, LoopbackPeer Second)> LinkedPairAsync(TestPlan? plan = null)
    {
        var first = Own(new LoopbackPeer("peer-1", plan ?? Plan, _results, []));
        var second = Own(new LoopbackPeer("peer-2", plan ?? Plan, _results, [first.Address]));
        await Eventually.True(() => first.Links.Count == 1 && second.Links.Count == 1);
        // Each side's opening summary has arrived: an update written from now on comes by gossip, never by that sync.
        await Eventually.True(() => new[] { first, second }.All(p => p.Links.Open()[0].Statistics.Snapshot().FramesIn >= 1));
        return (first, second);
    }

    private static LinkSnapshot OpenLink(string state) =>
        Assert.Single(JsonSerializer.Deserialize<PeerSnapshot>(state, CMeshJson.Options)!.Links, l => l.State == LinkState.Open);

    private async Task<Uri> ServeAsync(LoopbackPeer peer)
    {
        var app = IntrospectionServer.Create(new IPEndPoint(IPAddress.Loopback, 0), peer.View, peer.Address.PeerId, "test-run");
        _owned.Add(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Uri(address + "/");
    }

    private T Own<T>(T owned) where T : IAsyncDisposable
    {
        _owned.Add(owned);
        return owned;
    }

    private static async Task<NodeEvent> ReceiveAsync(ClientWebSocket socket, Func<NodeEvent, bool> wanted)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, timeout.Token);
            var nodeEvent = JsonSerializer.Deserialize<NodeEvent>(Encoding.UTF8.GetString(buffer, 0, received.Count), CMeshJson.Options)!;
            if (wanted(nodeEvent))
            {
                return nodeEvent;
            }
        }
    }
}
