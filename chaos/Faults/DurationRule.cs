
namespace CMesh.Chaos.Faults;

/// <summary>Whether a step of a given fault takes a duration.</summary>
public enum DurationRule
{
    /// <summary>The fault lasts, and is reverted when the duration ends.</summary>
    Required,

    /// <summary>Without a duration the fault holds until the scenario ends (a heal step ends partitions earlier).</summary>
    Optional,

    /// <summary>The fault happens once and has nothing to revert.</summary>
    None,
}
