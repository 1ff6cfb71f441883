using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Docker.DotNet.Models;

namespace CMesh.Docker.Engine;

internal sealed class DockerSystem(EngineConnection engine) : IDockerSystem
{
    public async Task<EngineVersion> VersionAsync(CancellationToken ct)
    {
        var v = await engine.CallAsync(d => d.System.GetVersionAsync(ct), ct);
        return new EngineVersion(v.Version, v.APIVersion, v.Os, v.Arch, v.KernelVersion ?? "");
    }

    public Task CheckLoginAsync(RegistryLogin login, CancellationToken ct) =>
        engine.CallAsync(d => d.System.AuthenticateAsync(DockerImages.AuthOf(login)!, ct), ct);

    public IAsyncEnumerable<EngineEvent> EventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct) =>
        ReadEventsAsync(labels, ct).EndOnCancel(ct);

    // The client reports events to a callback; a channel turns them into a sequence the caller pulls at its own pace.
    private async IAsyncEnumerable<EngineEvent> ReadEventsAsync(
        IReadOnlyDictionary<string, string> labels, [EnumeratorCancellation] CancellationToken ct)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var events = Channel.CreateUnbounded<Message>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var parameters = new ContainerEventsParameters { Filters = LabelFilter.Of(labels) };
        var monitor = engine.CallAsync(
            d => d.System.MonitorEventsAsync(parameters, new SynchronousProgress<Message>(m => events.Writer.TryWrite(m)), stop.Token),
            stop.Token);
        _ = monitor.ContinueWith(t => events.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await foreach (var message in events.Reader.ReadAllAsync(ct))
                yield return ToEvent(message);
        }
        finally
        {
            // The caller may stop reading early: end the request too.
            await stop.CancelAsync();
        }
    }

    private static EngineEvent ToEvent(Message e) => new(
        e.Type ?? "",
        e.Action ?? "",
        e.Actor?.ID ?? "",
        EngineLabels.Of(e.Actor?.Attributes),
        DateTimeOffset.UnixEpoch.AddTicks((e.TimeNano ?? 0) / TimeSpan.NanosecondsPerTick));
}
