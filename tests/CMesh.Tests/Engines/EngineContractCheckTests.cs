using CMesh.Cli.Commands;
using CMesh.Cli.Running;
using CMesh.Common.Records;
using CMesh.Tests.Records;

namespace CMesh.Tests.Engines;

/// <summary>The clause `cmesh engine check` names, on records written as a broken engine's peers would leave them.</summary>
public sealed class EngineContractCheckTests
{
    private static readonly string[] Peers = ["peer-1", "peer-2", "peer-3"];
    private readonly string _run = Directory.CreateTempSubdirectory().FullName;

    [Fact]
    public async Task An_engine_whose_peers_ack_and_see_each_other_follows_the_contract()
    {
        foreach (var peer in Peers)
        {
            await PeerAsync(peer, acked: true, seen: Peers.Where(p => p != peer).Select(p => (p, 1L)));
        }

        Assert.Null(EngineContractCheck.FirstBrokenClause(_run, "echo", Peers));
    }

    [Fact]
    public void The_check_writes_once_a_second_whatever_the_settings_say_so_every_peer_writes_in_its_15_s()
    {
        var run = EngineCheckCommand.CheckRun("my-engine:dev", shipped: false, "check-my-engine-dev-120000");

        Assert.Equal((TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(15), "my-engine:dev"), (run.WriteInterval, run.Duration, run.PeerImage));
    }

    [Fact]
    public async Task A_peer_without_a_summary_did_not_stop()
    {
        await PeerAsync("peer-1", acked: true, seen: [], ranEngine: null);

        Assert.StartsWith("stop: peer-1", EngineContractCheck.FirstBrokenClause(_run, "echo", Peers));
    }

    [Fact]
    public async Task A_peer_that_ran_another_engine_breaks_the_engine_clause()
    {
        foreach (var peer in Peers)
        {
            await PeerAsync(peer, acked: true, seen: Peers.Where(p => p != peer).Select(p => (p, 1L)), ranEngine: peer == "peer-2" ? "cmesh" : "echo");
        }

        Assert.Equal("engine: peer-2 ran cmesh, not echo", EngineContractCheck.FirstBrokenClause(_run, "echo", Peers));
    }

    [Fact]
    public async Task Writes_never_acknowledged_break_the_ack_clause()
    {
        foreach (var peer in Peers)
        {
            await PeerAsync(peer, acked: peer != "peer-2", seen: []);
        }

        Assert.Equal("write acks: peer-2's adapter acknowledged none of its 1 writes", EngineContractCheck.FirstBrokenClause(_run, "echo", Peers));
        Assert.Equal("write acks: peer-2's adapter acknowledged none of its 1 writes", EngineContractCheck.FailedRunClause(_run, "echo", Peers));
    }

    [Fact]
    public async Task A_failed_run_whose_peers_never_stopped_names_readiness()
    {
        foreach (var peer in Peers)
        {
            await PeerAsync(peer, acked: false, seen: [], ranEngine: null);
        }

        Assert.StartsWith("readiness", EngineContractCheck.FailedRunClause(_run, "echo", Peers));
    }

    [Fact]
    public async Task A_sighting_of_a_write_no_peer_made_breaks_the_ids_clause()
    {
        foreach (var peer in Peers)
        {
            await PeerAsync(peer, acked: true, seen: peer == "peer-3" ? [("peer-1", 1L), ("peer_2", 1L)] : []);
        }

        Assert.StartsWith("ids: peer-3 reported peer_2/1 seen", EngineContractCheck.FirstBrokenClause(_run, "echo", Peers));
    }

    [Fact]
    public async Task A_peer_that_sees_nothing_of_another_breaks_the_visibility_clause()
    {
        foreach (var peer in Peers)
        {
            await PeerAsync(peer, acked: true, seen: Peers.Where(p => p != peer && !(peer == "peer-1" && p == "peer-3")).Select(p => (p, 1L)));
        }

        Assert.Equal("visibility events: peer-1 reported none of peer-3's 1 acknowledged writes seen", EngineContractCheck.FirstBrokenClause(_run, "echo", Peers));
    }

    /// <param name="ranEngine">The engine its summary names; null for a peer that left no summary.</param>
    private async Task PeerAsync(string peer, bool acked, IEnumerable<(string Writer, long Seq)> seen, string? ranEngine = "echo")
    {
        var folder = Path.Combine(_run, "peers", peer);
        Directory.CreateDirectory(folder);
        if (ranEngine is not null)
        {
            await (StoppedPeer.Summary(peer) with { Engine = ranEngine }).WriteAsync(folder);
        }

        File.WriteAllLines(Path.Combine(folder, WriteRecord.FileName),
            [string.Join(',', WriteRecord.Columns), new WriteRecord(peer, 1, 10, 10, 1, 16, acked).ToCsvLine()]);
        File.WriteAllLines(Path.Combine(folder, DeliveryRecord.FileName),
            [string.Join(',', DeliveryRecord.Columns), .. seen.Select(s => new DeliveryRecord(s.Writer, s.Seq, 0, 20, 0, "", "engine").ToCsvLine())]);
    }
}
