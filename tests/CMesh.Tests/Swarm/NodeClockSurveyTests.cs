using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Results;
using CMesh.Docker.Swarm;
using CMesh.Report.Input;
using CMesh.Tests.Clocks;
using CMesh.Tests.Coordinator;

namespace CMesh.Tests.Swarm;

public sealed class NodeClockSurveyTests : IDisposable
{
    private static readonly ClockEstimate Coordinator = new(10_000, 100, 200, 8);

    private static readonly Dictionary<string, string> Placement = new()
    {
        ["coordinator"] = "node-a", ["peer-1"] = "node-a", ["peer-2"] = "node-b", ["peer-3"] = "node-b", ["peer-4"] = "node-c", ["peer-5"] = "node-c", ["peer-6"] = "node-c",
    };

    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-survey-").FullName;

    [Fact]
    public async Task A_node_s_clock_is_the_coordinator_s_plus_its_peer_s_from_the_coordinator_with_the_tightest_sum_of_bounds_kept()
    {
        var relay = new FakeRelay(Coordinator)
            .Peer("peer-2", new ClockEstimate(5_000, 300, 600, 8))
            .Peer("peer-3", new ClockEstimate(5_050, 150, 300, 6))
            .Peer("peer-4", new ClockEstimate(-2_000_000, 40, 80, 8))
            .Peer("peer-5", new ClockEstimate(-2_000_100, 900, 1_800, 8));

        var survey = await new NodeClockSurvey(relay).MeasureAsync(Placement, CancellationToken.None);

        Assert.Empty(survey.Unmeasured);
        Assert.Equal(
            [new NodeClock("node-a", 10_000, 100, 8), new NodeClock("node-b", 15_050, 250, 6), new NodeClock("node-c", -1_990_000, 140, 8)],
            survey.Clocks!.Nodes);
        Assert.Same(Placement, survey.Clocks.Placement);
    }

