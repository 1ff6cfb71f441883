
namespace CMesh.Chaos.Mechanisms;

/// <summary>The queueing discipline that carries a link fault: its tc arguments and the kernel feature it needs.</summary>
public sealed record LinkQdisc(KernelFeature Needs, IReadOnlyList<string> Arguments)
{
    public static LinkQdisc Netem(IEnumerable<string> arguments) => new(KernelFeature.Netem, ["netem", .. arguments]);
}
