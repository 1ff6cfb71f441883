
namespace CMesh.Chaos.Mechanisms;

/// <summary>What a node fault can do to one target container.</summary>
public interface INodeControl
{
    Task PauseAsync(CancellationToken ct);

    Task UnpauseAsync(CancellationToken ct);

    /// <summary>Sends the signal and gives the member a moment to exit (a signal other than SIGKILL may be caught).</summary>
    Task KillAsync(string signal, CancellationToken ct);

    Task StopAsync(TimeSpan grace, CancellationToken ct);

    /// <summary>Starts the member again; it comes back with a fresh network namespace.</summary>
    Task StartAgainAsync(CancellationToken ct);
}