    [Fact]
    public async Task The_manager_s_node_is_the_coordinator_s_clock_and_at_most_two_peers_of_any_other_node_are_asked()
    {
        var relay = new FakeRelay(Coordinator)
            .Peer("peer-2", new ClockEstimate(1, 1, 2, 8)).Peer("peer-3", new ClockEstimate(1, 1, 2, 8))
            .Peer("peer-4", new ClockEstimate(1, 1, 2, 8)).Peer("peer-5", new ClockEstimate(1, 1, 2, 8)).Peer("peer-6", new ClockEstimate(1, 1, 2, 8));

        await new NodeClockSurvey(relay, peersPerNode: 2).MeasureAsync(Placement, CancellationToken.None);

        Assert.Equal(["peer-2", "peer-3", "peer-4", "peer-5"], relay.Asked.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_peer_that_cannot_be_measured_leaves_its_node_to_the_other_peer_asked()
    {
        var relay = new FakeRelay(Coordinator)
            .Peer("peer-2", new ClockEstimate(5_000, 300, 600, 8)).Fails("peer-3", "no answer")
            .Peer("peer-4", new ClockEstimate(0, 10, 20, 8)).Peer("peer-5", new ClockEstimate(0, 10, 20, 8));

        var survey = await new NodeClockSurvey(relay).MeasureAsync(Placement, CancellationToken.None);

        Assert.Empty(survey.Unmeasured);
        Assert.Equal(new NodeClock("node-b", 15_000, 400, 8), survey.Clocks!.Nodes.Single(n => n.Node == "node-b"));
    }

    [Fact]
    public async Task A_node_none_of_whose_peers_can_be_measured_is_named_written_without_offset_and_its_members_are_not_corrected()
    {
        var relay = new FakeRelay(Coordinator)
            .Peer("peer-2", new ClockEstimate(5_000, 300, 600, 8)).Peer("peer-3", new ClockEstimate(5_000, 300, 600, 8))
            .Fails("peer-4", "connection refused").Fails("peer-5", "timed out");
        var survey = await new NodeClockSurvey(relay).MeasureAsync(Placement, CancellationToken.None);

        await Manifest(survey.Clocks).WriteAsync(_results, CancellationToken.None);
        var read = RunInfo.Read(_results, new InputTally()).Clocks;

        Assert.Equal("node-c: peer-4: connection refused; peer-5: timed out", Assert.Single(survey.Unmeasured));
        Assert.Equal(["node-a", "node-b"], read!.Nodes.Select(n => n.Node));
        Assert.Equivalent(Placement, read.Placement, strict: true);
        var correction = new ClockCorrection(read);
        Assert.True(correction.Corrects);
        Assert.Equal(["peer-4", "peer-5", "peer-6"], correction.Unplaced(Placement.Keys));
    }

    [Fact]
    public async Task Without_the_coordinator_s_clock_no_node_can_be_measured_and_there_is_no_clocks_section()
    {
        var relay = new FakeRelay(null).Peer("peer-2", new ClockEstimate(5_000, 300, 600, 8));

        var survey = await new NodeClockSurvey(relay).MeasureAsync(Placement, CancellationToken.None);

        Assert.Null(survey.Clocks);
        Assert.StartsWith("node-a (the coordinator's node", Assert.Single(survey.Unmeasured));
        Assert.Empty(relay.Asked);
    }

    [Fact]
    public async Task Through_a_real_coordinator_10_s_ahead_a_node_90_minutes_ahead_is_found_within_its_stated_bound()
    {
        var quick = new ClockSampling(4, TimeSpan.FromMilliseconds(5));
        await using var ahead = await SkewedClockServer.StartAsync(TimeSpan.FromMinutes(90));
        await using var behind = await SkewedClockServer.StartAsync(TimeSpan.FromSeconds(-42));
        await using var coordinator = await InProcessCoordinator.StartAsync(new TestPlan(4, 1000, 16, 2, 4, 1000, 5000, null), _results, new SkewedClock(TimeSpan.FromSeconds(10)), peerClockSampling: quick);
        await coordinator.RegisterAsync("peer-2", "10.1.0.2:7100", ahead.Endpoint);
        await coordinator.RegisterAsync("peer-3", "10.1.0.3:7100", ahead.Endpoint);
        await coordinator.RegisterAsync("peer-4", "10.1.0.4:7100", behind.Endpoint);
        using var api = new CoordinatorApi(new HttpClient { BaseAddress = coordinator.Address, Timeout = TimeSpan.FromSeconds(10) });
        var placement = new Dictionary<string, string> { ["coordinator"] = "node-a", ["peer-1"] = "node-a", ["peer-2"] = "node-b", ["peer-3"] = "node-b", ["peer-4"] = "node-c" };

        var survey = await new NodeClockSurvey(new CoordinatorClockRelay(api, TimeProvider.System, quick)).MeasureAsync(placement, CancellationToken.None);

        Assert.Empty(survey.Unmeasured);
        var nodes = survey.Clocks!.Nodes.ToDictionary(n => n.Node);
        AssertWithin(TimeSpan.FromSeconds(10), nodes["node-a"]);
        AssertWithin(TimeSpan.FromMinutes(90), nodes["node-b"]);
        AssertWithin(TimeSpan.FromSeconds(-42), nodes["node-c"]);
        Assert.True(nodes["node-b"].ErrorBoundUs > nodes["node-a"].ErrorBoundUs, "a node measured through the coordinator carries both legs' bounds");
    }

    [Fact]
    public void Through_a_relay_offsets_and_bounds_add_and_the_fewer_samples_count()
    {
        var composed = new ClockEstimate(10_000, 100, 200, 8).Then(new ClockEstimate(-25_000, 40, 80, 6));

        Assert.Equal(new ClockEstimate(-15_000, 140, 280, 6), composed);
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private static void AssertWithin(TimeSpan truth, NodeClock clock) =>
        Assert.InRange((long)truth.TotalMicroseconds, clock.OffsetUs - clock.ErrorBoundUs, clock.OffsetUs + clock.ErrorBoundUs);

    private static RunManifest Manifest(RunClocks? clocks) => new(
        "r", "cmesh run 6 --runner swarm", new TestPlan(6, 1000, 16, 2, 4, 1000, 5000, 30),
        new RunImages("base", "sha256:1", "coordinator", "sha256:2", "peer", "sha256:3"),
        new HostFacts("node-a", 2, 1 << 30, "Linux", "6.1", "27.0", "1.47", "swarm"),
        DateTimeOffset.UnixEpoch.AddYears(57), Clocks: clocks);

    /// <summary>The coordinator's clock and each peer's as set, or a failure; records which peers were asked.</summary>
    private sealed class FakeRelay(ClockEstimate? coordinator) : IClockRelay
    {
        private readonly Dictionary<string, ClockEstimate> _peers = [];
        private readonly Dictionary<string, string> _failures = [];

        public List<string> Asked { get; } = [];

        public FakeRelay Peer(string peerId, ClockEstimate estimate)
        {
            _peers[peerId] = estimate;
            return this;
        }

        public FakeRelay Fails(string peerId, string why)
        {
            _failures[peerId] = why;
            return this;
        }

        public Task<ClockEstimate> CoordinatorAsync(CancellationToken ct) =>
            coordinator is { } known ? Task.FromResult(known) : throw new HttpRequestException("the coordinator did not answer within 10 s");

        public Task<ClockEstimate> PeerAsync(string peerId, CancellationToken ct)
        {
            lock (Asked)
            {
                Asked.Add(peerId);
            }

            return _failures.TryGetValue(peerId, out var why) ? throw new HttpRequestException(why) : Task.FromResult(_peers[peerId]);
        }
    }
}
