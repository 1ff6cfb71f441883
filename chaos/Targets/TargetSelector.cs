using System.Globalization;
using System.Text.RegularExpressions;
using CMesh.Chaos.Values;
using MemberLabels = System.Collections.Generic.IReadOnlyDictionary<string, System.Collections.Generic.IReadOnlyDictionary<string, string>>;

namespace CMesh.Chaos.Targets;

/// <summary>
/// Which members of a mesh a fault hits, written as text: <c>all</c>; names and ranges (<c>peer-1..peer-5, peer-9</c>);
/// <c>random 3</c>, <c>random 20%</c> or <c>random minority</c>; <c>label KEY=VALUE</c>; <c>regex PATTERN</c>.
/// The coordinator is only ever selected by naming it (<c>coordinator</c>), so that no broad selector cuts the
/// harness off its signal service by accident.
/// </summary>
public abstract partial record TargetSelector
{
    public const string Coordinator = "coordinator";

    private const int MaxRange = 10_000;

    public static TargetSelector All { get; } = new AllPeers();

    /// <exception cref="FormatException">The text is none of the forms; the message says which it resembled.</exception>
    public static TargetSelector Parse(string text)
    {
        var trimmed = text.Trim();
        var (head, rest) = trimmed.IndexOf(' ') is var space and > 0 ? (trimmed[..space], trimmed[(space + 1)..].Trim()) : (trimmed, "");
        return head switch
        {
            "" => throw new FormatException("no targets: write all, names or ranges (peer-1..peer-5), random N, random N%, random minority, label KEY=VALUE or regex PATTERN"),
            "all" when rest == "" => All,
            "random" => ParseRandom(rest),
            "label" => ParseLabel(rest),
            "regex" => ParseRegex(rest),
            _ => ParseNames(trimmed),
        };
    }

    /// <summary>
    /// The members this selector chooses, in the order given. <paramref name="members"/> are the mesh's member names
    /// (peers and, when it can be targeted, <c>coordinator</c>); <paramref name="labels"/> are their labels, needed
    /// only by label selectors. Random choices draw from <paramref name="random"/> alone, so a seeded one repeats them.
    /// </summary>
    /// <exception cref="InvalidOperationException">A named member is missing, or nothing is chosen.</exception>
    public IReadOnlyList<string> Select(IReadOnlyList<string> members, Random random, MemberLabels? labels = null)
    {
        var chosen = Choose(new Pool(members, members.Where(m => m != Coordinator).ToList(), random, labels)).ToHashSet();
        var selection = members.Where(chosen.Contains).ToList();
        return selection.Count > 0 ? selection : throw new InvalidOperationException($"targets '{this}' select no member of this mesh");
    }

    public abstract override string ToString();

    private protected abstract IEnumerable<string> Choose(Pool pool);

    private static TargetSelector ParseRandom(string rest)
    {
        if (rest == "minority")
        {
            return new RandomMinority();
        }

        if (rest.EndsWith('%') && double.TryParse(rest[..^1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) && percent is > 0 and <= 100)
        {
            return new RandomPercent(percent);
        }

        return int.TryParse(rest, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? new RandomCount(count)
            : throw new FormatException($"'random {rest}': write random N (N ≥ 1), random N% (0 < N ≤ 100) or random minority");
    }

    private static TargetSelector ParseLabel(string rest) =>
        LabelForm().Match(rest) is { Success: true } match
            ? new Label(match.Groups["key"].Value, match.Groups["value"].Value)
            : throw new FormatException($"'label {rest}': write label KEY=VALUE, such as label cmesh.role=peer");

    private static TargetSelector ParseRegex(string pattern)
    {
        try
        {
            return pattern.Length > 0
                ? new Pattern(new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1)))
                : throw new FormatException("'regex': write regex PATTERN, such as regex ^peer-[0-9]$");
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'regex {pattern}' is not a regular expression: {e.Message}");
        }
    }

    private static TargetSelector ParseNames(string text)
    {
        var items = text.Split(',', StringSplitOptions.TrimEntries);
        var names = new List<string>();
        foreach (var item in items)
        {
            if (RangeForm().Match(item) is { Success: true } range)
            {
                names.AddRange(ExpandRange(item, range));
            }
            else if (NameForm().IsMatch(item))
            {
                names.Add(item);
            }
            else
            {
                throw new FormatException($"'{item}' is not a target: write all, a name (peer-3), a range (peer-1..peer-5), random N, random N%, random minority, label KEY=VALUE or regex PATTERN");
            }
        }

        return new Named(names.Distinct().ToList(), string.Join(", ", items));
    }

