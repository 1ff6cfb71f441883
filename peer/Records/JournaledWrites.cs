using CMesh.Common.Records;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Records;

/// <summary>
/// After a kill, the journal may hold a peer's last own writes that writes.csv lost (its lines are flushed every
/// 250 ms; the journal's own write lines at once). Those writes happened, so they are recorded now, from the journal:
/// their time is the write's, their due time that too, and their monotonic time unknown (-1), as in older files.
/// </summary>
public static class JournaledWrites
{
    /// <returns>How many write records were mended.</returns>
    public static int RecordMissing(JournaledStore store, PeerRecords records, string selfId)
    {
        var recorded = PlainRecordFile.Read<WriteRecord>(Path.Combine(records.Directory, WriteRecord.FileName))
            .Where(w => w.Writer == selfId)
            .Select(w => w.Seq)
            .DefaultIfEmpty(0)
            .Max();
        var journaled = store.Summary()[selfId];
        if (journaled <= recorded)
        {
            return 0;
        }

        var missing = store.Range(selfId, recorded + 1, (int)(journaled - recorded));
        foreach (var update in missing)
        {
            records.Write(new WriteRecord(selfId, update.Sequence, update.WrittenAtMicros, update.WrittenAtMicros, -1, update.Payload.Length, Acknowledged: true));
        }

        return missing.Count;
    }
}
