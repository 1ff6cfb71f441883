using System.Formats.Tar;

namespace CMesh.Docker.Swarm;

/// <summary>What a merge of records into a results folder did: files written, their bytes, the peer folders they belong to, and the longer local files kept.</summary>
public sealed record MergedRecords(int Files, long Bytes, IReadOnlyList<string> Peers, int KeptLocal)
{
    public static MergedRecords None { get; } = new(0, 0, [], 0);

    public MergedRecords Plus(MergedRecords other) => new(
        Files + other.Files, Bytes + other.Bytes, Peers.Union(other.Peers).Order(CMesh.Common.NaturalOrder.Instance).ToList(), KeptLocal + other.KeptLocal);
}

/// <summary>
/// Unpacks a tar of a node's records (as the engine's archive API gives a folder: entries under the folder's own name,
/// peers/peer-K/…) into the run's results folder. Records are only ever appended, so of two copies of a file the
/// longer is the newer: a local file longer than the archived one is kept, never replaced by less, and one as long is
/// the same (brought back before) and left alone. Only folders and regular files are taken, and none outside the
/// results folder.
/// </summary>
public static class RecordArchive
{
    public static async Task<MergedRecords> MergeAsync(Stream tar, string resultsDirectory, CancellationToken ct)
    {
        var root = Path.GetFullPath(resultsDirectory) + Path.DirectorySeparatorChar;
        var files = 0;
        long bytes = 0;
        var kept = 0;
        var peers = new SortedSet<string>(CMesh.Common.NaturalOrder.Instance);
        await using var reader = new TarReader(tar, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, ct) is { } entry)
        {
            var path = Path.GetFullPath(Path.Combine(root, entry.Name));
            if (!path.StartsWith(root, StringComparison.Ordinal))
            {
                throw new InvalidDataException($"archived record {entry.Name} would land outside {resultsDirectory}");
            }

            if (entry.EntryType == TarEntryType.Directory)
            {
                Directory.CreateDirectory(path);
                continue;
            }

            if (entry.EntryType is not (TarEntryType.RegularFile or TarEntryType.V7RegularFile))
            {
                continue;
            }

            if (PeerOf(path[root.Length..]) is { } peer)
            {
                peers.Add(peer);
            }

            var local = new FileInfo(path);
            if (local.Exists && local.Length >= entry.Length)
            {
                // Equal: the same records, brought back before.
                kept += local.Length > entry.Length ? 1 : 0;
                continue;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await entry.ExtractToFileAsync(path, overwrite: true, ct);
            files++;
            bytes += entry.Length;
        }

        return new MergedRecords(files, bytes, peers.ToList(), kept);
    }

    /// <summary>peer-K of peers/peer-K/…; null for a file elsewhere.</summary>
    private static string? PeerOf(string relativePath) =>
        relativePath.Split(Path.DirectorySeparatorChar) is ["peers", var peer, _, ..] ? peer : null;
}
