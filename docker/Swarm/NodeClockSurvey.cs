using System.Text.Json;
using CMesh.Common.Clocks;

namespace CMesh.Docker.Swarm;

/// <summary>
/// Measures the clock of every node a swarm run uses against the CLI's, for run.json's clocks section. The manager's
/// node is the coordinator's clock, measured directly; any other node is measured through up to
/// <paramref name="peersPerNode"/> of its peers (the coordinator's leg, then the peer's from the coordinator), the
/// tightest bound kept. A node none of whose peers could be measured is left out and named: the report then takes
/// its members' times as they are and says so, rather than claim a correction it did not make.
/// </summary>
public sealed class NodeClockSurvey(IClockRelay relay, int peersPerNode = 2)
{
    /// <param name="placement">Member (coordinator, peer-K) to the hostname of its node, as in the runner section.</param>
    public async Task<ClockSurvey> MeasureAsync(IReadOnlyDictionary<string, string> placement, CancellationToken ct)
    {
        var managerNode = placement[RunClocks.Coordinator];
        ClockEstimate coordinator;
        try
        {
            coordinator = await relay.CoordinatorAsync(ct);
        }
        catch (Exception e) when (IsMeasurementFailure(e))
        {
            return new ClockSurvey(null, [$"{managerNode} (the coordinator's node, through which every node is measured): {e.Message}"]);
        }

        var others = placement
            .Where(p => p.Value != managerNode)
            .GroupBy(p => p.Value, p => p.Key, StringComparer.Ordinal)
            .Select(node => MeasureNodeAsync(node.Key, node.Order(StringComparer.Ordinal).Take(peersPerNode).ToList(), coordinator, ct));
        var measured = await Task.WhenAll(others);
        var nodes = measured.Where(m => m.Clock is not null).Select(m => m.Clock!).Prepend(NodeClock.From(managerNode, coordinator));
        return new ClockSurvey(
            new RunClocks(nodes.OrderBy(n => n.Node, StringComparer.Ordinal).ToList(), placement),
            measured.Where(m => m.Clock is null).Select(m => m.Failure!).ToList());
    }

    private async Task<(NodeClock? Clock, string? Failure)> MeasureNodeAsync(string node, IReadOnlyList<string> peers, ClockEstimate coordinator, CancellationToken ct)
    {
        var attempts = await Task.WhenAll(peers.Select(async peer =>
        {
            try
            {
                return (Estimate: coordinator.Then(await relay.PeerAsync(peer, ct)), Failure: (string?)null);
            }
            catch (Exception e) when (IsMeasurementFailure(e))
            {
                return (Estimate: (ClockEstimate?)null, Failure: $"{peer}: {e.Message}");
            }
        }));
        return attempts.Select(a => a.Estimate).OfType<ClockEstimate>().MinBy(e => e.ErrorBoundUs) is { } best
            ? (NodeClock.From(node, best), null)
            : (null, $"{node}: {string.Join("; ", attempts.Select(a => a.Failure))}");
    }

    private static bool IsMeasurementFailure(Exception e) => e is HttpRequestException or InvalidOperationException or JsonException;
}
