using CMesh.Cli.Diagnose;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Diagnose;

public sealed class ProbeTraceTests
{
    private readonly FakeMesh _mesh = new(peers: 4);

    [Fact]
    public async Task A_probe_that_arrives_is_printed_hop_by_hop_from_the_writer_with_times_and_link_round_trips()
    {
        Saw("peer-1", null, 0, 1_000_000, null);
        Saw("peer-2", "peer-1", 1, 1_001_500, 0.4);
        Saw("peer-3", "peer-2", 2, 1_003_000, 0.6);

        var trace = await Follow("peer-1", "peer-3");

        Assert.True(trace.Reached);
        Assert.Equal(3.0, trace.TotalMs);
        Assert.Equal(["peer-1", "peer-2", "peer-3"], trace.Hops.Select(h => h.Peer));
        Assert.Equal([0, 1.5, 3.0], trace.Hops.Select(h => h.SeenAfterMs));
        Assert.Equal(0.6, trace.Hops[2].LinkRttMs);
        Assert.Null(trace.StoppedAt);
    }

    [Fact]
    public async Task A_peer_whose_engine_cannot_carry_a_probe_says_so_instead_of_a_verdict()
    {
        _mesh.Engine = "syncthing";
        Saw("peer-1", null, 0, 1_000_000, null);

        var trace = await Follow("peer-1", "peer-3");

        Assert.False(trace.Reached);
        Assert.Empty(trace.Hops);
        Assert.StartsWith("not reported by engine syncthing", trace.StoppedAt);
    }

    [Fact]
    public async Task A_probe_that_never_arrives_stopped_between_the_neighbour_that_got_it_and_the_target()
    {
        Saw("peer-1", null, 0, 1_000_000, null);
        Saw("peer-4", "peer-1", 1, 1_002_000, 0.5);

        var trace = await Follow("peer-1", "peer-3");

        Assert.False(trace.Reached);
        Assert.Equal(["peer-1", "peer-4"], trace.Hops.Select(h => h.Peer));
        Assert.Contains("stopped between peer-4 (got it after 2.0 ms) and peer-3", trace.StoppedAt);
    }

    [Fact]
    public async Task A_probe_that_reached_none_of_the_targets_neighbours_says_how_far_it_got()
    {
        Saw("peer-1", null, 0, 1_000_000, null);

        var trace = await Follow("peer-1", "peer-3");

        Assert.Contains("before peer-3's neighbours (peer-2, peer-4): it reached 1 of 4 peers", trace.StoppedAt);
    }

    [Fact]
    public async Task A_peer_that_cannot_write_a_probe_stops_the_trace_at_once()
    {
        _mesh.Written = null;

        var trace = await Follow("peer-1", "peer-3");

        Assert.False(trace.Reached);
        Assert.Contains("peer-1 could not write a probe", trace.StoppedAt);
    }

    private void Saw(string peer, string? from, int hops, long atMicros, double? rttMs) =>
        _mesh.Sightings[peer] = new ProbeSighting("p1", peer, 1_000_000, atMicros, from, hops, rttMs);

    private Task<TraceReport> Follow(string from, string to)
    {
        var peers = _mesh.Run!.Peers.ToDictionary(p => p.Member);
        // No clock moves: the deadline is already behind, so the trace looks once and reports.
        return new ProbeTrace(_mesh, new ManualClock(FakeMesh.Now)).FollowAsync(_mesh.Run, peers[from], peers[to], _mesh.Mesh, TimeSpan.Zero, CancellationToken.None);
    }
}
