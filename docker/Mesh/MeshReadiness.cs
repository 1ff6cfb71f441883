using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;

namespace CMesh.Docker.Mesh;

/// <summary>
/// Waits until the coordinator reports every peer registered with at least one open link. A status request the
/// coordinator leaves unanswered (a host saturated by hundreds of starting peers) is no verdict: the wait polls on
/// until its deadline, and only then says what it last knew.
/// </summary>
public sealed class MeshReadiness(TimeProvider clock)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public async Task<MeshStatus> WaitAsync(CoordinatorApi coordinator, TimeSpan timeout, IProgress<MeshStatus> progress, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + timeout;
        MeshStatus? last = null;
        string? unanswered = null;
        while (true)
        {
            try
            {
                last = await coordinator.StatusAsync(ct);
                unanswered = null;
                progress.Report(last);
                if (last.ReadyAt is not null)
                {
                    return last;
                }
            }
            catch (HttpRequestException e)
            {
                unanswered = e.Message;
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new MeshNotReadyException(last, timeout, unanswered);
            }

            await Task.Delay(PollInterval, clock, ct);
        }
    }
}

/// <param name="status">The coordinator's last answer; null when it answered none.</param>
/// <param name="unanswered">Why the last status request failed, when it did.</param>
public sealed class MeshNotReadyException(MeshStatus? status, TimeSpan timeout, string? unanswered = null)
    : Exception(Describe(status, timeout, unanswered))
{
    public MeshStatus? Status { get; } = status;

    private static string Describe(MeshStatus? status, TimeSpan timeout, string? unanswered)
    {
        var lastWords = unanswered is null ? "" : $"; the last status request failed: {unanswered}";
        if (status is null)
        {
            return $"mesh not ready after {timeout.TotalSeconds:F0} s: the coordinator answered no status request{lastWords}";
        }

        var registered = status.Peers.Select(p => p.PeerId).ToHashSet();
        var missing = Enumerable.Range(1, status.ExpectedPeers).Select(i => $"peer-{i}").Where(p => !registered.Contains(p)).ToList();
        var unlinked = status.Peers.Where(p => p.Links.Count == 0).Select(p => p.PeerId).ToList();
        return $"mesh not ready after {timeout.TotalSeconds:F0} s: {status.Peers.Count}/{status.ExpectedPeers} registered"
            + (missing.Count > 0 ? $"; never registered: {Abbreviate(missing)}" : "")
            + (unlinked.Count > 0 ? $"; no open link: {Abbreviate(unlinked)}" : "")
            + lastWords;
    }

    private static string Abbreviate(IReadOnlyList<string> peers) =>
        peers.Count <= 8 ? string.Join(", ", peers) : $"{string.Join(", ", peers.Take(8))} and {peers.Count - 8} more";
}
