namespace CMesh.Docker.Chaos;

/// <summary>Every fault the harness can inject; in YAML and on the command line each is written in kebab case (signal-outage).</summary>
public enum FaultKind
{
    Delay,
    Loss,
    Duplicate,
    Corrupt,
    Reorder,
    Rate,
    Partition,
    Heal,
    Kill,
    Stop,
    Pause,
    Restart,
    Churn,
    Mobility,

    /// <summary>The coordinator (the signal and discovery service) is cut off its control network.</summary>
    SignalOutage,

    /// <summary>The targets' sync engines stop sending updates while their links and heartbeats go on.</summary>
    DropUpdates,
}
