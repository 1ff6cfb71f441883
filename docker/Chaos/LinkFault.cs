namespace CMesh.Docker.Chaos;

/// <summary>A fault on the data link of each target (tc netem or tbf), within its scope.</summary>
public abstract record LinkFault(LinkScope Scope) : FaultSpec;
