using System.Globalization;
using CMesh.Chaos.Values;

namespace CMesh.Chaos.Partitions;

/// <summary>How a partition groups the targeted peers into sides (Jepsen's grudges).</summary>
public enum PartitionShape
{
    /// <summary>One targeted peer, chosen at random, is cut off from every other peer.</summary>
    IsolateOne,

    /// <summary>The first half of the targets (in mesh order, rounded down) against the rest.</summary>
    Halves,

    /// <summary>Halves of the targets drawn at random.</summary>
    RandomHalves,

    /// <summary>The targets dealt at random into N groups that cannot reach each other.</summary>
    Islands,

    /// <summary>A random majority of the targets against the rest.</summary>
    MajorityMinority,

    /// <summary>Random halves that both still reach one peer in the middle, which bridges them.</summary>
    Bridge,

    /// <summary>Each target reaches a majority, but no two targets reach the same majority.</summary>
    MajoritiesRing,

    /// <summary>The targets grouped by the swarm node they run on; each node's group cannot reach the others (a cut between machines).</summary>
    Nodes,
}

/// <summary>A partition's shape, written as its kebab name (random-halves), or <c>islands N</c> for N ≥ 2 groups.</summary>
public sealed record PartitionLayout(PartitionShape Shape, int Islands)
{
    public int Islands { get; } = (Shape == PartitionShape.Islands) == Islands >= 2
        ? Islands
        : throw new FormatException("islands take a count of two or more (islands 3), and no other layout takes one");

    /// <summary>Two sides, so one direction can be cut (one-way).</summary>
    public bool IsTwoSided => Shape is PartitionShape.IsolateOne or PartitionShape.Halves or PartitionShape.RandomHalves or PartitionShape.MajorityMinority;

    /// <summary>Drawn afresh each time it is applied, so that mobility moves peers between neighbourhoods.</summary>
    public bool IsRandom => Shape is not (PartitionShape.Halves or PartitionShape.Nodes);

    /// <exception cref="FormatException">Not a layout; the message lists them.</exception>
    public static PartitionLayout Parse(string text)
    {
        var words = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var shape = KebabName.Parse<PartitionShape>(words.FirstOrDefault() ?? "", "partition layout");
        return words.Length switch
        {
            1 => new PartitionLayout(shape, 0),
            2 when shape == PartitionShape.Islands && int.TryParse(words[1], NumberStyles.None, CultureInfo.InvariantCulture, out var islands) =>
                new PartitionLayout(shape, islands),
            _ => throw new FormatException($"'{text}' is not a partition layout: write a layout's name, or islands N"),
        };
    }

    public override string ToString() => Shape == PartitionShape.Islands ? $"islands {Islands}" : KebabName.Of(Shape);
}
