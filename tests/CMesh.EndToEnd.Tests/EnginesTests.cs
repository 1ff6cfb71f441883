using System.Globalization;
using CMesh.Common.Records;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// Third-party sync engines, unmodified, behind their adapters (engines/): the same scenario, report and records as
/// the built-in engine, checked from the raw files.
/// </summary>
[Collection(MeshCollection.Name)]
public sealed class EnginesTests
{
    private const int Peers = 5;

    /// <param name="coolDownSeconds">
    /// After the heal. Syncthing 1.19 pings a connection only every 90 s, so after a silent 60 s partition it waits for
    /// TCP's retransmission backoff: its resync after heal measured 57.7 s on this host (5 peers, one run); Automerge's
    /// WebSocket pings every 5 s.
    /// </param>
    [Theory]
    [InlineData("automerge", 30)]
    [InlineData("syncthing", 120)]
    public async Task A_shipped_engine_isolated_for_a_minute_delivers_every_update_after_the_heal_and_converges(string engine, int coolDownSeconds)
    {
        var run = $"e2e-{engine}";
        var results = new ResultFiles(run);
        results.Delete();

        var result = await Shell.CmeshAsync(
            ["run", Peers.ToString(CultureInfo.InvariantCulture), "--engine", engine, "--scenario", "partition-isolate-one", "--cool-down", $"{coolDownSeconds}s", "--name", run],
            null,
            TimeSpan.FromMinutes(20));
        var report = await Shell.CmeshAsync("report", run);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.True(File.Exists(Path.Combine(results.Directory, "report", "csv", "missing.csv")), report.ToString());
        var peers = Enumerable.Range(1, Peers).Select(i => $"peer-{i}").ToList();
        foreach (var peer in peers)
        {
            Assert.Equal(engine, results.Summary(peer).Engine);
            Assert.True(results.Records<WriteRecord>(peer).Count(w => w.Acknowledged) >= 60, $"{peer} had few writes acknowledged by {engine}");
            Assert.All(results.Records<DeliveryRecord>(peer), d => Assert.Equal("engine", d.Via));
        }

        Assert.DoesNotContain(results.ReportCsv("missing.csv"), m => m["expected"] == "1");
        var isolated = results.ChaosEvents().Where(e => e.Event == "start" && e.Kind == "partition").Select(e => e.Targets).Single();
        var resync = results.ReportCsv("resync.csv").Where(r => r["targeted"] == "1").ToList();
        Assert.NotEmpty(resync);
        Assert.All(resync, r => Assert.True(
            double.TryParse(r["resync_ms"], CultureInfo.InvariantCulture, out _), $"{r["peer"]} after the heal of {isolated}: resync {r["resync_ms"]}"));
        Assert.Single(peers.Select(results.StateDigest).Distinct());
    }

    [Fact]
    public async Task A_peer_image_written_from_the_contract_alone_passes_the_check_and_broken_ones_name_the_clause_they_break()
    {
        await BuildTestImageAsync("cmesh-test-perl-flood", adapter: null);
        var good = await Shell.CmeshAsync(["engine", "check", "cmesh-test-perl-flood"], null, TimeSpan.FromMinutes(5));
        Assert.True(good.ExitCode == 0, good.ToString());
        Assert.Contains("engine perl-flood follows the contract", good.StdOut + good.StdErr);

        foreach (var (image, adapter, clause) in new[]
                 {
                     ("cmesh-test-perl-no-acks", """["env","CMESH_TEST_BREAK=no-acks","perl","/opt/engine/adapter.pl"]""", "write acks: "),
                     ("cmesh-test-perl-wrong-ids", """["env","CMESH_TEST_BREAK=wrong-ids","perl","/opt/engine/adapter.pl"]""", "ids: "),
                     ("cmesh-test-perl-crash", """["env","CMESH_TEST_BREAK=crash","perl","/opt/engine/adapter.pl"]""", "engine failure: peer-"),
                     ("cmesh-test-never-ready", """["sleep","3600"]""", "readiness "),
                 })
        {
            await BuildTestImageAsync(image, adapter);
            var broken = await Shell.CmeshAsync(
                ["engine", "check", image], new Dictionary<string, string> { ["CMESH_READY_TIMEOUT_S"] = "75" }, TimeSpan.FromMinutes(5));
            Assert.True(broken.ExitCode == 1, broken.ToString());
            Assert.Contains($"breaks the contract: {clause}", broken.StdErr);
        }

        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.managed=true"));
    }

    /// <summary>tests/engines/perl-flood: FROM cmesh-peer:latest, which the fixture's image build tagged.</summary>
    private static async Task BuildTestImageAsync(string image, string? adapter)
    {
        string[] label = adapter is null ? [] : ["--label", $"cmesh.engine.adapter={adapter}"];
        var build = await Shell.RunAsync(
            "docker", ["build", "-q", "-t", image, .. label, Path.Combine(Shell.RepositoryRoot, "tests", "engines", "perl-flood")], null, TimeSpan.FromMinutes(3));
        Assert.True(build.ExitCode == 0, build.ToString());
    }
}
