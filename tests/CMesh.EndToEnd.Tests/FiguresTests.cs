using System.Globalization;
using CMesh.Common.Records;

namespace CMesh.EndToEnd.Tests;

/// <summary>The report's figures on real meshes, checked against what the test itself computes from the raw records.</summary>
[Collection(MeshCollection.Name)]
public sealed class FiguresTests
{
    [Fact]
    public async Task A_ten_peer_run_without_faults_reports_every_peer_available_and_fresh_with_nothing_missing_and_settles_into_one_state()
    {
        var results = new ResultFiles("e2e-clean");
        results.Delete();

        var run = await Shell.CmeshAsync("run", "10", "--duration", "20s", "--name", "e2e-clean");
        var report = await Shell.CmeshAsync("report", "e2e-clean");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.True(report.ExitCode == 0, report.ToString());
        var peers = results.ReportCsv("peers.csv");
        Assert.Equal(10, peers.Count);
        Assert.All(peers, p =>
        {
            Assert.True(p["availability_pct"] == "100", $"{p["peer"]} available {p["availability_pct"]} %");
            Assert.True(p["fresh_pct"] == "100", $"{p["peer"]} fresh {p["fresh_pct"]} %");
            Assert.True(p["missing"] == "0", $"{p["peer"]} missing {p["missing"]} updates");
        });
        Assert.DoesNotContain(results.ReportCsv("missing.csv"), m => m["expected"] == "1");
        var events = results.CoordinatorEvents();
        var workloadEnded = Assert.Single(events, e => e.Event == "mesh-stopping");
        var settled = Assert.Single(events, e => e.Event == "settle-ended");
        Assert.StartsWith("settled after", settled.Detail);
        Assert.InRange(settled.TimeUs - workloadEnded.TimeUs, 0, 10_000_000);
        Assert.Single(Enumerable.Range(1, 10).Select(i => results.StateDigest($"peer-{i}")).Distinct());
    }

    [Fact]
    public async Task A_peer_paused_for_8_s_reports_the_catch_up_time_the_raw_records_show_and_the_mesh_convergence()
    {
        var results = new ResultFiles("e2e-paused");
        await using var run = await StartedRun.StartAsync("e2e-paused", "5");
        await Task.Delay(TimeSpan.FromSeconds(4));

        var pause = await Shell.CmeshAsync(["chaos", "pause", "-t", "peer-2", "-d", "8s", "--run", "e2e-paused"], null, TimeSpan.FromMinutes(2));
        Assert.True(pause.ExitCode == 0, pause.ToString());
        await Task.Delay(TimeSpan.FromSeconds(12));
        var stop = await run.StopAsync();
        var report = await Shell.CmeshAsync("report", "e2e-paused");

        Assert.True(stop.ExitCode == 0, stop.ToString());
        Assert.True(report.ExitCode == 0, report.ToString());
        var healedAt = results.ChaosEvents().Single(e => e.Event == "end" && e.Kind == "pause").Began;
        var expectedUs = CatchUpFromRawRecords(results, "peer-2", healedAt);
        var resync = results.ReportCsv("resync.csv").Single(r => r["peer"] == "peer-2" && r["targeted"] == "1");
        var reportedUs = double.Parse(resync["resync_ms"], CultureInfo.InvariantCulture) * 1000;
        Assert.InRange(reportedUs, (expectedUs * 0.9) - 100_000, (expectedUs * 1.1) + 100_000);
        var convergence = Assert.Single(results.ReportCsv("convergence.csv"));
        Assert.True(double.TryParse(convergence["convergence_ms"], CultureInfo.InvariantCulture, out var meshMs) && meshMs * 1000 >= reportedUs,
            $"mesh convergence {convergence["convergence_ms"]} ms, peer-2's resync {reportedUs / 1000} ms");
    }

    /// <summary>
    /// When the reader held every update the other peers wrote inside the window before the heal, minus the heal:
    /// the definition, computed here from writes.csv, deliveries.csv and the coordinator's start.
    /// </summary>
    private static long CatchUpFromRawRecords(ResultFiles results, string reader, long healedAtUs)
    {
        var start = long.Parse(
            File.ReadAllLines(Path.Combine(results.Directory, "coordinator", "events.csv")).Single(l => l.Contains(",workload-scheduled,", StringComparison.Ordinal))
                .Split("start_at_unix_us=")[1].TrimEnd('"'),
            CultureInfo.InvariantCulture);
        var seen = results.Records<DeliveryRecord>(reader).GroupBy(d => (d.Writer, d.Seq)).ToDictionary(g => g.Key, g => g.Min(d => d.ReceivedAtUs));
        var caughtUp = healedAtUs;
        foreach (var writer in Enumerable.Range(1, 5).Select(i => $"peer-{i}").Where(p => p != reader))
        {
            foreach (var write in results.Records<WriteRecord>(writer).Where(w => w.Acknowledged && w.WrittenAtUs >= start && w.WrittenAtUs < healedAtUs))
            {
                Assert.True(seen.TryGetValue((writer, write.Seq), out var at), $"{reader} never received {writer}'s update {write.Seq}");
                caughtUp = Math.Max(caughtUp, at);
            }
        }

        return caughtUp - healedAtUs;
    }
}
