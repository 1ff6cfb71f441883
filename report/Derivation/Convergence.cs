using CMesh.Common;
using CMesh.Common.Records;

namespace CMesh.Report.Derivation;

/// <summary>
/// Whether the replicas converged: every peer's final state digest (its summary.json, written when it stopped)
/// compared; the largest group of equal digests is the converged state and every other peer is divergent.
/// </summary>
public static class Convergence
{
    /// <param name="peers">Each peer with the summary it left; null when it left none that can be read.</param>
    /// <param name="settle">How the settle before the stop ended (the coordinator's settle-ended event); null for runs before it.</param>
    public static ConvergenceFigures Check(IEnumerable<(string Peer, PeerSummary? Summary)> peers, string? settle)
    {
        var digests = new Dictionary<string, (string Digest, long Updates)>(StringComparer.Ordinal);
        var without = new List<string>();
        foreach (var (peer, summary) in peers)
        {
            if (summary?.StateDigest is { } digest)
            {
                digests[peer] = (digest, summary.StateUpdates);
            }
            else
            {
                without.Add(peer);
            }
        }

        var majority = digests.GroupBy(d => d.Value.Digest).OrderByDescending(g => g.Count()).FirstOrDefault();
        var divergent = digests.Where(d => majority is null || d.Value.Digest != majority.Key)
            .Select(d => new DivergentPeer(d.Key, d.Value.Updates)).OrderBy(d => d.Peer, NaturalOrder.Instance).ToList();
        return new ConvergenceFigures(digests.Count, majority?.Count() ?? 0, majority?.First().Value.Updates ?? 0, divergent, without) { Settle = settle };
    }
}

/// <param name="Compared">Peers whose final digest could be read.</param>
/// <param name="Converged">Peers holding the most common final state.</param>
/// <param name="Updates">Updates in that state.</param>
/// <param name="WithoutSummary">Peers that left no readable summary.json (killed at the end, say).</param>
public sealed record ConvergenceFigures(int Compared, int Converged, long Updates, IReadOnlyList<DivergentPeer> Divergent, IReadOnlyList<string> WithoutSummary)
{
    public string? Settle { get; init; }

    public bool AllConverged => Compared > 0 && Divergent.Count == 0;
}

public sealed record DivergentPeer(string Peer, long Updates);
