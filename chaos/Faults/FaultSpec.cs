using CMesh.Chaos.Mechanisms;
using CMesh.Chaos.Scenarios;

namespace CMesh.Chaos.Faults;

/// <summary>
/// One fault and its typed parameters. Each kind is a record of its own that refuses bad parameters when it is made
/// (a <see cref="Scenarios.ScenarioFieldException"/> naming the field), so whatever holds a fault holds a valid one.
/// How it is applied follows from the mechanism interface it implements (<see cref="Mechanisms"/>).
/// </summary>
public abstract record FaultSpec
{
    public abstract FaultKind Kind { get; }

    public virtual DurationRule DurationRule => DurationRule.Required;

    /// <summary>What the Docker host's kernel must offer for this fault, in the order they are checked.</summary>
    public virtual IEnumerable<KernelFeature> Needs => [];

    /// <summary>The fault in a few words, as `cmesh chaos ls` and the event log show it.</summary>
    public abstract override string ToString();
}
