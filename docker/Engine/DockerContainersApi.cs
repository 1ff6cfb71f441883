using System.Globalization;
using System.Net;
using System.Runtime.CompilerServices;
using System.Text;

namespace CMesh.Docker.Engine;

internal sealed class DockerContainersApi(DockerTransport transport, IDockerNetworks networks) : IDockerContainers
{
    public async Task<string> CreateAsync(ContainerSpec spec, CancellationToken ct)
    {
        var created = await transport.SendJsonAsync<IdDto>(
            HttpMethod.Post, ApiPath.Of("/containers/create", ("name", spec.Name)), ContainerCreateMapper.ToDto(spec), ct);
        // API 1.41 attaches only one network at create; the others are connected before the container starts.
        foreach (var extra in spec.Networks.Skip(1))
            await networks.ConnectAsync(extra.Network, created.Id, extra.Aliases, ct);
        return created.Id;
    }

    public Task StartAsync(string id, CancellationToken ct) => PostAsync(id, "start", ct, HttpStatusCode.NotModified);

    public Task StopAsync(string id, TimeSpan grace, CancellationToken ct) =>
        PostAsync(id, $"stop?t={(int)Math.Ceiling(grace.TotalSeconds)}", ct, HttpStatusCode.NotModified);

    public Task KillAsync(string id, string signal, CancellationToken ct) =>
        PostAsync(id, $"kill?signal={Uri.EscapeDataString(signal)}", ct);

    public Task PauseAsync(string id, CancellationToken ct) => PostAsync(id, "pause", ct, HttpStatusCode.NotModified);

    public Task UnpauseAsync(string id, CancellationToken ct) => PostAsync(id, "unpause", ct, HttpStatusCode.NotModified);

    public Task RemoveAsync(string id, bool force, CancellationToken ct) =>
        transport.SendAsync(
            HttpMethod.Delete,
            ApiPath.Of($"/containers/{ApiPath.Segment(id)}", ("force", ApiPath.Flag(force)), ("v", "1")),
            ct,
            HttpStatusCode.NotFound);

    public async Task<ContainerInfo?> InspectAsync(string idOrName, CancellationToken ct) =>
        await transport.GetJsonOrNullAsync<ContainerInspectDto>($"/containers/{ApiPath.Segment(idOrName)}/json", ct) is { } c
            ? ToInfo(c)
            : null;

    public async Task<IReadOnlyList<ContainerSummary>> ListAsync(
        IReadOnlyDictionary<string, string> labels, bool includeStopped, CancellationToken ct)
    {
        var path = ApiPath.Of(
            "/containers/json", ("all", ApiPath.Flag(includeStopped)), ("filters", ApiPath.LabelFilter(labels)));
        var containers = await transport.GetJsonAsync<List<ContainerSummaryDto>>(path, ct);
        return containers
            .Select(c => new ContainerSummary(
                c.Id, (c.Names?.FirstOrDefault() ?? "").TrimStart('/'), c.Image ?? "", c.State ?? "", c.Status ?? "", c.Labels ?? []))
            .ToList();
    }

