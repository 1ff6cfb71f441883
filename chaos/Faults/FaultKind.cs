using CMesh.Chaos.Yaml;

namespace CMesh.Chaos.Faults;

/// <summary>
/// A kind of fault as scenarios and <c>cmesh chaos KIND</c> name it (signal-outage): the fields its <c>fault:</c>
/// mapping takes, the field a bare value on the command line sets, and how that mapping becomes its record. Each
/// kind's record declares its own (<see cref="IDefinesFaultKind"/>); <see cref="FaultKinds"/> finds them all.
/// </summary>
public sealed class FaultKind
{
    private readonly Func<YamlSection, FaultSpec> _read;

    /// <param name="order">Where the kind comes when kinds are listed (help, error messages): link faults first, then partitions, node faults and the rest.</param>
    internal FaultKind(string name, int order, Func<YamlSection, FaultSpec> read)
    {
        Name = name;
        Order = order;
        _read = read;
    }

    public string Name { get; }

    public int Order { get; }

    /// <summary>The fields besides <c>kind</c>, for the reader, the format's documentation and its test.</summary>
    public IReadOnlyList<string> Fields { get; init; } = [];

    /// <summary>The field the value after the kind sets (<c>cmesh chaos loss 20%</c> sets percent); null when the kind takes no value.</summary>
    public string? BareField { get; init; }

    /// <summary>A fault of this kind may leave its targets stopped, so that <c>cmesh chaos clear</c> starts them again.</summary>
    public bool StopsMembers { get; init; }

    /// <summary>Only a scenario's step can hold it (heal ends the partitions of its own scenario), not <c>cmesh chaos KIND</c>.</summary>
    public bool OnlyInScenarios { get; init; }

    public override string ToString() => Name;

    internal FaultSpec Read(YamlSection fault) => _read(fault);
}
