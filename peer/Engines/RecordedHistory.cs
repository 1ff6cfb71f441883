using CMesh.Common.Records;

namespace CMesh.Peer.Engines;

/// <summary>
/// What a peer recorded before a restart, read back from its own writes.csv and deliveries.csv: its next seq goes on
/// from its last, and an update its engine reports again after the restart is not a second first delivery.
/// </summary>
/// <param name="Held">Its own acknowledged writes and the other writers' updates it saw.</param>
public sealed record RecordedHistory(long LastSeq, IReadOnlySet<(string Writer, long Seq)> Held)
{
    public static RecordedHistory Read(string directory, string selfId)
    {
        var writes = Records<WriteRecord>(directory).Where(w => w.Writer == selfId).ToList();
        var held = writes.Where(w => w.Acknowledged).Select(w => (w.Writer, w.Seq))
            .Concat(Records<DeliveryRecord>(directory).Select(d => (d.Writer, d.Seq)))
            .ToHashSet();
        return new RecordedHistory(writes.Select(w => w.Seq).DefaultIfEmpty(0).Max(), held);
    }

    private static IEnumerable<T> Records<T>(string directory) where T : IRecordFile<T> => PlainRecordFile.Read<T>(Path.Combine(directory, T.FileName));
}
