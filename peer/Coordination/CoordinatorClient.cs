using System.Net;
using System.Net.Http.Json;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Peer.Coordination;

/// <summary>The peer's side of the coordinator API.</summary>
public sealed class CoordinatorClient(HttpClient http, PeerIdentity self)
{
    public async Task<RegisterResponse> RegisterAsync(CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(
            "v1/register", new RegisterRequest(self.PeerId, self.SwarmId, self.DataEndpoint), CMeshJson.Options, ct);
        response.EnsureSuccessStatusCode();
        return await ReadAsync<RegisterResponse>(response, ct);
    }

    /// <summary>Null when the coordinator no longer knows this peer (it restarted): register again.</summary>
    public async Task<HeartbeatResponse?> HeartbeatAsync(HeartbeatRequest beat, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync($"v1/peers/{self.PeerId}/heartbeat", beat, CMeshJson.Options, ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await ReadAsync<HeartbeatResponse>(response, ct);
    }

    public async Task<IReadOnlyList<PeerAddress>> DiscoverAsync(CancellationToken ct)
    {
        var found = await http.GetFromJsonAsync<DiscoveryResponse>(
            $"v1/discovery?swarm={self.SwarmId}&peer={self.PeerId}", CMeshJson.Options, ct);
        return found?.Peers ?? [];
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync<T>(CMeshJson.Options, ct)
        ?? throw new HttpRequestException($"empty {typeof(T).Name} from the coordinator");
}
