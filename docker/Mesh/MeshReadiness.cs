using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;

namespace CMesh.Docker.Mesh;

/// <summary>Waits until the coordinator reports every peer registered with at least one open link.</summary>
public sealed class MeshReadiness(TimeProvider clock)
{
    public async Task<MeshStatus> WaitAsync(CoordinatorApi coordinator, TimeSpan timeout, IProgress<MeshStatus> progress, CancellationToken ct)
    {
        var deadline = clock.GetUtcNow() + timeout;
        while (true)
        {
            var status = await coordinator.StatusAsync(ct);
            progress.Report(status);
            if (status.ReadyAt is not null)
            {
                return status;
            }

            if (clock.GetUtcNow() > deadline)
            {
                throw new MeshNotReadyException(status, timeout);
            }

            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }
}

public sealed class MeshNotReadyException(MeshStatus status, TimeSpan timeout) : Exception(Describe(status, timeout))
{
    public MeshStatus Status { get; } = status;

    private static string Describe(MeshStatus status, TimeSpan timeout)
    {
        var registered = status.Peers.Select(p => p.PeerId).ToHashSet();
        var missing = Enumerable.Range(1, status.ExpectedPeers).Select(i => $"peer-{i}").Where(p => !registered.Contains(p)).ToList();
        var unlinked = status.Peers.Where(p => p.Links.Count == 0).Select(p => p.PeerId).ToList();
        return $"mesh not ready after {timeout.TotalSeconds:F0} s: {status.Peers.Count}/{status.ExpectedPeers} registered"
            + (missing.Count > 0 ? $"; never registered: {Abbreviate(missing)}" : "")
            + (unlinked.Count > 0 ? $"; no open link: {Abbreviate(unlinked)}" : "");
    }

    private static string Abbreviate(IReadOnlyList<string> peers) =>
        peers.Count <= 8 ? string.Join(", ", peers) : $"{string.Join(", ", peers.Take(8))} and {peers.Count - 8} more";
}
