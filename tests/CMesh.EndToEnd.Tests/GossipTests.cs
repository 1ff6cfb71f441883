using CMesh.Common.Records;

namespace CMesh.EndToEnd.Tests;

/// <summary>Lazy-push gossip on a real mesh, checked from the raw records.</summary>
[Collection(MeshCollection.Name)]
public sealed class GossipTests
{
    private const int Peers = 10;

    [Fact]
    public async Task A_lazy_push_mesh_split_in_halves_delivers_every_update_after_the_heal_converges_and_sends_few_duplicates()
    {
        var results = new ResultFiles("e2e-lazy");
        results.Delete();

        var run = await Shell.CmeshAsync(
            ["run", $"{Peers}", "--gossip", "lazy", "--scenario", "partition-halves", "--cool-down", "20s", "--name", "e2e-lazy"], null, TimeSpan.FromMinutes(10));
        var report = await Shell.CmeshAsync("report", "e2e-lazy");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(report.ExitCode == 0, report.ToString());
        Assert.DoesNotContain(results.ReportCsv("missing.csv"), m => m["expected"] == "1");
        var peers = Enumerable.Range(1, Peers).Select(i => $"peer-{i}").ToList();
        Assert.Single(peers.Select(results.StateDigest).Distinct());
        var via = peers.SelectMany(p => results.Records<DeliveryRecord>(p)).GroupBy(d => d.Via).ToDictionary(g => g.Key, g => g.Count());
        Assert.True(via.GetValueOrDefault(DeliveryVia.Eager) > via.Values.Sum() / 2, $"deliveries by via: {string.Join(", ", via)}");
        Assert.False(via.ContainsKey(DeliveryVia.Flood), $"deliveries by via: {string.Join(", ", via)}");
        // Flooding at this degree receives each update three to four times over; a pruned tree receives it about once.
        var links = peers.SelectMany(p => results.Records<BandwidthRecord>(p)).ToList();
        var useful = links.Sum(l => l.UsefulPayloadBytesIn);
        var duplicate = links.Sum(l => l.DuplicatePayloadBytesIn);
        Assert.True(duplicate < useful / 2, $"duplicate payload {duplicate} B against useful {useful} B");
    }
}
