using CMesh.Cli.Diagnose;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Diagnose;

public sealed class MeshDiagnosisTests
{
    private readonly FakeMesh _mesh = new();

    [Fact]
    public async Task A_healthy_mesh_passes_every_layer_and_has_no_verdict()
    {
        var report = await _mesh.Diagnosis().RunAsync(null, CancellationToken.None);

        Assert.True(report.Healthy);
        Assert.Equal(Enum.GetValues<DiagnosisLayer>(), report.Layers.Select(l => l.Layer));
        Assert.All(report.Layers, l => Assert.Equal(CheckStatus.Ok, l.Status));
    }

    [Fact]
    public async Task No_engine_is_the_engine_layer_and_nothing_above_is_checked()
    {
        _mesh.EngineError = "no Docker engine answers at unix:///var/run/docker.sock";

        var report = await _mesh.Diagnosis().RunAsync(null, CancellationToken.None);

        AssertVerdict(report, DiagnosisLayer.Engine, "docker engine", FailureMode.EngineUnavailable);
        Assert.All(report.Layers.Skip(1), l => Assert.Equal(CheckStatus.Skipped, l.Status));
    }

    [Fact]
    public async Task An_unknown_run_is_the_networks_layer()
    {
        var report = await _mesh.Diagnosis().RunAsync("run-9", CancellationToken.None);

        AssertVerdict(report, DiagnosisLayer.Networks, "run-9", FailureMode.NoRun);
    }

    [Fact]
    public async Task A_missing_data_network_is_named()
    {
        _mesh.Run = _mesh.Run! with { DataNetwork = false };

        AssertVerdict(await Diagnose(), DiagnosisLayer.Networks, "data network", FailureMode.NetworkMissing);
    }

