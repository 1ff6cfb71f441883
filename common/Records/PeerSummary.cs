using System.Text.Json;

namespace CMesh.Common.Records;

/// <summary>
/// summary.json, written once when the peer stops: counts, and a digest of the state it ends with (equal digests
/// mean converged replicas).
/// </summary>
/// <param name="RestoredFromJournal">Updates a restarted peer took back from what it had recorded.</param>
/// <param name="EngineFailure">Why an engine behind an adapter failed; null when it did not.</param>
public sealed record PeerSummary(
    string PeerId,
    string DataEndpoint,
    string Engine,
    long Written,
    long Delivered,
    long RestoredFromJournal,
    long StateUpdates,
    string StateDigest,
    IReadOnlyDictionary<string, long> VersionVector,
    IReadOnlyList<string> LinksAtEnd,
    string? EngineFailure = null)
{
    public const string FileName = "summary.json";

    public long StoppedAtUnixUs { get; init; } = UnixTime.NowMicros();

    public Task WriteAsync(string directory) =>
        File.WriteAllTextAsync(Path.Combine(directory, FileName), JsonSerializer.Serialize(this, CMeshJsonContext.Indented.PeerSummary), CancellationToken.None);
}
