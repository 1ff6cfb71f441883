using CMesh.Chaos.Faults;

namespace CMesh.Chaos.Mechanisms;

/// <summary>A link fault carried by a tc qdisc (netem or tbf) on each target's data interface, within its scope.</summary>
public interface IShapedFault
{
    LinkScope Scope { get; }

    LinkQdisc Qdisc { get; }
}
