namespace CMesh.Docker.Engine;

internal sealed class DockerSystemApi(DockerTransport transport) : IDockerSystem
{
    public Task<EngineVersion> VersionAsync(CancellationToken ct) => transport.GetJsonAsync<EngineVersion>("/version", ct);

    public IAsyncEnumerable<EngineEvent> EventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
        transport.JsonLinesAsync<EventDto>(HttpMethod.Get, ApiPath.Of("/events", ("filters", ApiPath.LabelFilter(labels))), null, ct)
            .Select(ToEvent)
            .EndOnCancel(ct);

    private static EngineEvent ToEvent(EventDto e) => new(
        e.Type ?? "",
        e.Action ?? "",
        e.Actor?.Id ?? "",
        e.Actor?.Attributes ?? [],
        DateTimeOffset.UnixEpoch.AddTicks(e.TimeNano / TimeSpan.NanosecondsPerTick));
}
