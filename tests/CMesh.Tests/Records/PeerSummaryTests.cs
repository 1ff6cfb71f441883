using System.Text.Json;
using CMesh.Common.Records;

namespace CMesh.Tests.Records;

/// <summary>summary.json read back through the record the peer writes it with, as the CLI, the report and the tests read it.</summary>
public sealed class PeerSummaryTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("cmesh-summary-").FullName;

    [Fact]
    public async Task A_summary_the_peer_wrote_reads_back_whole()
    {
        var written = new PeerSummary(
            "peer-1", "10.1.0.2:7100", "automerge", 120, 2280, 5, 2400, "9f2c", new Dictionary<string, long> { ["peer-1"] = 120, ["peer-2"] = 118 },
            ["peer-2", "peer-3"], "adapter exited")
        {
            StoppedAtUnixUs = 1_763_754_290_000_000,
        };
        await written.WriteAsync(_folder);

        Assert.Equivalent(written, PeerSummary.Read(_folder), strict: true);
        Assert.Equivalent(written, PeerSummary.TryRead(_folder), strict: true);
    }

    [Fact]
    public void A_peer_that_left_no_summary_has_none()
    {
        Assert.Null(PeerSummary.TryRead(_folder));
        Assert.Null(PeerSummary.TryRead(Path.Combine(_folder, "no-such-peer")));
        Assert.Throws<FileNotFoundException>(() => PeerSummary.Read(_folder));
    }

    [Theory]
    [InlineData("""{ "peerId": "peer-1", "dataEndpoint": "10.1.0.2:7100", "engine": "cmesh", "writ""")]
    [InlineData("")]
    [InlineData("null")]
    [InlineData("""{ "peerId": "peer-1", "written": "many" }""")]
    public void A_summary_cut_short_or_of_another_shape_cannot_be_read(string text)
    {
        File.WriteAllText(Path.Combine(_folder, PeerSummary.FileName), text);

        Assert.Null(PeerSummary.TryRead(_folder));
        Assert.Throws<JsonException>(() => PeerSummary.Read(_folder));
    }

    [Fact]
    public void A_summary_the_built_in_peer_wrote_before_it_shared_the_record_has_no_engine()
    {
        File.WriteAllText(Path.Combine(_folder, PeerSummary.FileName), """
            {
              "peerId": "peer-1",
              "dataEndpoint": "10.1.0.2:7100",
              "written": 20,
              "delivered": 40,
              "restoredFromJournal": 0,
              "stateUpdates": 60,
              "stateDigest": "9f2c",
              "versionVector": { "peer-1": 20 },
              "linksAtEnd": [ "peer-2" ],
              "stoppedAtUnixUs": 1763754290000000
            }
            """);

        var summary = PeerSummary.Read(_folder);

        Assert.Null(summary.Engine);
        Assert.Null(summary.EngineFailure);
        Assert.Equal(("9f2c", 60L, 20L), (summary.StateDigest, summary.StateUpdates, summary.VersionVector!["peer-1"]));
    }

    [Fact]
    public void A_summary_written_before_the_sync_engine_has_no_state()
    {
        File.WriteAllText(Path.Combine(_folder, PeerSummary.FileName), """
            { "peerId": "peer-1", "dataEndpoint": "10.1.0.2:7100", "written": 20, "delivered": 40, "linksAtEnd": [], "stoppedAtUnixUs": 1763754290000000 }
            """);

        var summary = PeerSummary.Read(_folder);

        Assert.Equal((null, null, 0L, 0L), (summary.StateDigest, summary.VersionVector, summary.StateUpdates, summary.RestoredFromJournal));
        Assert.Equal((20L, 40L), (summary.Written, summary.Delivered));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
