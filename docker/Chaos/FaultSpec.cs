namespace CMesh.Docker.Chaos;

/// <summary>
/// One fault and its typed parameters. Each kind is a record of its own that refuses bad parameters when it is made
/// (a <see cref="ScenarioFieldException"/> naming the field), so whatever holds a fault holds a valid one.
/// </summary>
public abstract record FaultSpec
{
    public abstract FaultKind Kind { get; }

    public virtual DurationRule DurationRule => DurationRule.Required;

    /// <summary>The fault in a few words, as `cmesh chaos ls` and the event log show it.</summary>
    public abstract override string ToString();
}
