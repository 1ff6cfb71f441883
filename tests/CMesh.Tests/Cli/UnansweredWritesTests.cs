using CMesh.Cli.Running;

namespace CMesh.Tests.Cli;

public sealed class UnansweredWritesTests : IDisposable
{
    private const long T0 = 1_800_000_000_000_000;
    private readonly string _run = Directory.CreateTempSubdirectory("cmesh-unanswered-").FullName;

    [Fact]
    public void An_engine_that_acknowledged_none_of_its_last_ten_writes_even_late_stopped_answering()
    {
        Peer("peer-1", acknowledged: 20, unanswered: 10, highestAcknowledged: 20);
        Peer("peer-2", acknowledged: 20, unanswered: 9, highestAcknowledged: 20);
        Peer("peer-3", acknowledged: 20, unanswered: 12, highestAcknowledged: 32);

        var lines = UnansweredWrites.Find(_run, "syncthing");

        Assert.Equal(["peer-1: engine syncthing stopped answering: it acknowledged none of its last 10 writes, from 08:00:20 UTC to the end of the run"], lines);
    }

    [Fact]
    public void An_engine_that_stalled_and_came_back_did_not_stop_answering()
    {
        Peer("peer-1", acknowledged: 5, unanswered: 30, highestAcknowledged: 5, thenAcknowledged: 3);

        Assert.Empty(UnansweredWrites.Find(_run, "automerge"));
    }

    public void Dispose() => Directory.Delete(_run, recursive: true);

    private void Peer(string peer, int acknowledged, int unanswered, long highestAcknowledged, int thenAcknowledged = 0)
    {
        var folder = Directory.CreateDirectory(Path.Combine(_run, "peers", peer)).FullName;
        var acks = Enumerable.Repeat("ok", acknowledged).Concat(Enumerable.Repeat("failed", unanswered)).Concat(Enumerable.Repeat("ok", thenAcknowledged)).ToList();
        File.WriteAllLines(Path.Combine(folder, "writes.csv"), [
            "writer,seq,due_unix_us,written_at_unix_us,monotonic_us,payload_bytes,ack",
            .. acks.Select((ack, i) => $"{peer},{i + 1},{T0 + (i * 1_000_000)},{T0 + (i * 1_000_000)},{i},64,{ack}")]);
        File.WriteAllText(Path.Combine(folder, "summary.json"), $$"""{ "versionVector": { "{{peer}}": {{highestAcknowledged}} } }""");
    }
}
