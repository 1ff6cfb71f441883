using CMesh.Peer.Sync;

namespace CMesh.Tests.Peer;

public sealed class JournaledStoreTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cmesh-journal-").FullName;

    private string JournalPath => Path.Combine(_directory, "store.journal");

    [Fact]
    public void A_restarted_peer_gets_its_state_back_and_goes_on_numbering_its_own_writes()
    {
        using (var before = new JournaledStore(new LogStore(), JournalPath))
        {
            before.Write("peer-1", [1], 10);
            before.Write("peer-1", [2], 20);
            before.Apply(new Update("peer-2", 1, 15, 2, [9]));
            before.Flush();
        }

        using var after = new JournaledStore(new LogStore(), JournalPath);

        Assert.Equal(3, after.Restored);
        Assert.Equal(3, after.Digest().Updates);
        Assert.Equal(3, after.Write("peer-1", [3], 30).Sequence);
    }

    [Fact]
    public void A_journal_line_cut_short_by_a_kill_is_skipped()
    {
        File.WriteAllText(JournalPath, "writer,seq,written_at_unix_us,payload_base64\npeer-2,1,15,CQ==\npeer-2,2,1");

        using var store = new JournaledStore(new LogStore(), JournalPath);

        Assert.Equal(1, store.Restored);
    }

    [Fact]
    public void Appending_after_a_line_cut_short_starts_a_new_line()
    {
        var path = Path.Combine(_directory, "records.csv");
        File.WriteAllText(path, "a,b\n1,2\n3,");

        using (var file = new CMesh.Peer.Records.CsvAppendFile(path, "a,b"))
        {
            file.Append("5,6");
        }

        Assert.Equal(["a,b", "1,2", "3,", "5,6"], File.ReadAllLines(path));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
