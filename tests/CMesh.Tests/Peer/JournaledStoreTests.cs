using CMesh.Common.Records;
using CMesh.Peer.Records;
using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class JournaledStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cmesh-journal-").FullName;

    private string JournalPath => Path.Combine(_directory, JournalEntry.FileName);

    [Fact]
    public void A_restarted_peer_gets_its_state_back_and_goes_on_numbering_its_own_writes()
    {
        using (var before = new JournaledStore(new LogStore(), _directory))
        {
            before.Write("peer-1", [1], 10);
            before.Write("peer-1", [2], 20);
            before.Apply(new Update("peer-2", 1, 15, 2, [9]));
            before.Flush();
        }

        using var after = new JournaledStore(new LogStore(), _directory);

        Assert.Equal(3, after.Restored);
        Assert.Equal(3, after.Digest().Updates);
        Assert.Equal(3, after.Write("peer-1", [3], 30).Sequence);
    }

    [Fact]
    public void A_local_write_is_in_the_journal_file_at_once_so_a_kill_cannot_leave_writes_csv_ahead_of_it()
    {
        using var store = new JournaledStore(new LogStore(), _directory);

        store.Write("peer-1", [1], 10);

        using var file = new StreamReader(new FileStream(JournalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal([string.Join(',', JournalEntry.Columns), "peer-1,1,10,AQ=="], file.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task Own_writes_a_kill_kept_out_of_writes_csv_are_recorded_from_the_journal_when_the_peer_starts_again()
    {
        using (var before = new JournaledStore(new LogStore(), _directory))
        await using (var records = new PeerRecords(_directory))
        {
            records.Write(before.Write("peer-1", [1], 10), dueAtMicros: 9, monotonicMicros: 100, acknowledged: true);
            before.Write("peer-1", [2, 2], 20);
            before.Write("peer-1", [3, 3, 3], 30);
            before.Apply(new Update("peer-2", 1, 15, 2, [9]));
            before.Flush();
        }

        using var after = new JournaledStore(new LogStore(), _directory);
        int mended;
        await using (var records = new PeerRecords(_directory))
        {
            mended = JournaledWrites.RecordMissing(after, records, "peer-1");
        }

        Assert.Equal(2, mended);
        Assert.Equal(
            [new WriteRecord("peer-1", 1, 9, 10, 100, 1, true), new WriteRecord("peer-1", 2, 20, 20, -1, 2, true), new WriteRecord("peer-1", 3, 30, 30, -1, 3, true)],
            PlainRecordFile.Read<WriteRecord>(Path.Combine(_directory, WriteRecord.FileName)));
        await using var again = new PeerRecords(_directory);
        Assert.Equal(0, JournaledWrites.RecordMissing(after, again, "peer-1"));
    }

    [Fact]
    public void A_journal_line_cut_short_by_a_kill_is_skipped()
    {
        File.WriteAllText(JournalPath, $"{string.Join(',', JournalEntry.Columns)}\n{JournalEntry.Of(new Update("peer-2", 1, 15, 1, [9])).ToCsvLine()}\npeer-2,2,1");

        using var store = new JournaledStore(new LogStore(), _directory);

        Assert.Equal(1, store.Restored);
    }

    [Fact]
    public void Appending_after_a_line_cut_short_starts_a_new_line()
    {
        File.WriteAllText(JournalPath, "writer,seq,written_at_unix_us,payload_base64\npeer-2,1,15,CQ==\npeer-2,2,");

        using (var file = new RecordFileWriter<JournalEntry>(_directory))
        {
            file.Append(new JournalEntry("peer-3", 1, 20, "Cg=="));
        }

        Assert.Equal(["writer,seq,written_at_unix_us,payload_base64", "peer-2,1,15,CQ==", "peer-2,2,", "peer-3,1,20,Cg=="], File.ReadAllLines(JournalPath));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
