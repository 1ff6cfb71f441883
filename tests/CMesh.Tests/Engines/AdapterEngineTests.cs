using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Peer.Engines;
using CMesh.Peer.Records;

namespace CMesh.Tests.Engines;

/// <summary>The agent's side of the adapter protocol against a real child process: a shell script that plays an engine.</summary>
public sealed class AdapterEngineTests : IAsyncLifetime
{
    /// <summary>Acknowledges every write and reports each as seen from peer-9, twice (the second must not count).</summary>
    private const string EchoEngine = """
        while IFS= read -r line; do
          case "$line" in
            *'"op":"start"'*) echo '{"event":"ready","contact":{"url":"ws://peer:7100"}}' ;;
            *'"op":"write"'*)
              seq=$(echo "$line" | sed -E 's/.*"seq":([0-9]+).*/\1/')
              echo "{\"event\":\"ack\",\"seq\":$seq}"
              echo "{\"event\":\"seen\",\"writer\":\"peer-9\",\"seq\":$seq}"
              echo "{\"event\":\"seen\",\"writer\":\"peer-9\",\"seq\":$seq}"
              echo "log line for $seq" >&2 ;;
            *'"op":"stop"'*) exit 0 ;;
          esac
        done
        """;

    private static readonly TestPlan Plan = new(3, 1000, 16, 2, 4, 1000, 5000, null, SyncMode.Delta);

    private readonly string _directory = Directory.CreateTempSubdirectory().FullName;
    private readonly StringWriter _log = new();
    private PeerRecords _records = null!;

    public Task InitializeAsync()
    {
        _records = new PeerRecords(_directory);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _records.DisposeAsync();

    [Fact]
    public async Task Acknowledged_writes_and_first_sightings_are_recorded_and_a_repeated_sighting_is_not()
    {
        await using var adapter = AdapterProcess.Start(["bash", "-c", EchoEngine], _log, "echo: ");
        await adapter.SendAsync(AdapterMessages.Start("r1", "peer-1", "127.0.0.1", 7100, _directory, _directory), CancellationToken.None);
        var ready = Assert.IsType<AdapterReady>((await adapter.Events.ReadAsync()).Event);
        Assert.Equal("ws://peer:7100", ready.Contact.GetProperty("url").GetString());

        var engine = new AdapterEngine("echo", "peer-1", Plan, new RecordedHistory(0, new HashSet<(string, long)>()), _records, adapter.SendAsync, TimeSpan.FromSeconds(30));
        for (var i = 0; i < 3; i++)
        {
            await engine.WriteAsync(new byte[16], dueAtMicros: 1_000_000 * (i + 1), CancellationToken.None);
        }

        while (engine.Written < 3 || engine.Delivered < 3)
        {
            Assert.Null(engine.Handle(await adapter.Events.ReadAsync()));
        }

        await adapter.SendAsync(AdapterMessages.Stop(), CancellationToken.None);
        Assert.True(await adapter.WaitForExitAsync(TimeSpan.FromSeconds(10), TimeProvider.System));
        while (await adapter.Events.WaitToReadAsync())
        {
            while (adapter.Events.TryRead(out var late))
            {
                engine.Handle(late);
            }
        }

        _records.Flush();
        var writes = Read<WriteRecord>();
        Assert.Equal([1L, 2L, 3L], writes.Select(w => w.Seq));
        Assert.All(writes, w => Assert.True(w.Acknowledged && w.Writer == "peer-1" && w.PayloadBytes == 16));
        Assert.Equal([1_000_000L, 2_000_000L, 3_000_000L], writes.Select(w => w.DueAtUs));
        var deliveries = Read<DeliveryRecord>();
        Assert.Equal([("peer-9", 1L), ("peer-9", 2L), ("peer-9", 3L)], deliveries.Select(d => (d.Writer, d.Seq)));
        Assert.All(deliveries, d => Assert.Equal(("engine", 0L), (d.Via, d.WrittenAtUs)));
        Assert.Equal(3, engine.VersionVector["peer-9"]);
        Assert.Equal(6, engine.Digest().Updates);
        Assert.Contains("echo: log line for 3", _log.ToString());
    }

    [Fact]
    public async Task A_write_the_engine_acknowledges_only_after_the_ack_timeout_stays_failed_yet_is_held()
    {
        var engine = new AdapterEngine("slow", "peer-1", Plan, new RecordedHistory(0, new HashSet<(string, long)>()), _records, (_, _) => Task.FromResult(true), TimeSpan.Zero);
        await engine.WriteAsync(new byte[4], null, CancellationToken.None);
        await Task.Delay(5);

        engine.ExpireUnacknowledged();
        Assert.Equal(0, engine.Held());
        engine.Handle(new StampedEvent(new AdapterAck(1), 0));

        _records.Flush();
        var write = Assert.Single(Read<WriteRecord>());
        Assert.False(write.Acknowledged);
        Assert.Equal(0, engine.Written);
        Assert.Equal(1, engine.Held());
        Assert.Equal(1, engine.Digest().Updates);
    }

    [Fact]
    public void An_ack_for_a_write_never_made_breaks_the_protocol()
    {
        var engine = new AdapterEngine("liar", "peer-1", Plan, new RecordedHistory(0, new HashSet<(string, long)>()), _records, (_, _) => Task.FromResult(true), TimeSpan.FromSeconds(1));

        var e = Assert.Throws<AdapterProtocolException>(() => engine.Handle(new StampedEvent(new AdapterAck(7), 0)));
        Assert.Contains("never written", e.Message);
    }

    [Fact]
    public async Task After_a_restart_the_seq_goes_on_and_updates_seen_before_are_not_delivered_again()
    {
        var first = new AdapterEngine("echo", "peer-1", Plan, RecordedHistory.Read(_directory, "peer-1"), _records, (_, _) => Task.FromResult(true), TimeSpan.FromSeconds(30));
        await first.WriteAsync(new byte[4], null, CancellationToken.None);
        first.Handle(new StampedEvent(new AdapterAck(1), 10));
        first.Handle(new StampedEvent(new AdapterSeen("peer-2", 1), 20));
        _records.Flush();

        var history = RecordedHistory.Read(_directory, "peer-1");
        var second = new AdapterEngine("echo", "peer-1", Plan, history, _records, (_, _) => Task.FromResult(true), TimeSpan.FromSeconds(30));
        second.Handle(new StampedEvent(new AdapterSeen("peer-2", 1), 30));
        await second.WriteAsync(new byte[4], null, CancellationToken.None);
        second.Handle(new StampedEvent(new AdapterAck(2), 40));
        _records.Flush();

        Assert.Equal(1, history.LastSeq);
        Assert.Equal([1L, 2L], Read<WriteRecord>().Select(w => w.Seq));
        Assert.Single(Read<DeliveryRecord>());
        Assert.Equal(first.Digest().Updates + 1, second.Digest().Updates);
    }

    private List<T> Read<T>() where T : IRecordFile<T> => PlainRecordFile.Read<T>(Path.Combine(_directory, T.FileName)).ToList();
}
