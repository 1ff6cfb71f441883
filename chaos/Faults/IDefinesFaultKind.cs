
namespace CMesh.Chaos.Faults;

/// <summary>A fault record that defines a kind of its own; <see cref="FaultKinds"/> registers every one.</summary>
public interface IDefinesFaultKind
{
    static abstract FaultKind Definition { get; }
}