    public IAsyncEnumerable<LogLine> LogsAsync(string id, LogOptions options, CancellationToken ct)
    {
        var path = ApiPath.Of(
            $"/containers/{ApiPath.Segment(id)}/logs",
            ("stdout", "1"),
            ("stderr", "1"),
            ("follow", ApiPath.Flag(options.Follow)),
            ("timestamps", ApiPath.Flag(options.Timestamps)),
            ("tail", options.Tail?.ToString(CultureInfo.InvariantCulture)),
            ("since", options.Since?.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return ReadLogsAsync(path, ct).EndOnCancel(ct);
    }

    public async Task<ExecResult> ExecAsync(string id, IReadOnlyList<string> command, CancellationToken ct)
    {
        var exec = await transport.SendJsonAsync<IdDto>(
            HttpMethod.Post, $"/containers/{ApiPath.Segment(id)}/exec", new ExecCreateDto(true, true, command), ct);
        var output = new Dictionary<LogStream, MemoryStream> { [LogStream.StdOut] = new(), [LogStream.StdErr] = new() };
        using (var response = await transport.SendAsync(
            HttpMethod.Post,
            $"/exec/{ApiPath.Segment(exec.Id)}/start",
            DockerTransport.JsonBody(new ExecStartDto(Detach: false, Tty: false)),
            HttpCompletionOption.ResponseHeadersRead,
            ct))
        {
            await using var stream = await response.Content.ReadAsStreamAsync(ct);
            await foreach (var frame in MultiplexedStreamReader.ReadFramesAsync(stream, ct))
                output[frame.Stream].Write(frame.Payload);
        }
        var exitCode = await ExecExitCodeAsync(exec.Id, ct);
        return new ExecResult(exitCode, Text(output[LogStream.StdOut]), Text(output[LogStream.StdErr]));
    }

    public async Task<long> WaitAsync(string id, CancellationToken ct) =>
        (await transport.SendJsonAsync<WaitDto>(HttpMethod.Post, $"/containers/{ApiPath.Segment(id)}/wait", null, ct)).StatusCode;

    private Task PostAsync(string id, string action, CancellationToken ct, params HttpStatusCode[] tolerated) =>
        transport.SendAsync(HttpMethod.Post, $"/containers/{ApiPath.Segment(id)}/{action}", ct, tolerated);

    private async IAsyncEnumerable<LogLine> ReadLogsAsync(
        string path, [EnumeratorCancellation] CancellationToken ct)
    {
        using var response = await transport.SendAsync(HttpMethod.Get, path, null, HttpCompletionOption.ResponseHeadersRead, ct);
        await using var stream = await response.Content.ReadAsStreamAsync(ct);
        await foreach (var line in MultiplexedStreamReader.ReadLinesAsync(stream, ct))
            yield return line;
    }

    // The output stream can end a moment before the engine records the exit code, so poll briefly.
    private async Task<long> ExecExitCodeAsync(string execId, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var exec = await transport.GetJsonAsync<ExecInspectDto>($"/exec/{ApiPath.Segment(execId)}/json", ct);
            if (!exec.Running && exec.ExitCode is { } exitCode)
                return exitCode;
            if (attempt == 100)
                throw new DockerEngineException(500, $"exec {execId} finished its output but reported no exit code");
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    private static string Text(MemoryStream bytes) => Encoding.UTF8.GetString(bytes.GetBuffer(), 0, (int)bytes.Length);

    private static ContainerInfo ToInfo(ContainerInspectDto c) => new(
        c.Id,
        c.Name.TrimStart('/'),
        c.Config?.Image ?? "",
        c.State.Status,
        c.State.Running,
        c.State.Paused,
        c.State.Pid,
        c.State.ExitCode,
        Timestamp(c.State.StartedAt),
        Timestamp(c.State.FinishedAt),
        c.Config?.Labels ?? [],
        (c.NetworkSettings?.Networks ?? []).ToDictionary(
            n => n.Key, n => new ContainerNetwork(n.Value.NetworkId ?? "", n.Value.IpAddress ?? "", n.Value.IpPrefixLen)),
        PublishedTcpPorts(c.NetworkSettings?.Ports ?? []));

    // The engine reports "0001-01-01T00:00:00Z" for a time that has not happened.
    private static DateTimeOffset? Timestamp(DateTimeOffset? time) => time == DateTimeOffset.MinValue ? null : time;

    private static Dictionary<int, int> PublishedTcpPorts(Dictionary<string, List<PortBindingDto>?> ports)
    {
        var published = new Dictionary<int, int>();
        foreach (var (key, bindings) in ports)
        {
            if (key.Split('/') is not [var port, "tcp"] || !int.TryParse(port, CultureInfo.InvariantCulture, out var containerPort))
                continue;
            var hostPort = (bindings ?? [])
                .Select(b => int.TryParse(b.HostPort, CultureInfo.InvariantCulture, out var p) ? p : 0)
                .FirstOrDefault(p => p > 0);
            if (hostPort > 0)
                published[containerPort] = hostPort;
        }
        return published;
    }
}
