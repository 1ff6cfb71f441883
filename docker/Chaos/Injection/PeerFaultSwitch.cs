using System.Net.Http.Json;
using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// Switches a fault that lives in the peer process through the peer's control server (PUT or DELETE /faults/{name}):
/// on its control-network address when the CLI reaches that network (a local run), else through the coordinator,
/// which passes the request on over the control network (a swarm run's overlay). It needs no kernel feature, and it
/// goes with the process: a peer killed or restarted has it off.
/// </summary>
public sealed class PeerFaultSwitch(Func<MeshMember, string, Uri> url) : IPeerFaultSwitch, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };

    /// <summary>Straight to each peer's control-network address, which the host reaches on a local run's bridge.</summary>
    public static PeerFaultSwitch Direct() => new(DirectUrl);

    /// <summary>Through the coordinator's published port (null: it is not running), for peers on networks the host cannot reach.</summary>
    public static PeerFaultSwitch ThroughCoordinator(int? coordinatorPort) => new((peer, fault) => coordinatorPort is { } port
        ? RelayedUrl(port, peer, fault)
        : throw new InAppFaultException($"{peer.Name}: its control network is reached through the coordinator, which is not running"));

    public static Uri DirectUrl(MeshMember peer, string fault) =>
        new($"http://{peer.ControlIpOrThrow}:{ContainerEnvironment.PeerIntrospectionPort}{InAppFaults.Path(fault)}");

    public static Uri RelayedUrl(int coordinatorPort, MeshMember peer, string fault) =>
        new($"http://127.0.0.1:{coordinatorPort}/v1/peers/{Uri.EscapeDataString(peer.Name)}{InAppFaults.Path(fault)}");

    public Uri Url(MeshMember peer, string fault) => url(peer, fault);

    /// <exception cref="InAppFaultException">The peer did not answer, or refused.</exception>
    public async Task<InAppFaultState> SetAsync(MeshMember peer, string fault, bool on, CancellationToken ct)
    {
        var method = on ? HttpMethod.Put : HttpMethod.Delete;
        if (peer.ControlIp is null)
        {
            throw new InAppFaultException($"{peer.Name}: not on the control network, where its control server listens");
        }

        var address = url(peer, fault);
        try
        {
            using var response = await _http.SendAsync(new HttpRequestMessage(method, address), ct);
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadFromJsonAsync<InAppFaultState>(CMeshJson.Options, ct)
                ?? throw new JsonException("an empty answer");
        }
        catch (Exception e) when (e is HttpRequestException or JsonException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var why = e is OperationCanceledException ? $"no answer within {_http.Timeout.TotalSeconds:0} s" : e.Message;
            throw new InAppFaultException($"{peer.Name}: {method} {address} failed: {why}", e);
        }
    }

    public void Dispose() => _http.Dispose();
}
