using CMesh.Chaos.Faults;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>A fault a session has applied and not yet ended.</summary>
public sealed record ActiveFault(string Id, FaultSpec Fault, IReadOnlyList<string> Targets, string Mechanism, IAppliedFault Applied);