    private static IEnumerable<string> ExpandRange(string item, Match range)
    {
        var prefix = range.Groups["prefix"].Value;
        var endPrefix = range.Groups["endPrefix"].Value;
        if (endPrefix.Length > 0 && endPrefix != prefix)
        {
            throw new FormatException($"'{item}': both ends of a range share one prefix, as in peer-1..peer-5");
        }

        var from = long.Parse(range.Groups["from"].Value, CultureInfo.InvariantCulture);
        var to = long.Parse(range.Groups["to"].Value, CultureInfo.InvariantCulture);
        return from <= to && to - from < MaxRange
            ? Enumerable.Range((int)from, (int)(to - from + 1)).Select(i => $"{prefix}{i}")
            : throw new FormatException($"'{item}': a range runs upwards over at most {MaxRange} names, as in peer-1..peer-5");
    }

    [GeneratedRegex(@"^(?<prefix>[a-z][a-z0-9_.-]*?)(?<from>\d{1,9})\.\.(?<endPrefix>[a-z][a-z0-9_.-]*?)?(?<to>\d{1,9})$")]
    private static partial Regex RangeForm();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9_.-]*$")]
    private static partial Regex NameForm();

    [GeneratedRegex(@"^(?<key>[^\s=]+)=(?<value>\S+)$")]
    private static partial Regex LabelForm();

    /// <summary>What a selector chooses from: the members, the peers among them (every member but the coordinator), the random source and the labels.</summary>
    private protected sealed record Pool(IReadOnlyList<string> Members, IReadOnlyList<string> Peers, Random Random, MemberLabels? Labels)
    {
        public IEnumerable<string> Shuffled()
        {
            var order = Peers.ToArray();
            Random.Shuffle(order);
            return order;
        }
    }

    private sealed record AllPeers : TargetSelector
    {
        public override string ToString() => "all";

        private protected override IEnumerable<string> Choose(Pool pool) => pool.Peers;
    }

    /// <summary>Members by name, ranges already expanded; the only selector that can choose the coordinator.</summary>
    public sealed record Named(IReadOnlyList<string> Names, string Text) : TargetSelector
    {
        public override string ToString() => Text;

        private protected override IEnumerable<string> Choose(Pool pool)
        {
            var missing = Names.Except(pool.Members).ToList();
            return missing.Count == 0
                ? Names
                : throw new InvalidOperationException($"targets '{Text}': this mesh has no {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" (and {missing.Count - 5} more)" : "")}");
        }
    }

    public sealed record RandomCount(int Count) : TargetSelector
    {
        public override string ToString() => $"random {Count}";

        private protected override IEnumerable<string> Choose(Pool pool) =>
            Count <= pool.Peers.Count
                ? pool.Shuffled().Take(Count)
                : throw new InvalidOperationException($"targets 'random {Count}': this mesh has only {pool.Peers.Count} peers");
    }

    /// <summary>That share of the peers, rounded to the nearest whole peer but never none.</summary>
    public sealed record RandomPercent(double Percent) : TargetSelector
    {
        public override string ToString() => $"random {ScenarioValues.FormatPercent(Percent)}";

        private protected override IEnumerable<string> Choose(Pool pool) =>
            pool.Shuffled().Take(Math.Max(1, (int)Math.Round(pool.Peers.Count * Percent / 100, MidpointRounding.AwayFromZero)));
    }

    /// <summary>The largest group of peers that is still fewer than half: ⌊(n − 1) / 2⌋.</summary>
    public sealed record RandomMinority : TargetSelector
    {
        public override string ToString() => "random minority";

        private protected override IEnumerable<string> Choose(Pool pool) =>
            pool.Shuffled().Take((pool.Peers.Count - 1) / 2);
    }

    public sealed record Label(string Key, string Value) : TargetSelector
    {
        public override string ToString() => $"label {Key}={Value}";

        private protected override IEnumerable<string> Choose(Pool pool) =>
            pool.Labels is { } labels
                ? pool.Peers.Where(p => labels.GetValueOrDefault(p)?.GetValueOrDefault(Key) == Value)
                : throw new InvalidOperationException($"targets '{this}' need the members' labels");
    }

    /// <summary>Peers whose name the pattern matches anywhere (anchor it with ^ and $ for whole names).</summary>
    public sealed record Pattern(Regex Expression) : TargetSelector
    {
        public override string ToString() => $"regex {Expression}";

        private protected override IEnumerable<string> Choose(Pool pool) =>
            pool.Peers.Where(peer => Expression.IsMatch(peer));
    }
}
