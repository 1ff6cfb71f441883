using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Partitions;
using CMesh.Docker.Chaos.Injection;
using CMesh.Tests.Chaos.Injection.Fakes;

namespace CMesh.Tests.Chaos.Injection;

public sealed class FaultPlanTests
{
    private readonly FakeMesh _mesh = new(peers: 3);

    [Fact]
    public async Task Uncorrelated_loss_adds_a_drop_chain_on_every_receiver_and_its_revert_deletes_them()
    {
        var applied = await ApplyAsync(new LossFault(20, 0, LinkScope.Everywhere), "peer-1");
        var added = _mesh.Actions.Order().ToList();
        await applied.RevertAsync(CancellationToken.None);

        Assert.Equal(
            [
                $"peer-2: {Line(PacketDrops.AddChain("cmesh_a1_out", ["10.0.0.2"], 20))}",
                $"peer-3: {Line(PacketDrops.AddChain("cmesh_a1_out", ["10.0.0.2"], 20))}",
            ],
            added);
        Assert.Equal(
            [$"peer-2: {Line(PacketDrops.DeleteChain("cmesh_a1_out"))}", $"peer-3: {Line(PacketDrops.DeleteChain("cmesh_a1_out"))}"],
            _mesh.Actions.Skip(2).Order());
    }

    [Fact]
    public async Task Delay_puts_its_netem_qdisc_on_the_targets_interface_and_its_revert_deletes_the_root()
    {
        var applied = await ApplyAsync(new DelayFault(TimeSpan.FromMilliseconds(200), TimeSpan.Zero, 0, DelayDistribution.Normal, LinkScope.Everywhere), "peer-1");
        await applied.RevertAsync(CancellationToken.None);

        var (apply, revert) = (Assert.Single(_mesh.Actions, a => a.Contains("trap")), _mesh.Actions[^1]);
        Assert.StartsWith("peer-1: sh -c dev=$(ip -o -4 addr show to 10.0.0.2/32 | cut -d' ' -f2)", apply);
        Assert.Contains("; tc qdisc add dev $dev root handle 1: netem delay 200ms; trap - EXIT", apply);
        Assert.EndsWith("; tc qdisc del dev $dev root 2>/dev/null || true", revert);
    }

    [Fact]
    public async Task Pause_pauses_each_target_through_the_engine_and_its_revert_unpauses_them()
    {
        var applied = await ApplyAsync(new PauseFault(), "peer-1", "peer-3");
        await applied.RevertAsync(CancellationToken.None);

        Assert.Equal(["peer-1: pause", "peer-3: pause"], _mesh.Actions.Take(2).Order());
        Assert.Equal(["peer-1: unpause", "peer-3: unpause"], _mesh.Actions.Skip(2).Order());
    }

    [Fact]
    public async Task Kill_sends_the_signal_and_its_revert_lets_the_helper_go_before_starting_the_member_again()
    {
        var applied = await ApplyAsync(new KillFault("SIGTERM"), "peer-2");
        await applied.RevertAsync(CancellationToken.None);

        Assert.Equal(["peer-2: kill SIGTERM", "peer-2: forget helper", "peer-2: start"], _mesh.Actions);
    }

    [Fact]
    public async Task A_restart_stops_and_starts_at_once_and_leaves_nothing_to_revert()
    {
        var applied = await ApplyAsync(new RestartFault(TimeSpan.FromSeconds(3)), "peer-2");

        Assert.Same(NothingToRevert.Instance, applied);
        Assert.Equal(["peer-2: stop", "peer-2: forget helper", "peer-2: start"], _mesh.Actions);
    }

    [Fact]
    public async Task Drop_updates_is_switched_on_in_the_peer_and_off_again_by_its_revert()
    {
        var applied = await ApplyAsync(new DropUpdatesFault(), "peer-2");
        await applied.RevertAsync(CancellationToken.None);

        Assert.Equal(["peer-2: PUT /faults/drop-updates", "peer-2: DELETE /faults/drop-updates"], _mesh.Actions);
    }

