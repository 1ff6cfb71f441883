using CMesh.Common.Contracts;
using CMesh.Coordinator;

namespace CMesh.Tests.Coordinator;

public sealed class MeshViewBuilderTests
{
    private static readonly TestPlan Plan = new(3, 1000, 16, 2, 4, 1000, 5000, null);
    private static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset LongAgo = Now.AddMinutes(-1);

    [Theory]
    [InlineData(500, NodeFreshness.Fresh)]
    [InlineData(2000, NodeFreshness.Fresh)]
    [InlineData(4000, NodeFreshness.Late)]
    [InlineData(6000, NodeFreshness.Silent)]
    public void A_node_is_fresh_within_two_heartbeat_intervals_late_within_the_timeout_then_silent(int ageMs, NodeFreshness expected)
    {
        var view = Build(MeshPhase.Forming, null, Peer("peer-1", heartbeatAgeMs: ageMs));

        Assert.Equal(expected, view.Nodes.Single().Freshness);
    }

    [Fact]
    public void A_link_both_ends_report_is_merged_into_one_with_the_worse_round_trip_and_the_older_receipt()
    {
        var view = Build(MeshPhase.Forming, null,
            Peer("peer-1", links: [Open("peer-2", rttMs: 0.5, lastDataMs: 100)]),
            Peer("peer-2", heartbeatAgeMs: 300, links: [Open("peer-1", rttMs: 0.9, lastDataMs: 50)]));

        var link = Assert.Single(view.Links);
        Assert.Equal(("peer-1", "peer-2", LinkHealth.Healthy), (link.A, link.B, link.Health));
        Assert.Equal(0.9, link.RttMs);
        Assert.Equal(350, link.LastDataAgeMs);
        Assert.Equal(["peer-1", "peer-2"], link.ReportedBy);
    }

    [Fact]
    public void A_link_only_one_end_has_open_for_a_while_is_one_sided()
    {
        var view = Build(MeshPhase.Forming, null, Peer("peer-1", links: [Open("peer-2")]), Peer("peer-2"));

        Assert.Equal(LinkHealth.OneSided, Assert.Single(view.Links).Health);
    }

    [Theory]
    [InlineData(3, 3_000, LinkHealth.OneSided)]
    [InlineData(100, 3_000, LinkHealth.Healthy)]
    [InlineData(100, 11_000, LinkHealth.OneSided)]
    public void A_link_one_end_reported_is_one_sided_only_once_the_other_end_had_two_beats_to_report_it(int peers, long openForMs, LinkHealth expected)
    {
        var plan = Plan with { Peers = peers };

        var view = MeshViewBuilder.Build(
            "run-1", MeshPhase.Forming, plan, null, [Peer("peer-1", links: [Open("peer-2") with { StateAgeMs = openForMs }]), Peer("peer-2")], Now);

        Assert.Equal(expected, Assert.Single(view.Links).Health);
    }

    [Fact]
    public void A_link_with_a_late_heartbeat_at_either_end_has_heartbeats_late()
    {
        var view = Build(MeshPhase.Forming, null,
            Peer("peer-1", links: [Open("peer-2")]),
            Peer("peer-2", links: [Open("peer-1") with { Heartbeat = HeartbeatStatus.Late }]));

        Assert.Equal(LinkHealth.HeartbeatsLate, Assert.Single(view.Links).Health);
    }

    [Fact]
    public void A_link_without_updates_is_judged_to_carry_no_data_only_once_the_workload_has_run_past_the_write_interval_and_the_freshness_bound()
    {
        LinkSnapshot Quiet(string remote) => Open(remote) with { LastUpdateAgeMs = 9000 };
        RegisteredPeer[] peers = [Peer("peer-1", links: [Quiet("peer-2")]), Peer("peer-2", links: [Quiet("peer-1")])];

        Assert.Equal(LinkHealth.Healthy, Build(MeshPhase.Forming, null, peers).Links.Single().Health);
        Assert.Equal(LinkHealth.Healthy, Build(MeshPhase.Running, Now.AddSeconds(-5.5), peers).Links.Single().Health);
        Assert.Equal(LinkHealth.NoData, Build(MeshPhase.Running, LongAgo, peers).Links.Single().Health);
    }

