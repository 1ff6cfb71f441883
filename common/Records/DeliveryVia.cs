namespace CMesh.Common.Records;

/// <summary>What deliveries.csv's via says of how an update first arrived.</summary>
public static class DeliveryVia
{
    /// <summary>Flooded: every peer passes a new update to all its other links (--gossip flood).</summary>
    public const string Flood = "flood";

    /// <summary>Pushed along its writer's eager tree of lazy-push gossip (--gossip lazy).</summary>
    public const string Eager = "eager";

    /// <summary>Asked for with a graft after an announcement, because no push brought it in time (--gossip lazy).</summary>
    public const string Graft = "graft";

    /// <summary>Asked for, after an announcement, from a neighbour other than the parent whose push ran late; the tree stays as it was (--gossip lazy).</summary>
    public const string Fetch = "fetch";

    /// <summary>Anti-entropy: sent because the version vectors showed this peer lacked it.</summary>
    public const string Sync = "sync";

    /// <summary>Seen by an engine behind an adapter, which does not say how it came.</summary>
    public const string Engine = "engine";

    public static IReadOnlyList<string> All { get; } = [Flood, Eager, Graft, Fetch, Sync, Engine];
}