    [Fact]
    public async Task A_partition_of_halves_drops_each_sides_packets_on_the_other_side()
    {
        await ApplyAsync(new PartitionFault(new PartitionLayout(PartitionShape.Halves, 0), OneWay: false), "peer-1", "peer-2");

        Assert.Equal(
            [$"peer-1: {Line(PacketDrops.AddChain("cmesh_a1", ["10.0.0.3"], null))}", $"peer-2: {Line(PacketDrops.AddChain("cmesh_a1", ["10.0.0.2"], null))}"],
            _mesh.Actions.Order());
    }

    [Fact]
    public async Task A_partition_of_nodes_drops_on_each_peer_what_the_peers_on_other_nodes_send()
    {
        var swarm = new FakeMesh(peers: 4, nodes: ["vm", "cmesh-n2"]);
        var planner = new FaultPlanner(swarm.Controls, FakeMesh.EveryKernelFeature, new Random(1));
        var notes = new List<string>();

        var plan = planner.Plan("a1", new PartitionFault(PartitionLayout.Parse("nodes"), OneWay: false), await swarm.ReadAsync(CancellationToken.None), ["peer-1", "peer-2", "peer-3", "peer-4"], notes.Add);
        await plan.ApplyAsync(CancellationToken.None);

        Assert.Equal(["peer-1 peer-3 | peer-2 peer-4"], notes);
        Assert.Equal(
            [
                $"peer-1: {Line(PacketDrops.AddChain("cmesh_a1", ["10.0.0.3", "10.0.0.5"], null))}",
                $"peer-2: {Line(PacketDrops.AddChain("cmesh_a1", ["10.0.0.2", "10.0.0.4"], null))}",
                $"peer-3: {Line(PacketDrops.AddChain("cmesh_a1", ["10.0.0.3", "10.0.0.5"], null))}",
                $"peer-4: {Line(PacketDrops.AddChain("cmesh_a1", ["10.0.0.2", "10.0.0.4"], null))}",
            ],
            swarm.Actions.Order());
    }

    [Fact]
    public async Task When_one_target_fails_the_targets_already_done_are_undone_and_the_failure_is_thrown()
    {
        _mesh.FailingMember = "peer-3";
        _mesh.FailingText = "add table";

        await Assert.ThrowsAsync<ChaosCommandException>(() => ApplyAsync(new LossFault(20, 0, LinkScope.Everywhere), "peer-1"));

        Assert.Equal(
            [$"peer-2: {Line(PacketDrops.AddChain("cmesh_a1_out", ["10.0.0.2"], 20))}", $"peer-2: {Line(PacketDrops.DeleteChain("cmesh_a1_out"))}"],
            _mesh.Actions);
    }

    [Fact]
    public async Task A_fault_the_kernel_cannot_do_is_refused_before_anything_is_touched()
    {
        var planner = new FaultPlanner(_mesh.Controls, new KernelCapabilities(new HashSet<KernelFeature> { KernelFeature.Nftables }), new Random(1));
        var members = await _mesh.ReadAsync(CancellationToken.None);

        var refused = Assert.Throws<MissingKernelFeatureException>(() =>
            planner.Plan("a1", new DelayFault(TimeSpan.FromMilliseconds(50), TimeSpan.Zero, 0, DelayDistribution.Normal, LinkScope.Everywhere), members, ["peer-1"], _ => { }));

        Assert.Equal(KernelFeature.Netem, refused.Feature);
        Assert.Empty(_mesh.Actions);
    }

    private async Task<IAppliedFault> ApplyAsync(FaultSpec fault, params string[] targets)
    {
        var planner = new FaultPlanner(_mesh.Controls, FakeMesh.EveryKernelFeature, new Random(1));
        var plan = planner.Plan("a1", fault, await _mesh.ReadAsync(CancellationToken.None), targets, _ => { });
        return await plan.ApplyAsync(CancellationToken.None);
    }

    private static string Line(IReadOnlyList<string> command) => string.Join(' ', command).ReplaceLineEndings("; ");
}
