using System.Globalization;
using System.Runtime.CompilerServices;
using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

internal sealed class DockerContainers(EngineConnection engine, IDockerNetworks networks, TimeProvider clock) : IDockerContainers
{
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct)
    {
        var created = await engine.CallAsync(d => d.Containers.CreateContainerAsync(ContainerCreateMapper.ToParameters(spec), ct), ct);
        foreach (var extra in spec.Networks.Skip(1))
            await networks.ConnectAsync(extra.Network, created.ID, extra.Aliases, ct);
        return created.ID;
    }

    public Task StartAsync(string id, CancellationToken ct) =>
        engine.CallAsync(d => d.Containers.StartContainerAsync(id, null, ct), ct);

    public Task StopAsync(string id, TimeSpan grace, CancellationToken ct) =>
        engine.CallAsync(
            d => d.Containers.StopContainerAsync(id, new ContainerStopParameters { WaitBeforeKillSeconds = (uint)Math.Ceiling(grace.TotalSeconds) }, ct),
            ct);

    public Task KillAsync(string id, string signal, CancellationToken ct) =>
        engine.CallAsync(d => d.Containers.KillContainerAsync(id, new ContainerKillParameters { Signal = signal }, ct), ct);

    public Task PauseAsync(string id, CancellationToken ct) => engine.CallAsync(d => d.Containers.PauseContainerAsync(id, ct), ct);

    public Task UnpauseAsync(string id, CancellationToken ct) => engine.CallAsync(d => d.Containers.UnpauseContainerAsync(id, ct), ct);

    public async Task RemoveAsync(string id, bool force, CancellationToken ct)
    {
        try
        {
            await engine.CallAsync(
                d => d.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = force, RemoveVolumes = true }, ct), ct);
        }
        catch (DockerEngineException e) when (e.StatusCode == 404)
        {
            // Already gone: that is what the caller wanted.
        }
    }

    public async Task<ContainerInfo?> InspectAsync(string idOrName, CancellationToken ct) =>
        await engine.FindAsync(d => d.Containers.InspectContainerAsync(idOrName, ct), ct) is { } c
            ? ContainerInspectMapper.ToInfo(c)
            : null;

    public async Task<Stream?> GetArchiveAsync(string id, string path, CancellationToken ct)
    {
        if (await engine.FindAsync(d => d.Containers.GetArchiveFromContainerAsync(id, new ContainerPathStatParameters { Path = path }, statOnly: false, ct), ct) is not { Stream: { } archive })
        {
            return null;
        }

        // The client's chunked response stream throws on a read of zero bytes, which a tar reader makes for an empty
        // file: the archive is read to its end in large reads into a temporary file, and that is handed out.
        var copy = new FileStream(Path.GetTempFileName(), FileMode.Open, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await using (archive)
            {
                await archive.CopyToAsync(copy, ct);
            }

            copy.Position = 0;
            return copy;
        }
        catch
        {
            await copy.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(
        IReadOnlyDictionary<string, string> labels, bool includeStopped, CancellationToken ct)
    {
        var parameters = new ContainersListParameters { All = includeStopped, Filters = LabelFilter.Of(labels) };
        var containers = await engine.CallAsync(d => d.Containers.ListContainersAsync(parameters, ct), ct);
        return containers
            .Select(c => new ContainerSummary(
                c.ID, (c.Names?.FirstOrDefault() ?? "").TrimStart('/'), c.Image ?? "", c.State ?? "", c.Status ?? "", EngineLabels.Of(c.Labels)))
            .ToList();
    }

    public IAsyncEnumerable<LogLine> LogsAsync(string id, LogOptions options, CancellationToken ct) =>
        ReadLogsAsync(id, options, ct).EndOnCancel(ct);

    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken ct)
    {
        var exec = await engine.CallAsync(
            d => d.Exec.CreateContainerExecAsync(id, new ContainerExecCreateParameters { AttachStdout = true, AttachStderr = true, Cmd = command.ToList() }, ct),
            ct);
        string stdout, stderr;
        using (var output = await engine.CallAsync(d => d.Exec.StartContainerExecAsync(exec.ID, new ContainerExecStartParameters(), ct), ct))
            (stdout, stderr) = await output.ReadOutputToEndAsync(ct);
        return new ExecResult(await ExecExitCodeAsync(exec.ID, ct), stdout, stderr);
    }

    public async Task<long> WaitAsync(string id, CancellationToken ct) =>
        (await engine.CallAsync(d => d.Containers.WaitContainerAsync(id, ct), ct)).StatusCode;

    private async IAsyncEnumerable<LogLine> ReadLogsAsync(string id, LogOptions options, [EnumeratorCancellation] CancellationToken ct)
    {
        var parameters = new ContainerLogsParameters
        {
            ShowStdout = true,
            ShowStderr = true,
            Follow = options.Follow,
            Timestamps = options.Timestamps,
            Tail = options.Tail?.ToString(CultureInfo.InvariantCulture),
            Since = options.Since?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture),
        };
        using var output = await engine.CallAsync(d => d.Containers.GetContainerLogsAsync(id, parameters, ct), ct);
        await foreach (var line in MultiplexedLogLines.ReadAsync(output, ct))
            yield return line;
    }

    // The output stream can end a moment before the engine records the exit code, so poll briefly.
    private async Task<long> ExecExitCodeAsync(string execId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var exec = await engine.CallAsync(d => d.Exec.InspectContainerExecAsync(execId, ct), ct);
            if (!exec.Running && exec.ExitCode is { } exitCode)
                return exitCode;
            if (attempt == 100)
                throw new DockerEngineException(500, $"exec {execId} finished its output but reported no exit code");
            await Task.Delay(TimeSpan.FromMilliseconds(20), clock, ct);
        }
    }
}
