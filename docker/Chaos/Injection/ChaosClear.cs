using CMesh.Chaos.Faults;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Heals a run from what is actually on it, not from what any session remembers, so it also works after a CLI was
/// killed mid-fault: every running member loses the cmesh nft table, its data interface's qdiscs and the ifb
/// device; every running peer has drop-updates switched off; paused members are unpaused; members a fault stopped
/// are started; leftover helpers are removed; and faults the log still shows in force are recorded as ended
/// (cleared). On a swarm run it does this on every node, through each node's own engine.
/// </summary>
public sealed class ChaosClear(IDockerEngine engine, TimeProvider clock)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

        /// <returns>One line per thing undone, as "member: what".</returns>
    public async Task<IReadOnlyList<string>> ClearAsync(RunInventory run, string helperImage, string runDirectory)
    {
        using var limit = new CancellationTokenSource(Limit, clock);
        var ct = limit.Token;
        var log = ChaosEventLog.ForRun(runDirectory);
        var inForce = await log.ActiveAsync(ct);
        var undone = new List<string>();
        var began = UnixTime.NowMicros();
        using var reach = await MeshReach.OpenAsync(engine, run, clock, ct);
        await RemoveLeftoverToolsAsync(reach.Engines, run.RunId, ct);
        var members = await reach.Members.ReadAsync(ct);
        var stoppedByChaos = inForce.Where(e => FaultKinds.Parse(e.Kind).StopsMembers).SelectMany(e => e.TargetNames).ToHashSet();
        await using (var helpers = new HelperContainers(reach.Engines, run.RunId, helperImage, clock))
        {
            foreach (var member in members)
            {
                if (member.Paused)
                {
                    await reach.Lifecycle.UnpauseAsync(member, ct);
                    undone.Add($"{member.Name}: unpaused");
                }

                if (!member.Running && stoppedByChaos.Contains(member.Name))
                {
                    await reach.Lifecycle.StartAsync(member, ct);
                    undone.Add($"{member.Name}: started again");
                }
                else if (member.Running)
                {
                    var output = await helpers.RunAsync(member, ["sh", "-c", Script(member)], ct);
                    undone.AddRange(output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => $"{member.Name}: {line}"));
                    if (!member.IsCoordinator && await SwitchOffDropUpdatesAsync(reach.PeerFaults, member, ct) is { } switchedOff)
                    {
                        undone.Add($"{member.Name}: {switchedOff}");
                    }
                }
            }
        }

        foreach (var fault in inForce)
        {
            log.Record(ChaosEvent.End, fault.FaultId, fault.Kind, fault.Parameters, fault.TargetNames, fault.Mechanism, "cleared", began);
        }

        return undone;
    }

    /// <summary>Helpers and probes a killed CLI left, on every node's engine.</summary>
    private static async Task RemoveLeftoverToolsAsync(MemberEngines engines, string runId, CancellationToken ct)
    {
        foreach (var node in engines.All)
        {
            foreach (var leftover in (await node.Engine.Containers.ListAsync(MeshLabels.ForRun(runId), includeStopped: true, ct)).Where(IsChaosTool))
            {
                await node.Engine.Containers.RemoveAsync(leftover.Id, force: true, ct);
            }
        }
    }

    private static bool IsChaosTool(ContainerSummary container) =>
        container.Labels.GetValueOrDefault(MeshLabels.Role) is HelperContainers.HelperRole or CapabilityProbe.ProbeRole;

    /// <summary>What was switched off, or null when drop-updates was already off.</summary>
    private static async Task<string?> SwitchOffDropUpdatesAsync(PeerFaultSwitch peerFaults, MeshMember peer, CancellationToken ct)
    {
        try
        {
            var state = await peerFaults.SetAsync(peer, InAppFaults.DropUpdates, on: false, ct);
            return state.WasOn ? $"switched off {InAppFaults.DropUpdates} ({state.Dropped} update frames withheld)" : null;
        }
        catch (InAppFaultException e)
        {
            return $"could not check {InAppFaults.DropUpdates}: {e.Message}";
        }
    }

    /// <summary>Removes whatever any fault may have added in a member's namespace, saying what it found.</summary>
    private static string Script(MeshMember member)
    {
        var lines = new List<string>
        {
            $"if nft list table inet {PacketDrops.Table} >/dev/null 2>&1; then nft delete table inet {PacketDrops.Table} && echo 'removed nft table {PacketDrops.Table}'; fi",
        };
        if (member.DataIp is { } ip)
        {
            var ifb = TrafficControlPlan.IngressDevice;
            lines.Add($"dev=$(ip -o -4 addr show to {ip}/32 | cut -d' ' -f2)");
            lines.Add("[ -n \"$dev\" ] || exit 0");
            lines.Add("case \"$(tc qdisc show dev $dev root)\" in *noqueue*) ;; *) tc qdisc del dev $dev root && echo \"removed the root qdisc of $dev\" ;; esac");
            lines.Add("if tc qdisc show dev $dev ingress | grep -q ingress; then tc qdisc del dev $dev ingress && echo \"removed the ingress qdisc of $dev\"; fi");
            lines.Add($"if ip link show {ifb} >/dev/null 2>&1; then ip link del {ifb} && echo 'removed device {ifb}'; fi");
        }

        return string.Join('\n', lines);
    }
}
