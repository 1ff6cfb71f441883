using CMesh.Chaos.Mechanisms;

namespace CMesh.Chaos.Faults;

/// <summary>A fault on the data link of each target (tc netem or tbf), within its scope.</summary>
public abstract record LinkFault(LinkScope Scope) : FaultSpec, IShapedFault
{
    public abstract LinkQdisc Qdisc { get; }

    public override IEnumerable<KernelFeature> Needs => Scope.Needs.Prepend(Qdisc.Needs);
}
