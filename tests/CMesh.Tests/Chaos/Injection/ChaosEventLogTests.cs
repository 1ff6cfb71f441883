using CMesh.Common.Contracts;
using CMesh.Docker.Chaos.Injection;

namespace CMesh.Tests.Chaos.Injection;

public sealed class ChaosEventLogTests : IDisposable
{
    private readonly string _run = Directory.CreateTempSubdirectory("cmesh-chaos-log-").FullName;

    [Fact]
    public async Task A_row_read_back_keeps_when_its_action_began_and_an_instant_has_none()
    {
        var log = ChaosEventLog.ForRun(_run);

        var start = log.Record(ChaosEvent.Start, "s1.1", "partition", "partition halves", ["peer-1", "peer-2"], "nft", "seed 7, pid 42", beganUnixUs: 1_000);
        var action = log.Record(ChaosEvent.Action, "s1.1", "partition", "partition halves", ["peer-1"], "", "moved");

        var read = await log.ReadAsync(CancellationToken.None);

        Assert.Equal([start, action with { BeganUnixUs = action.TimeUnixUs }], read);
        Assert.Equal(1_000, read[0].Began);
    }

    [Fact]
    public async Task A_row_a_killed_cli_cut_short_is_skipped_and_an_older_file_without_began_is_read()
    {
        var log = ChaosEventLog.ForRun(_run);
        await File.WriteAllTextAsync(log.Path, string.Join('\n',
            "time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail",
            "2000,start,s1.1,kill,peer-1,kill,docker,seed 1",
            "3000,end,s1.1,kill,peer-1,kill,docker,duration",
            "4000,start,s2.1,loss,peer-2,loss 20%,tc,se"));

        var read = await log.ReadAsync(CancellationToken.None);

        Assert.Equal([("start", 2000L), ("end", 3000L)], read.Select(r => (r.Event, r.Began)));
        Assert.Empty(await log.ActiveAsync(CancellationToken.None));
    }

    public void Dispose() => Directory.Delete(_run, recursive: true);
}
