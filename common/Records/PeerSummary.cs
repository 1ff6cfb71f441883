using System.Text.Json;

namespace CMesh.Common.Records;

/// <summary>
/// summary.json, written once when the peer stops: counts, and a digest of the state it ends with (equal digests
/// mean converged replicas). The peer writes it and the CLI, the report and the tests read it, all through this record.
/// </summary>
/// <param name="Engine">Null in summaries the built-in peer wrote before both kinds of peer shared this record.</param>
/// <param name="RestoredFromJournal">Updates a restarted peer took back from what it had recorded.</param>
/// <param name="StateDigest">Null in summaries written before the sync engine, as is <paramref name="VersionVector"/>.</param>
/// <param name="EngineFailure">Why an engine behind an adapter failed; null when it did not.</param>
public sealed record PeerSummary(
    string PeerId,
    string DataEndpoint,
    string? Engine,
    long Written,
    long Delivered,
    long RestoredFromJournal,
    long StateUpdates,
    string? StateDigest,
    IReadOnlyDictionary<string, long>? VersionVector,
    IReadOnlyList<string> LinksAtEnd,
    string? EngineFailure = null)
{
    public const string FileName = "summary.json";

    public long StoppedAtUnixUs { get; init; } = UnixTime.NowMicros();

    public Task WriteAsync(string peerFolder) =>
        File.WriteAllTextAsync(Path.Combine(peerFolder, FileName), JsonSerializer.Serialize(this, CMeshJsonContext.Indented.PeerSummary), CancellationToken.None);

    /// <summary>The summary the peer left in its folder.</summary>
    /// <exception cref="IOException">It left none (<see cref="FileNotFoundException"/>, <see cref="DirectoryNotFoundException"/>).</exception>
    /// <exception cref="JsonException">What it left is no summary: cut short by a kill, say.</exception>
    public static PeerSummary Read(string peerFolder) =>
        JsonSerializer.Deserialize(File.ReadAllText(Path.Combine(peerFolder, FileName)), CMeshJsonContext.Default.PeerSummary)
        ?? throw new JsonException($"{FileName} in {peerFolder} holds null");

    /// <summary>The summary the peer left in its folder; null when it left none, or none that can be read.</summary>
    public static PeerSummary? TryRead(string peerFolder)
    {
        try
        {
            return Read(peerFolder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }
}
