using CMesh.Cli.Input;
using CMesh.Docker.Chaos.Injection;
using CMesh.Docker.Mesh;
using CMesh.Docker.Results;

namespace CMesh.Cli.Chaos;

/// <summary>The run a chaos command acts on, with its results folder and the image its helpers run from.</summary>
public sealed record ChaosTarget(RunInventory Run, string RunDirectory, string HelperImage)
{
    public static async Task<ChaosTarget> ResolveAsync(CliServices services, string? runId, CancellationToken ct)
    {
        var run = await RunSelection.RequireAsync(services, runId, ct);
        var directory = run.ResultsDirectory ?? throw new InvalidOperationException($"run {run.RunId} has no results folder label");
        var manifest = await RunManifest.ReadAsync(directory, ct)
            ?? throw new InvalidOperationException($"run {run.RunId} has no {RunManifest.FileName} in {directory}");
        return new ChaosTarget(run, directory, manifest.Images.Base);
    }

    /// <param name="kernel">The kernel features when already probed for this run; null probes them.</param>
    public Task<ChaosSession> OpenSessionAsync(CliServices services, int? seed, KernelCapabilities? kernel, CancellationToken ct) =>
        ChaosSession.OpenAsync(services.Engine, Run, HelperImage, RunDirectory, services.Clock, seed, kernel, ct);
}
