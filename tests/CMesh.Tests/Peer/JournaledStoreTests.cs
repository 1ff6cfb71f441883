using CMesh.Common.Records;
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
