
namespace CMesh.Chaos.Partitions;

/// <summary>
/// Who stops hearing whom in a partition (Jepsen's grudge): for each peer, the peers whose packets it drops. A cut
/// both ways is a grudge on each side; a one-way cut from side A to side B is a grudge of B's peers against A.
/// </summary>
public static class Grudges
{
    /// <param name="targets">The peers the partition acts on, in mesh order.</param>
    /// <param name="allPeers">Every peer of the mesh; an isolated peer is cut off from all of them.</param>
    /// <param name="nodeOf">The node each peer runs on, for the nodes layout; a local run has none.</param>
    /// <exception cref="InvalidOperationException">The nodes layout on targets that are not on two nodes or more.</exception>
    public static PartitionDraw Draw(
        PartitionLayout layout, bool oneWay, IReadOnlyList<string> targets, IReadOnlyList<string> allPeers, Random random, IReadOnlyDictionary<string, string>? nodeOf = null)
    {
        if (layout.Shape == PartitionShape.MajoritiesRing)
        {
            return Ring(targets, random);
        }

        var groups = layout.Shape == PartitionShape.Nodes ? ByNode(targets, nodeOf ?? new Dictionary<string, string>()) : Groups(layout, targets, allPeers, random);
        var bridge = layout.Shape == PartitionShape.Bridge ? targets.Except(groups.SelectMany(g => g)).Single() : null;
        return new PartitionDraw(
            string.Join(oneWay ? " -/-> " : " | ", groups.Select(g => string.Join(' ', g))) + (bridge is null ? "" : $", bridged by {bridge}"),
            FromGroups(groups, oneWay));
    }

    /// <summary>The fewest targets a layout needs to mean anything.</summary>
    public static int MinimumTargets(PartitionLayout layout) => layout.Shape switch
    {
        PartitionShape.IsolateOne => 1,
        PartitionShape.Bridge => 3,
        PartitionShape.MajoritiesRing => 3,
        PartitionShape.Islands => layout.Islands,
        _ => 2,
    };

    private static IReadOnlyDictionary<string, IReadOnlySet<string>> FromGroups(IReadOnlyList<IReadOnlyList<string>> groups, bool oneWay)
    {
        var grudges = new Dictionary<string, HashSet<string>>();
        for (var from = 0; from < groups.Count; from++)
        {
            for (var to = 0; to < groups.Count; to++)
            {
                // Side `to` stops hearing side `from`; a one-way cut stops only the first side's traffic to the second.
                if (from != to && (!oneWay || (from, to) == (0, 1)))
                {
                    foreach (var member in groups[to])
                    {
                        (grudges.TryGetValue(member, out var heard) ? heard : grudges[member] = []).UnionWith(groups[from]);
                    }
                }
            }
        }

        return grudges.ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Value);
    }

    /// <summary>The sides a layout makes of the targets; a bridge's middle peer belongs to none and hears both.</summary>
    private static IReadOnlyList<IReadOnlyList<string>> Groups(PartitionLayout layout, IReadOnlyList<string> targets, IReadOnlyList<string> allPeers, Random random)
    {
        var shuffled = targets.ToArray();
        random.Shuffle(shuffled);
        var half = targets.Count / 2;
        var majority = targets.Count / 2 + 1;
        var bridgeSide = (targets.Count - 1) / 2;
        return layout.Shape switch
        {
            PartitionShape.IsolateOne => [[shuffled[0]], allPeers.Where(p => p != shuffled[0]).ToList()],
            PartitionShape.Halves => [targets.Take(half).ToList(), targets.Skip(half).ToList()],
            PartitionShape.RandomHalves => [Ordered(shuffled.Take(half), targets), Ordered(shuffled.Skip(half), targets)],
            PartitionShape.MajorityMinority => [Ordered(shuffled.Take(majority), targets), Ordered(shuffled.Skip(majority), targets)],
            PartitionShape.Bridge => [Ordered(shuffled.Skip(1).Take(bridgeSide), targets), Ordered(shuffled.Skip(1 + bridgeSide), targets)],
            _ => Enumerable.Range(0, layout.Islands)
                .Select(island => (IReadOnlyList<string>)Ordered(shuffled.Where((_, i) => i % layout.Islands == island), targets))
                .ToList(),
        };
    }

    /// <summary>
    /// The targets sit on a ring in random order; each hears itself and the next ⌊n/2⌋ along it, a majority, and
    /// drops the rest, so every peer sees a majority and no two see the same one.
    /// </summary>
    private static PartitionDraw Ring(IReadOnlyList<string> targets, Random random)
    {
        var ring = targets.ToArray();
        random.Shuffle(ring);
        var heard = ring.Length / 2;
        return new PartitionDraw(
            $"ring {string.Join(' ', ring)}, each hearing the next {heard}",
            Enumerable.Range(0, ring.Length).ToDictionary(
                i => ring[i],
                i => (IReadOnlySet<string>)ring.Where((_, j) => (j - i + ring.Length) % ring.Length > heard).ToHashSet()));
    }

    private static IReadOnlyList<IReadOnlyList<string>> ByNode(IReadOnlyList<string> targets, IReadOnlyDictionary<string, string> nodeOf)
    {
        if (targets.FirstOrDefault(t => !nodeOf.ContainsKey(t)) is { } unplaced)
        {
            throw new InvalidOperationException($"partition nodes groups the targets by the swarm node they run on, and {unplaced} runs on none: it is for --runner swarm runs");
        }

        var groups = targets.GroupBy(t => nodeOf[t]).Select(g => (IReadOnlyList<string>)g.ToList()).ToList();
        return groups.Count >= 2
            ? groups
            : throw new InvalidOperationException($"partition nodes needs targets on two nodes or more, and all {targets.Count} run on {nodeOf[targets[0]]}");
    }

    private static List<string> Ordered(IEnumerable<string> chosen, IReadOnlyList<string> order)
    {
        var set = chosen.ToHashSet();
        return order.Where(set.Contains).ToList();
    }
}

/// <summary>One drawing of a partition: its sides in words, and who drops whose packets.</summary>
public sealed record PartitionDraw(string Description, IReadOnlyDictionary<string, IReadOnlySet<string>> Grudges);
