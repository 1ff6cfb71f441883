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

    public void Dispose() => Directory.Delete(_run, recursive: true);
}
