namespace CMesh.EndToEnd.Tests;

/// <summary>The 3-node swarm most swarm tests run on: the host's engine as manager, cmesh-n2 and cmesh-n3 as workers.</summary>
public sealed class SwarmNodes() : LocalSwarm(Count)
{
    public const int Count = 3;
}

/// <summary>The test classes that use the 3-node swarm: one swarm for all of them, built once.</summary>
[CollectionDefinition(Name)]
public sealed class SwarmCollection : ICollectionFixture<SwarmNodes>
{
    public const string Name = "Docker Swarm of engines in network namespaces";
}

/// <summary>A swarm of the host's engine alone: the smallest swarm a user starts with (`docker swarm init`).</summary>
public sealed class OneNodeSwarm() : LocalSwarm(1);

[CollectionDefinition(Name)]
public sealed class OneNodeSwarmCollection : ICollectionFixture<OneNodeSwarm>
{
    public const string Name = "Docker Swarm of the host's engine alone";
}
