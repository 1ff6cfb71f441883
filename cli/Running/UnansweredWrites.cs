using CMesh.Common.Records;

namespace CMesh.Cli.Running;

/// <summary>
/// Peers whose engine stopped answering: it acknowledged none of its last writes (at least <see cref="Threshold"/>
/// of them, writes.csv), not even late before it stopped (summary.json's version vector holds no ack of them). An
/// engine that stalled and came back is a measurement (the report's availability), not a failure.
/// </summary>
public static class UnansweredWrites
{
    /// <summary>How long the unanswered writes must have gone on: ten writes at the default of one a second.</summary>
    public static readonly TimeSpan Silence = TimeSpan.FromSeconds(10);

    /// <summary>The fewest unanswered writes that take <see cref="Silence"/> to write, and never one alone.</summary>
    public static int Threshold(TimeSpan writeInterval) => Math.Max(2, (int)Math.Ceiling(Silence / writeInterval));

    /// <returns>One line per such peer, naming the engine and what it left unanswered.</returns>
    public static IReadOnlyList<string> Find(string runDirectory, string engine, TimeSpan writeInterval)
    {
        var peers = Path.Combine(runDirectory, "peers");
        if (!Directory.Exists(peers))
        {
            return [];
        }

        var lines = new List<string>();
        foreach (var folder in Directory.GetDirectories(peers).Order(StringComparer.Ordinal))
        {
            var writes = PlainRecordFile.Read<WriteRecord>(Path.Combine(folder, WriteRecord.FileName)).ToList();
            var unanswered = writes.AsEnumerable().Reverse().TakeWhile(w => !w.Acknowledged).Reverse().ToList();
            if (unanswered.Count >= Threshold(writeInterval) && HighestAcknowledged(folder, Path.GetFileName(folder)) < unanswered[0].Seq)
            {
                var since = DateTimeOffset.FromUnixTimeMilliseconds(unanswered[0].WrittenAtUs / 1000);
                lines.Add($"{Path.GetFileName(folder)}: engine {engine} stopped answering: it acknowledged none of its last {unanswered.Count} writes, from {since:HH:mm:ss} UTC to the end of the run");
            }
        }

        return lines;
    }

    /// <summary>The highest own write the engine acknowledged, late acks included (summary.json); 0 when unknown.</summary>
    private static long HighestAcknowledged(string folder, string peer) =>
        PeerSummary.TryRead(folder)?.VersionVector?.GetValueOrDefault(peer) ?? 0;
}
