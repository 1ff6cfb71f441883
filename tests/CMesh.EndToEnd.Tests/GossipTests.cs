using CMesh.Common.Records;

namespace CMesh.EndToEnd.Tests;

/// <summary>The built-in engine's gossip on a real mesh, checked from the raw records.</summary>
[Collection(MeshCollection.Name)]
public sealed class GossipTests
{
    private const int Peers = 10;

    /// <summary>
    /// Each half fills its links among itself while the partition lasts; after the heal only the probe of peers lost
    /// touch with links the halves again (before it, neither gossip ever re-merged them).
    /// </summary>
    [Theory]
    [InlineData("flood", DeliveryVia.Flood)]
    [InlineData("lazy", DeliveryVia.Eager)]
    public async Task A_mesh_split_in_halves_for_a_minute_delivers_every_update_after_the_heal_and_converges(string gossip, string pushedVia)
    {
        var run = $"e2e-halves-{gossip}";
        var results = new ResultFiles(run);
        results.Delete();

        var result = await Shell.CmeshAsync(
            ["run", $"{Peers}", "--gossip", gossip, "--scenario", "partition-halves", "--cool-down", "20s", "--name", run], null, TimeSpan.FromMinutes(10));
        var report = await Shell.CmeshAsync("report", run);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.DoesNotContain(results.ReportCsv("missing.csv"), m => m["expected"] == "1");
        var peers = Enumerable.Range(1, Peers).Select(i => $"peer-{i}").ToList();
        Assert.Single(peers.Select(results.StateDigest).Distinct());
        var via = peers.SelectMany(p => results.Records<DeliveryRecord>(p)).GroupBy(d => d.Via).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(via.GetValueOrDefault(pushedVia) > via.Values.Sum() / 2, $"deliveries by via: {string.Join(", ", via)}");
        if (gossip == "lazy")
        {
            // Flooding at this degree receives each update three to four times over; lazy push once, or twice at a
            // peer with a second parent for the writer.
            var links = peers.SelectMany(p => results.Records<BandwidthRecord>(p)).ToList();
            var useful = links.Sum(l => l.UsefulPayloadBytesIn);
            var duplicate = links.Sum(l => l.DuplicatePayloadBytesIn);
            Assert.True(duplicate < useful, $"duplicate payload {duplicate} B against useful {useful} B");
        }
    }
}
