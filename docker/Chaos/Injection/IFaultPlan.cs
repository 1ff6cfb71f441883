
namespace CMesh.Docker.Chaos.Injection;

/// <summary>How one fault will be applied to its chosen targets: shown by --dry-run, or carried out.</summary>
public interface IFaultPlan
{
    /// <summary>What does the work: nft, netem, tbf or docker.</summary>
    string Mechanism { get; }

    /// <summary>Each command or container action, one per line, as it will run.</summary>
    IReadOnlyList<string> Describe();

    /// <summary>Applies the whole fault or, when any part fails, takes off what was applied and throws.</summary>
    Task<IAppliedFault> ApplyAsync(CancellationToken ct);
}

/// <summary>A fault in force, which knows how to take itself off.</summary>
public interface IAppliedFault
{
    /// <summary>Takes the fault off every target it is on; a target that has gone meanwhile is skipped.</summary>
    Task RevertAsync(CancellationToken ct);
}

/// <summary>A fault that happens at once (a restart) and leaves nothing to take off.</summary>
public sealed class NothingToRevert : IAppliedFault
{
    public static NothingToRevert Instance { get; } = new();

    public Task RevertAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>A fault in force whose revert is a function of the plan that applied it.</summary>
internal sealed class RevertWith(Func<CancellationToken, Task> revert) : IAppliedFault
{
    public Task RevertAsync(CancellationToken ct) => revert(ct);
}
