using System.Net;
using System.Net.Http.Json;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Cli.Diagnose.Live;

/// <summary>
/// A peer's introspection server at its control-network address, as the engine reports it: only the containers of
/// the run are ever asked. A peer that does not answer within the limit counts as not answering.
/// </summary>
public sealed class HttpNodeProbe(TimeSpan limit) : INodeProbe, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = limit };

    public Task<PeerSnapshot?> StateAsync(ContainerFact peer, CancellationToken ct) =>
        AskAsync(peer, ct, async uri => await _http.GetFromJsonAsync<PeerSnapshot>(new Uri(uri, "state"), CMeshJson.Options, ct));

    public Task<ProbeWritten?> WriteProbeAsync(ContainerFact peer, CancellationToken ct) =>
        AskAsync(peer, ct, async uri =>
        {
            using var response = await _http.PostAsync(new Uri(uri, "probe"), null, ct);
            return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<ProbeWritten>(CMeshJson.Options, ct) : null;
        });

    public Task<ProbeSighting?> SightingAsync(ContainerFact peer, string probeId, CancellationToken ct) =>
        AskAsync(peer, ct, async uri =>
        {
            using var response = await _http.GetAsync(new Uri(uri, $"probes/{Uri.EscapeDataString(probeId)}"), ct);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadFromJsonAsync<ProbeSighting>(CMeshJson.Options, ct) : null;
        });

    public void Dispose() => _http.Dispose();

    private static async Task<T?> AskAsync<T>(ContainerFact peer, CancellationToken ct, Func<Uri, Task<T?>> ask) where T : class
    {
        if (peer.ControlIp is null)
        {
            return null;
        }

        try
        {
            return await ask(new Uri($"http://{peer.ControlIp}:{ContainerEnvironment.PeerIntrospectionPort}/"));
        }
        catch (Exception e) when (e is HttpRequestException or System.Text.Json.JsonException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            return null;
        }
    }
}