    [Fact]
    public async Task An_exited_coordinator_container_is_the_coordinator_down()
    {
        _mesh.SetContainer("coordinator", "exited", "Exited (137) 5 seconds ago");

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.Containers, "coordinator", FailureMode.CoordinatorDown);
        Assert.Contains("Exited (137)", verdict.Detail);
    }

    [Fact]
    public async Task A_killed_peer_is_named_by_the_containers_layer()
    {
        _mesh.SetContainer("peer-2", "exited", "Exited (137) 1 second ago");

        AssertVerdict(await Diagnose(), DiagnosisLayer.Containers, "peer-2", FailureMode.PeerDown);
    }

    [Fact]
    public async Task A_chaos_helper_sharing_a_peers_namespace_has_no_network_of_its_own_and_that_is_fine()
    {
        _mesh.Run = _mesh.Run! with { Containers = [.. _mesh.Run.Containers, new ContainerFact("peer-2", "chaos-helper", "running", "Up 3 seconds", null)] };

        Assert.True((await Diagnose()).Healthy);
    }

    [Theory]
    [InlineData("control network", "cannot reach the coordinator")]
    [InlineData("data network", "no peer can reach it")]
    public async Task A_running_peer_cut_from_one_of_the_runs_networks_has_no_network(string network, string consequence)
    {
        _mesh.Run = _mesh.Run! with
        {
            Containers = _mesh.Run.Containers
                .Select(c => c.Member != "peer-3" ? c : network == "control network" ? c with { ControlIp = null } : c with { DataIp = null })
                .ToList(),
        };

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.Containers, "peer-3", FailureMode.NoNetwork);
        Assert.Contains(network, verdict.Detail);
        Assert.Contains(consequence, verdict.Detail);
    }

    [Theory]
    [InlineData(FailureKind.Refused, FailureMode.ConnectionRefused)]
    [InlineData(FailureKind.Rejected, FailureMode.CoordinatorErroring)]
    [InlineData(FailureKind.Timeout, FailureMode.CoordinatorNotResponding)]
    public async Task The_coordinator_as_reached_from_the_host_gives_the_failure_mode(FailureKind failure, FailureMode expected)
    {
        _mesh.Reach = new Reachability(failure, failure == FailureKind.Rejected ? 500 : null, TimeSpan.FromSeconds(1), "as reached");

        AssertVerdict(await Diagnose(), DiagnosisLayer.Coordinator, "coordinator", expected);
    }

    [Fact]
    public async Task A_paused_coordinator_is_not_responding_and_the_verdict_says_it_is_paused()
    {
        _mesh.SetContainer("coordinator", "paused", "Up 1 minute (Paused)");
        _mesh.Reach = new Reachability(FailureKind.Timeout, null, TimeSpan.FromSeconds(3), "no answer within 3.0 s");

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.Coordinator, "coordinator", FailureMode.CoordinatorNotResponding);
        Assert.Contains("paused", verdict.Detail);
    }

    [Theory]
    [InlineData(FailureKind.Dns, FailureMode.CoordinatorDnsFailure)]
    [InlineData(FailureKind.Unreachable, FailureMode.NoNetwork)]
    [InlineData(FailureKind.Refused, FailureMode.ConnectionRefused)]
    public async Task Peers_that_cannot_reach_the_coordinator_say_why_though_the_host_can(FailureKind failure, FailureMode expected)
    {
        _mesh.Change("peer-2", n => n with { Freshness = NodeFreshness.Silent, HeartbeatAgeMs = 9000 });
        _mesh.CoordinatorSeenBy["peer-2"] = new CoordinatorLinkSnapshot(CoordinatorLinkState.Failed, "http://coordinator:7070/", 9000, null, failure, "Name or service not known", 9);

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.Coordinator, "coordinator as peer-2 see it", expected);
        Assert.Contains("9 failures in a row", verdict.Detail);
    }

    [Fact]
    public async Task A_peer_connected_to_a_coordinator_that_does_not_answer_sees_it_not_responding()
    {
        _mesh.Change("peer-3", n => n with { Freshness = NodeFreshness.Late });
        _mesh.CoordinatorSeenBy["peer-3"] = new CoordinatorLinkSnapshot(CoordinatorLinkState.Open, "http://coordinator:7070/", 4000, 1, FailureKind.Timeout, "no answer in time", 3);

        AssertVerdict(await Diagnose(), DiagnosisLayer.Coordinator, "coordinator as peer-3 see it", FailureMode.CoordinatorNotResponding);
    }

    [Fact]
    public async Task Discovery_returning_no_peer_for_the_swarm_key_is_the_discovery_layer()
    {
        _mesh.Discovered = 0;
        _mesh.Refused = 3;

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.Discovery, "discovery (swarm swarm-id)", FailureMode.NoPeersForSwarm);
        Assert.Contains("3 registrations refused for a wrong swarm key", verdict.Detail);
    }

    [Fact]
    public async Task A_peer_whose_heartbeats_stopped_is_not_responding()
    {
        _mesh.SetContainer("peer-3", "paused", "Up 1 minute (Paused)");
        _mesh.Change("peer-3", n => n with { Freshness = NodeFreshness.Silent, HeartbeatAgeMs = 12_000 });

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.PeerLinks, "peer-3", FailureMode.PeerNotResponding);
        Assert.Contains("paused", verdict.Detail);
    }

    [Fact]
    public async Task A_peer_with_no_link_and_no_candidate_found_none()
    {
        Isolate("peer-3", candidates: 0);

        AssertVerdict(await Diagnose(), DiagnosisLayer.PeerLinks, "peer-3", FailureMode.NoLinkCandidates);
    }

    [Theory]
    [InlineData(LinkState.Failed, FailureKind.Refused, "connection refused", FailureMode.DialFailing)]
    [InlineData(LinkState.Failed, FailureKind.Rejected, "refused: full", FailureMode.DialFailing)]
    [InlineData(LinkState.Failed, FailureKind.Timeout, "timeout", FailureMode.ReachabilityFailure)]
    [InlineData(LinkState.Failed, FailureKind.Unreachable, "No route to host", FailureMode.ReachabilityFailure)]
    [InlineData(LinkState.Closed, FailureKind.Timeout, "heartbeat timeout after 5012 ms of silence", FailureMode.LinkClosed)]
    public async Task A_peer_with_no_link_is_judged_by_its_latest_failed_dial_or_close(LinkState state, FailureKind failure, string reason, FailureMode expected)
    {
        Isolate("peer-3", candidates: 2, new LinkSnapshot("peer-1", state, "out", reason, failure, Failures: 4));

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.PeerLinks, "peer-3→peer-1", expected);
        Assert.Contains(reason, verdict.Detail);
    }

    [Fact]
    public async Task A_link_whose_heartbeats_go_unanswered_is_named_by_its_two_ends()
    {
        SetLinkHealth("peer-1", "peer-2", LinkHealth.HeartbeatsLate);

        AssertVerdict(await Diagnose(), DiagnosisLayer.PeerLinks, "peer-1↔peer-2", FailureMode.HeartbeatsFailing);
    }

    [Fact]
    public async Task A_link_up_with_heartbeats_but_no_updates_is_no_data()
    {
        SetLinkHealth("peer-2", "peer-3", LinkHealth.NoData);

        AssertVerdict(await Diagnose(), DiagnosisLayer.PeerLinks, "peer-2↔peer-3", FailureMode.NoData);
    }

    [Fact]
    public async Task Links_without_data_that_all_end_at_one_peer_name_that_peer()
    {
        SetLinkHealth("peer-1", "peer-2", LinkHealth.NoData);
        SetLinkHealth("peer-2", "peer-3", LinkHealth.NoData);

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.PeerLinks, "peer-2", FailureMode.NoData);
        Assert.StartsWith("2 of its 2 links (peer-1, peer-3) are connected with heartbeats answered", verdict.Detail);
    }

    [Fact]
    public async Task The_worst_peer_finding_is_the_verdict_and_the_others_are_listed_once_each()
    {
        SetLinkHealth("peer-2", "peer-3", LinkHealth.NoData);
        _mesh.Change("peer-1", n => n with { Freshness = NodeFreshness.Silent, HeartbeatAgeMs = 8000 });

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.PeerLinks, "peer-1", FailureMode.PeerNotResponding);
        Assert.Contains("and 1 more: peer-2↔peer-3", verdict.Detail);
    }

    [Fact]
    public async Task A_running_peer_without_fresh_updates_from_every_writer_is_the_data_path()
    {
        _mesh.Change("peer-2", n => n with { Writers = new WriterFreshness(2, 1, 14_200, 6000) });

        var verdict = AssertVerdict(await Diagnose(), DiagnosisLayer.DataPath, "peer-2", FailureMode.DataNotFlowing);
        Assert.Equal("fresh updates from 1 of 2 writers; stalest 14.2 s old (fresh within 6.0 s: the write interval plus the freshness bound)", verdict.Detail);
    }

    [Fact]
    public async Task Writing_every_25_s_the_data_path_is_judged_only_once_every_writer_had_its_first_write_due_and_passed_on()
    {
        _mesh.Mesh = _mesh.Mesh with { WriteIntervalMs = 25_000, StartAt = FakeMesh.Now.AddSeconds(-29) };
        _mesh.Change("peer-2", n => n with { Writers = new WriterFreshness(2, 1, -1, 30_000) });

        Assert.Equal(CheckStatus.Skipped, (await Diagnose()).Layers.Single(l => l.Layer == DiagnosisLayer.DataPath).Status);

        _mesh.Mesh = _mesh.Mesh with { StartAt = FakeMesh.Now.AddSeconds(-31) };

        AssertVerdict(await Diagnose(), DiagnosisLayer.DataPath, "peer-2", FailureMode.DataNotFlowing);
    }

    [Fact]
    public async Task The_data_path_is_not_judged_before_the_workload_runs()
    {
        _mesh.Mesh = _mesh.Mesh with { Phase = MeshPhase.Forming, StartAt = null };
        _mesh.Change("peer-2", n => n with { Writers = new WriterFreshness(2, 0, -1, 6000) });

        var report = await Diagnose();

        Assert.True(report.Healthy);
        Assert.Equal(CheckStatus.Skipped, report.Layers.Single(l => l.Layer == DiagnosisLayer.DataPath).Status);
    }

    private Task<DiagnosisReport> Diagnose() => _mesh.Diagnosis().RunAsync(null, CancellationToken.None);

    private void Isolate(string peerId, int candidates, params LinkSnapshot[] failing)
    {
        _mesh.Mesh = _mesh.Mesh with { Links = _mesh.Mesh.Links.Where(l => l.A != peerId && l.B != peerId).ToList() };
        _mesh.Change(peerId, n => n with { OpenLinks = 0, Candidates = candidates, FailingLinks = failing });
    }

    private void SetLinkHealth(string a, string b, LinkHealth health) =>
        _mesh.Mesh = _mesh.Mesh with { Links = _mesh.Mesh.Links.Select(l => l.A == a && l.B == b ? l with { Health = health } : l).ToList() };

    private static Verdict AssertVerdict(DiagnosisReport report, DiagnosisLayer layer, string component, FailureMode failure)
    {
        var verdict = Assert.IsType<Verdict>(report.Verdict);
        Assert.Equal((layer, component, failure), (verdict.Layer, verdict.Component, verdict.Failure));
        Assert.All(report.Layers.SkipWhile(l => l.Layer != layer).Skip(1), l => Assert.Equal(CheckStatus.Skipped, l.Status));
        return verdict;
    }
}
