using CMesh.Common.Contracts;

namespace CMesh.Tests.Peer;

public sealed class UpdateFloodTests : IDisposable
{
    private static readonly TestPlan Plan = new(3, 1000, 16, 2, 4, 100, 1000, null);
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-flood-").FullName;

    [Fact]
    public async Task An_update_written_on_one_peer_reaches_a_peer_two_hops_away()
    {
        await using var first = new LoopbackPeer("peer-1", Plan, _results, []);
        await using var second = new LoopbackPeer("peer-2", Plan, _results, [first.Address]);
        await using var third = new LoopbackPeer("peer-3", Plan, _results, [second.Address]);
        await WaitUntil(() => first.Links.Count == 1 && third.Links.Count == 1 && second.Links.Count == 2);

        first.Flood.WriteLocal([1, 2, 3]);

        await WaitUntil(() => third.Flood.Delivered == 1 && second.Flood.Delivered == 1);
        third.Records.Flush();
        var delivery = File.ReadAllLines(Path.Combine(_results, "peer-3", "deliveries.csv"))[1].Split(',');
        Assert.Equal(["peer-1", "1"], delivery[..2]);
        Assert.Equal("2", delivery[4]);
        Assert.Equal("peer-2", delivery[5]);
    }

    [Fact]
    public async Task Links_stay_open_across_heartbeats()
    {
        await using var first = new LoopbackPeer("peer-1", Plan, _results, []);
        await using var second = new LoopbackPeer("peer-2", Plan, _results, [first.Address]);
        await WaitUntil(() => first.Links.Count == 1 && second.Links.Count == 1);

        await Task.Delay(TimeSpan.FromMilliseconds(1500));

        Assert.Equal(1, first.Links.Count);
        Assert.Equal(1, second.Links.Count);
        second.Records.Flush();
        Assert.DoesNotContain("close", File.ReadAllText(Path.Combine(_results, "peer-2", "links.csv")));
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    internal static async Task WaitUntil(Func<bool> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(20);
        }
    }
}
