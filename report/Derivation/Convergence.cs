using System.Text.Json;
using CMesh.Common;

namespace CMesh.Report.Derivation;

/// <summary>
/// Whether the replicas converged: every peer's final state digest (its summary.json, written when it stopped)
/// compared; the largest group of equal digests is the converged state and every other peer is divergent.
/// </summary>
public static class Convergence
{
    public const string SummaryFile = "summary.json";

    /// <param name="settle">How the settle before the stop ended (the coordinator's settle-ended event); null for runs before it.</param>
    public static ConvergenceFigures Check(IEnumerable<(string Peer, string SummaryPath)> peers, string? settle)
    {
        var digests = new Dictionary<string, (string Digest, long Updates)>(StringComparer.Ordinal);
        var without = new List<string>();
        foreach (var (peer, path) in peers)
        {
            if (Read(path) is { } final)
            {
                digests[peer] = final;
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

    private static (string Digest, long Updates)? Read(string path)
    {
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            return root.TryGetProperty("stateDigest", out var digest) && digest.GetString() is { } text
                ? (text, root.TryGetProperty("stateUpdates", out var updates) && updates.TryGetInt64(out var count) ? count : -1)
                : null;
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException or InvalidOperationException)
        {
            return null;
        }
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
