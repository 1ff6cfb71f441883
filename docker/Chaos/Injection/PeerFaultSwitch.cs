using System.Net.Http.Json;
using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Switches a fault that lives in the peer process through the peer's control server (PUT or DELETE
/// /faults/{name} on its control-network address). It needs no kernel feature, and it goes with the process: a peer
/// killed or restarted has it off.
/// </summary>
public sealed class PeerFaultSwitch : IPeerFaultSwitch, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    public static Uri Url(MeshMember peer, string fault) =>
        new($"http://{peer.ControlIpOrThrow}:{ContainerEnvironment.PeerIntrospectionPort}/faults/{fault}");

    /// <exception cref="InAppFaultException">The peer did not answer, or refused.</exception>
    public async Task<InAppFaultState> SetAsync(MeshMember peer, string fault, bool on, CancellationToken ct)
    {
        var method = on ? HttpMethod.Put : HttpMethod.Delete;
        if (peer.ControlIp is null)
        {
            throw new InAppFaultException($"{peer.Name}: not on the control network, where its control server listens");
        }

        var url = Url(peer, fault);
        try
        {
            using var response = await _http.SendAsync(new HttpRequestMessage(method, url), ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<InAppFaultState>(CMeshJson.Options, ct)
                ?? throw new JsonException("an empty answer");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var why = e is OperationCanceledException ? $"no answer within {_http.Timeout.TotalSeconds:0} s" : e.Message;
            throw new InAppFaultException($"{peer.Name}: {method} {url} failed: {why}", e);
        }
    }

    public void Dispose() => _http.Dispose();
}