    [Theory]
    [InlineData(20_000, LinkHealth.Healthy)]
    [InlineData(29_000, LinkHealth.Healthy)]
    [InlineData(31_000, LinkHealth.NoData)]
    public void Writing_every_25_s_a_link_may_carry_no_update_for_the_interval_plus_the_freshness_bound(long lastUpdateAgeMs, LinkHealth expected)
    {
        var plan = Plan with { WriteIntervalMs = 25_000 };
        LinkSnapshot Quiet(string remote) => Open(remote) with { LastUpdateAgeMs = lastUpdateAgeMs };

        var view = MeshViewBuilder.Build("run-1", MeshPhase.Running, plan, Now.AddMinutes(-5), [Peer("peer-1", links: [Quiet("peer-2")]), Peer("peer-2", links: [Quiet("peer-1")])], Now);

        Assert.Equal(expected, view.Links.Single().Health);
        Assert.Equal((25_000, 5000), (view.WriteIntervalMs, view.FreshnessBoundMs));
    }

    [Fact]
    public void Writing_every_25_s_no_link_is_judged_before_every_writer_has_had_its_first_write_due_and_passed_on()
    {
        var plan = Plan with { WriteIntervalMs = 25_000 };
        LinkSnapshot Silent(string remote) => Open(remote) with { LastUpdateAgeMs = null, StateAgeMs = 60_000 };
        RegisteredPeer[] peers = [Peer("peer-1", links: [Silent("peer-2")]), Peer("peer-2", links: [Silent("peer-1")])];

        Assert.Equal(LinkHealth.Healthy, MeshViewBuilder.Build("run-1", MeshPhase.Running, plan, Now.AddSeconds(-29), peers, Now).Links.Single().Health);
        Assert.Equal(LinkHealth.NoData, MeshViewBuilder.Build("run-1", MeshPhase.Running, plan, Now.AddSeconds(-31), peers, Now).Links.Single().Health);
    }

    [Fact]
    public void Writing_every_25_s_a_link_opened_20_s_ago_that_carried_nothing_yet_is_not_judged()
    {
        var plan = Plan with { WriteIntervalMs = 25_000 };
        LinkSnapshot Young(string remote) => Open(remote) with { LastUpdateAgeMs = null, StateAgeMs = 20_000 };

        var view = MeshViewBuilder.Build("run-1", MeshPhase.Running, plan, LongAgo, [Peer("peer-1", links: [Young("peer-2")]), Peer("peer-2", links: [Young("peer-1")])], Now);

        Assert.Equal(LinkHealth.Healthy, view.Links.Single().Health);
    }

    [Theory]
    [InlineData(GossipRole.Eager, GossipRole.Eager, GossipRole.Eager)]
    [InlineData(GossipRole.Lazy, GossipRole.Lazy, GossipRole.Lazy)]
    [InlineData(GossipRole.Eager, GossipRole.Lazy, GossipRole.Eager)]
    [InlineData(GossipRole.Lazy, null, GossipRole.Lazy)]
    [InlineData(null, null, null)]
    public void A_lazy_push_link_is_eager_when_either_end_pushes_on_it_and_lazy_when_the_ends_only_announce(
        GossipRole? one, GossipRole? other, GossipRole? merged)
    {
        var view = Build(MeshPhase.Running, Now,
            Peer("peer-1", links: [Open("peer-2") with { Gossip = one }]),
            Peer("peer-2", links: [Open("peer-1") with { Gossip = other }]));

        Assert.Equal(merged, Assert.Single(view.Links).Gossip);
    }

    [Fact]
    public void Failed_dials_and_closes_are_shown_on_the_node_not_as_links()
    {
        var failed = new LinkSnapshot("peer-3", LinkState.Failed, "out", "Connection refused", FailureKind.Refused, Failures: 2);

        var view = Build(MeshPhase.Forming, null, Peer("peer-1", links: [failed]));

        Assert.Empty(view.Links);
        Assert.Equal(failed, Assert.Single(view.Nodes.Single().FailingLinks));
    }

    private static MeshView Build(MeshPhase phase, DateTimeOffset? startAt, params RegisteredPeer[] peers) =>
        MeshViewBuilder.Build("run-1", phase, Plan, startAt, peers, Now);

    private static RegisteredPeer Peer(string id, int heartbeatAgeMs = 0, IReadOnlyList<LinkSnapshot>? links = null) =>
        new(id, "10.1.0.1:7100", "10.0.0.1:7101", PeerState.Ready, 0, 0, Now.AddMilliseconds(-heartbeatAgeMs),
            new NodeHealth(60, "10.0.0.1:7101", links ?? [], 0, 0, 0, 1, null), 0, 0);

    private static LinkSnapshot Open(string remote, double rttMs = 0.5, long lastDataMs = 100) =>
        new(remote, LinkState.Open, "out", RttMs: rttMs, Heartbeat: HeartbeatStatus.Ok, LastHeartbeatAgeMs: 200, LastDataAgeMs: lastDataMs,
            LastUpdateAgeMs: 300, StateAgeMs: 60_000);
}
