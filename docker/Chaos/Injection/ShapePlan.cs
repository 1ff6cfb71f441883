using CMesh.Chaos.Faults;
using CMesh.Chaos.Mechanisms;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>A link fault shaped with tc (netem or tbf) on each target's data interface.</summary>
internal sealed class ShapePlan(INetworkShell shell, LinkQdisc qdisc, IReadOnlyList<MemberShape> shapes, TimeProvider clock) : IFaultPlan
{
    public string Mechanism => qdisc.Needs == KernelFeature.Tbf ? "tbf" : "netem";

    public IReadOnlyList<string> Describe() =>
        shapes.SelectMany(s => PlanFor(s).Apply.Select(line => $"{s.Member.Name}: {CommandText.Of(line)}")).ToList();

    public async Task<IAppliedFault> ApplyAsync(CancellationToken ct)
    {
        await AllOrNothing.ApplyAsync(shapes, (s, token) => shell.RunAsync(s.Member, ApplyScript(s), token), RemoveAsync, clock, ct);
        return new RevertWith(token => AllOrNothing.UndoAllAsync(shapes, RemoveAsync, token));
    }

    /// <summary>The tc commands with the interface as $dev, which the script finds by the member's data address.</summary>
    private TrafficControlPlan PlanFor(MemberShape shape) => TrafficControlPlan.For(qdisc, "$dev", shape.Direction, shape.Destinations);

    private Task RemoveAsync(MemberShape shape, CancellationToken ct) =>
        GoneMembers.IgnoringGoneAsync(() => shell.RunAsync(shape.Member, RevertScript(shape), ct));

    /// <summary>
    /// The member's apply script: it finds the interface holding the member's data address and refuses one that is
    /// shaped already (tc faults on one interface do not stack); if a command then fails, a trap takes off what
    /// the script had added before it exits, so a member is never left half shaped.
    /// </summary>
    private IReadOnlyList<string> ApplyScript(MemberShape shape)
    {
        var plan = PlanFor(shape);
        return Shell(
            shape,
            [
            "set -e",
            "root=$(tc qdisc show dev $dev root)",
            "case \"$root\" in *noqueue*) ;; *) echo \"$dev is shaped already ($root): faults on one interface do not stack\" >&2; exit 1 ;; esac",
            $"trap '{string.Join("; ", plan.Revert.Select(Tolerant))}' EXIT",
            .. plan.Apply.Select(c => string.Join(' ', c)),
            "trap - EXIT",
            ]);
    }

    /// <summary>The revert script runs every command, since some parts may never have been applied.</summary>
    private IReadOnlyList<string> RevertScript(MemberShape shape) => Shell(shape, [.. PlanFor(shape).Revert.Select(Tolerant)]);

    private static string Tolerant(IReadOnlyList<string> command) => string.Join(' ', command) + " 2>/dev/null || true";

    private static IReadOnlyList<string> Shell(MemberShape shape, IEnumerable<string> lines)
    {
        var ip = shape.Member.DataIpOrThrow;
        return
        [
            "sh", "-c",
            string.Join('\n', [
                $"dev=$(ip -o -4 addr show to {ip}/32 | cut -d' ' -f2)",
                $"[ -n \"$dev\" ] || {{ echo 'no interface holds {ip}' >&2; exit 1; }}",
                .. lines]),
        ];
    }
}

/// <summary>One target's part of a tc fault: the direction and, when limited, the destination addresses.</summary>
internal sealed record MemberShape(MeshMember Member, LinkDirection Direction, IReadOnlyList<string>? Destinations);
