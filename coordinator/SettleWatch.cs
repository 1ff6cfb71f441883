using System.Globalization;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>
/// Decides when a mesh that has stopped writing has settled: every live peer (heard from within the coordinator's
/// heartbeat timeout, no longer writing) holds the same number of updates, at least as many as the live peers wrote, and has
/// said so for a whole heartbeat interval. Counts are a signal to stop waiting, not the verdict: the report compares
/// the final states themselves. A writer that died with updates no one received keeps the count short of
/// agreement, so such a mesh waits for the plan's bound.
/// </summary>
public sealed class SettleWatch(TestPlan plan, TimeProvider clock)
{
    private DateTimeOffset? _agreeingSince;

    /// <summary>Why the settle is over, or null while it goes on.</summary>
    public string? Observe(IReadOnlyList<RegisteredPeer> peers, DateTimeOffset settlingSince)
    {
        var now = clock.GetUtcNow();
        var live = peers.Where(p => p.State != PeerState.Stopped && now - p.LastHeartbeat <= TimeSpan.FromMilliseconds(plan.CoordinatorBeatTimeoutMs)).ToList();
        var held = live.Select(Held).ToList();
        var written = live.Sum(p => p.Written);
        var agree = live.Count > 0 && live.All(p => p.State >= PeerState.Reporting) && held.Min() == held.Max() && held.Min() >= written;
        _agreeingSince = agree ? _agreeingSince ?? now : null;
        var waited = Seconds(now - settlingSince);
        if (_agreeingSince is { } since && now - since >= TimeSpan.FromMilliseconds(plan.CoordinatorBeatIntervalMs))
        {
            return $"settled after {waited} s: {live.Count} of {peers.Count} peers live, each holding {held[0]} updates";
        }

        if (now - settlingSince >= TimeSpan.FromSeconds(plan.SettleSeconds))
        {
            var most = held.DefaultIfEmpty(0).Max();
            return $"settle bound of {plan.SettleSeconds} s reached: {held.Count(h => h == most)} of {live.Count} live peers hold the most updates ({most}), {written} written by live peers";
        }

        return null;
    }

    private static long Held(RegisteredPeer peer) => peer.Held ?? peer.Written + peer.Delivered;

    private static string Seconds(TimeSpan span) => span.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}
