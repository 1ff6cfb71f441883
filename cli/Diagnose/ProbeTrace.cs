using CMesh.Common.Contracts;

namespace CMesh.Cli.Diagnose;

/// <summary>
/// `cmesh diagnose A B`, the mesh's ping and traceroute: writes a probe update on A, waits for it on B, then walks
/// back from B through the neighbour each peer got it from, to print every hop with the time it was seen and the
/// round trip of the link it came over. When B never gets it, the peers it did reach show where it stopped.
/// </summary>
public sealed class ProbeTrace(INodeProbe nodes, TimeProvider clock)
{
    private const int MaxHops = 64;
    private const string BuiltInEngine = "cmesh";
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    public async Task<TraceReport> FollowAsync(RunFacts run, ContainerFact from, ContainerFact to, MeshView? mesh, TimeSpan timeout, CancellationToken ct)
    {
        if (await nodes.StateAsync(from, ct) is { Engine: { Length: > 0 } engine } && engine != BuiltInEngine)
        {
            return new TraceReport(null, from.Member, to.Member, false, null, [], $"not reported by engine {engine}: its adapter carries no probe updates, so none can be followed hop by hop");
        }

        var written = await nodes.WriteProbeAsync(from, ct);
        if (written is null)
        {
            return new TraceReport(null, from.Member, to.Member, false, null, [], $"{from.Member} could not write a probe: not registered yet, or not answering");
        }

        var deadline = clock.GetUtcNow() + timeout;
        var arrived = await nodes.SightingAsync(to, written.ProbeId, ct);
        while (arrived is null && clock.GetUtcNow() < deadline)
        {
            await Task.Delay(PollInterval, clock, ct);
            arrived = await nodes.SightingAsync(to, written.ProbeId, ct);
        }

        if (arrived is not null)
        {
            var path = await WalkBackAsync(run, arrived, ct);
            var complete = path[0].FromPeer is null;
            return new TraceReport(written.ProbeId, from.Member, to.Member, true, Millis(arrived.SeenAtUnixUs - written.WrittenAtUnixUs),
                path.Select(s => Hop(s, written)).ToList(), complete ? null : $"the path before {path[0].PeerId} is unknown: {path[0].FromPeer} does not answer");
        }

        return await StoppedAsync(run, written, from, to, mesh, timeout, ct);
    }

    private async Task<List<ProbeSighting>> WalkBackAsync(RunFacts run, ProbeSighting arrived, CancellationToken ct)
    {
        var path = new List<ProbeSighting> { arrived };
        var peers = run.Peers.ToDictionary(p => p.Member);
        while (path[0].FromPeer is { } previous && path.Count < MaxHops
               && peers.TryGetValue(previous, out var container)
               && await nodes.SightingAsync(container, arrived.ProbeId, ct) is { } before)
        {
            path.Insert(0, before);
        }

        return path;
    }

    private async Task<TraceReport> StoppedAsync(RunFacts run, ProbeWritten written, ContainerFact from, ContainerFact to, MeshView? mesh, TimeSpan timeout, CancellationToken ct)
    {
        var peers = run.Peers.Where(p => p.Member != to.Member).ToList();
        var sightings = (await Task.WhenAll(peers.Select(p => nodes.SightingAsync(p, written.ProbeId, ct))))
            .OfType<ProbeSighting>()
            .OrderBy(s => s.SeenAtUnixUs)
            .ToList();
        var hops = sightings.Select(s => Hop(s, written)).ToList();
        var neighbours = mesh?.Links.Where(l => l.A == to.Member || l.B == to.Member)
            .Select(l => (Peer: l.A == to.Member ? l.B : l.A, Link: l))
            .ToList() ?? [];
        var reached = sightings.Select(s => s.PeerId).ToHashSet();
        var stoppedAt =
            neighbours.Count == 0 ? $"{to.Member} has no open link"
            : neighbours.FirstOrDefault(n => reached.Contains(n.Peer)) is { Peer: not null } holder
                ? $"between {holder.Peer} (got it after {Millis(sightings.First(s => s.PeerId == holder.Peer).SeenAtUnixUs - written.WrittenAtUnixUs):F1} ms) and {to.Member}: "
                  + $"link {holder.Link.Health.ToString().ToLowerInvariant()}, RTT {holder.Link.RttMs?.ToString("F1") ?? "-"} ms, last data {Age(holder.Link.LastDataAgeMs)} ago"
            : $"before {to.Member}'s neighbours ({string.Join(", ", neighbours.Select(n => n.Peer))}): it reached {reached.Count} of {run.Peers.Count()} peers";
        return new TraceReport(written.ProbeId, from.Member, to.Member, false, null, hops, $"not at {to.Member} after {timeout.TotalSeconds:F0} s; stopped {stoppedAt}");
    }

    private static TraceHop Hop(ProbeSighting sighting, ProbeWritten written) =>
        new(sighting.PeerId, sighting.FromPeer, sighting.Hops, Millis(sighting.SeenAtUnixUs - written.WrittenAtUnixUs), sighting.LinkRttMs);

    private static double Millis(long micros) => Math.Round(micros / 1000.0, 3);

    private static string Age(long? ms) => ms is { } value ? $"{value / 1000.0:F1} s" : "never";
}

/// <param name="TotalMs">From the write on A to its arrival on B.</param>
/// <param name="Hops">From A to B when it arrived; else every peer it reached, by time.</param>
/// <param name="StoppedAt">Where it stopped, or which part of the path is unknown.</param>
public sealed record TraceReport(string? ProbeId, string From, string To, bool Reached, double? TotalMs, IReadOnlyList<TraceHop> Hops, string? StoppedAt);

/// <param name="SeenAfterMs">From the write on A to its arrival at this peer.</param>
/// <param name="LinkRttMs">Round trip of the link it came over, when it arrived.</param>
public sealed record TraceHop(string Peer, string? From, int Hops, double SeenAfterMs, double? LinkRttMs);
