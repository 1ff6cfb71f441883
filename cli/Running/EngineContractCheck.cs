using CMesh.Common.Records;

namespace CMesh.Cli.Running;

/// <summary>
/// What a short run of an engine must show in its raw records to follow docs/engines.md, checked clause by clause in
/// the contract's order; the first clause broken is the verdict.
/// </summary>
public static class EngineContractCheck
{
    /// <summary>
    /// A run that failed: its engine's failure as a peer recorded it; else, for a run that went its length (its engine
    /// stopped answering, say), the first clause its records break; else readiness (the mesh never became ready).
    /// </summary>
    public static string FailedRunClause(string runDirectory, string engine, IReadOnlyList<string> peers)
    {
        foreach (var peer in peers)
        {
            if (Read<LinkEventRecord>(PeerFolder(runDirectory, peer)).FirstOrDefault(e => e.Event == "engine-failed") is { Event: not null } failure)
            {
                return $"engine failure: {peer}: {failure.Detail}";
            }
        }

        var ranItsLength = peers.Any(p => Stopped(PeerFolder(runDirectory, p)));
        return (ranItsLength ? FirstBrokenClause(runDirectory, engine, peers) : null)
            ?? "readiness (the mesh never became ready; the peers' last lines above say why)";
    }

    /// <returns>Null when every clause holds, else the first one broken and by whom.</returns>
    public static string? FirstBrokenClause(string runDirectory, string engine, IReadOnlyList<string> peers)
    {
        var records = peers.ToDictionary(p => p, p => PeerRecordsOf(runDirectory, p));
        foreach (var peer in peers)
        {
            if (records[peer].Summary is not { } summary)
            {
                return $"stop: {peer} wrote no readable {PeerSummary.FileName} (its adapter did not stop, or the agent failed; see its log)";
            }

            if (summary.Engine is { } ran && ran != engine)
            {
                return $"engine: {peer} ran {ran}, not {engine}";
            }
        }

        foreach (var peer in peers)
        {
            var writes = records[peer].Writes;
            if (!writes.Any(w => w.Acknowledged))
            {
                return $"write acks: {peer}'s adapter acknowledged none of its {writes.Count} writes";
            }
        }

        var written = peers.ToDictionary(p => p, p => records[p].Writes.Select(w => w.Seq).ToHashSet());
        foreach (var peer in peers)
        {
            if (records[peer].Deliveries.FirstOrDefault(d => !written.TryGetValue(d.Writer, out var seqs) || !seqs.Contains(d.Seq)) is { Writer: not null } stranger)
            {
                return $"ids: {peer} reported {stranger.Writer}/{stranger.Seq} seen, which no peer wrote (seen must name the writer and seq of the write's key)";
            }
        }

        foreach (var peer in peers)
        {
            foreach (var writer in peers.Where(w => w != peer))
            {
                if (!records[peer].Deliveries.Any(d => d.Writer == writer))
                {
                    return $"visibility events: {peer} reported none of {writer}'s {records[writer].Writes.Count(w => w.Acknowledged)} acknowledged writes seen";
                }
            }
        }

        return null;
    }

    private static (PeerSummary? Summary, List<WriteRecord> Writes, List<DeliveryRecord> Deliveries) PeerRecordsOf(string runDirectory, string peer)
    {
        var folder = PeerFolder(runDirectory, peer);
        return (PeerSummary.TryRead(folder), Read<WriteRecord>(folder), Read<DeliveryRecord>(folder));
    }

    private static string PeerFolder(string runDirectory, string peer) => Path.Combine(runDirectory, "peers", peer);

    /// <summary>The peer ran to its stop: it left a summary, whole or cut short.</summary>
    private static bool Stopped(string folder) => File.Exists(Path.Combine(folder, PeerSummary.FileName));

    private static List<T> Read<T>(string folder) where T : IRecordFile<T> => PlainRecordFile.Read<T>(Path.Combine(folder, T.FileName)).ToList();
}
