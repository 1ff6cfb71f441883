using CMesh.Common.Records;

namespace CMesh.EndToEnd.Tests;

[Collection(MeshCollection.Name)]
public sealed class ResyncTests
{
    [Fact]
    public async Task A_peer_paused_long_enough_to_lose_its_links_resyncs_after_the_heal_and_ends_in_the_same_state_as_the_others()
    {
        var results = new ResultFiles("e2e-resync");
        await using var run = await StartedRun.StartAsync("e2e-resync", "10");
        await Task.Delay(TimeSpan.FromSeconds(5));

        await Shell.DockerAsync("pause", "cmesh-e2e-resync-peer-5");
        await Task.Delay(TimeSpan.FromSeconds(12));
        // Taken before the unpause: neighbours' dials wait in the paused peer's accept queue, so its catch-up can
        // complete within milliseconds of the unpause, before the docker command has even returned.
        var unpausingAtUs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        await Shell.DockerAsync("unpause", "cmesh-e2e-resync-peer-5");
        // A link may also have been re-made before the pause: only the catch-up after it counts here.
        IEnumerable<ReconnectRecord> AfterThePause() => results.Records<ReconnectRecord>("peer-5").Where(r => r.Trigger == "reconnect" && r.CompletedAtUs >= unpausingAtUs);
        await Eventually.TrueAsync(() => AfterThePause().Any(), TimeSpan.FromSeconds(60), "peer-5 never recorded a completed resync after it was unpaused");

        var stop = await run.StopAsync();

        Assert.True(stop.ExitCode == 0, stop.ToString());
        var missing = AfterThePause().Max(r => r.MissingUpdates);
        Assert.True(missing >= 5, $"peer-5 lacked only {missing} updates after 12 s away");
        Assert.Contains(results.Records<DeliveryRecord>("peer-5"), d => d.Via == "sync");
        var neighbourClosures = Enumerable.Range(1, 10).Where(i => i != 5)
            .SelectMany(i => results.Records<LinkEventRecord>($"peer-{i}"))
            .Where(e => e.Event == "close" && e.RemotePeer == "peer-5");
        Assert.Contains(neighbourClosures, e => e.Detail.Contains("heartbeat timeout"));

        Assert.Single(Enumerable.Range(1, 10).Select(i => results.StateDigest($"peer-{i}")).Distinct());
    }

    [Fact]
    public async Task A_restarted_peer_keeps_its_state_from_its_journal_goes_on_writing_and_catches_up()
    {
        var results = new ResultFiles("e2e-restart");
        await using var run = await StartedRun.StartAsync("e2e-restart", "4");
        await Task.Delay(TimeSpan.FromSeconds(5));
        var writtenBefore = results.Records<WriteRecord>("peer-3").Count;

        await Shell.DockerAsync("restart", "-t", "10", "cmesh-e2e-restart-peer-3");
        await Eventually.TrueAsync(
            () => results.Records<WriteRecord>("peer-3").Count >= writtenBefore + 3, TimeSpan.FromSeconds(60), "peer-3 did not write again after its restart");

        var stop = await run.StopAsync();

        Assert.True(stop.ExitCode == 0, stop.ToString());
        var sequences = results.Records<WriteRecord>("peer-3").Select(r => r.Seq).ToList();
        Assert.Equal(Enumerable.Range(1, sequences.Count).Select(i => (long)i), sequences);
        Assert.True(results.Summary("peer-3").RestoredFromJournal > 0, "the restarted peer did not restore its journal");
        Assert.Single(Enumerable.Range(1, 4).Select(i => results.StateDigest($"peer-{i}")).Distinct());
    }
}
