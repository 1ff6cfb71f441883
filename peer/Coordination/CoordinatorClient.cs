using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Peer.Coordination;

/// <summary>The peer's side of the coordinator API; every request's outcome is noted on the coordinator link.</summary>
public sealed class CoordinatorClient(HttpClient http, PeerIdentity self, CoordinatorLink link)
{
    public CoordinatorLink Link => link;

    /// <param name="contact">The engine adapter's contact, for the other peers' adapters; null for the built-in engine.</param>
    public Task<RegisterResponse> RegisterAsync(string introspectionEndpoint, JsonElement? contact, CancellationToken ct) =>
        TrackAsync(async () =>
        {
            using var response = await http.PostAsJsonAsync(
                "v1/register", new RegisterRequest(self.PeerId, self.SwarmId, self.DataEndpoint, introspectionEndpoint, contact),
                CMeshJsonContext.Default.RegisterRequest, ct);
            response.EnsureSuccessStatusCode();
            return await ReadAsync(response, CMeshJsonContext.Default.RegisterResponse, ct);
        });

    /// <summary>Null when the coordinator no longer knows this peer (it restarted): register again.</summary>
    public Task<HeartbeatResponse?> HeartbeatAsync(HeartbeatRequest beat, CancellationToken ct) =>
        TrackAsync(async () =>
        {
            using var response = await http.PostAsJsonAsync($"v1/peers/{self.PeerId}/heartbeat", beat, CMeshJsonContext.Default.HeartbeatRequest, ct);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            response.EnsureSuccessStatusCode();
            return await ReadAsync(response, CMeshJsonContext.Default.HeartbeatResponse, ct);
        });

    public Task<IReadOnlyList<PeerAddress>> DiscoverAsync(CancellationToken ct) =>
        TrackAsync(async () =>
        {
            var found = await http.GetFromJsonAsync(
                $"v1/discovery?swarm={self.SwarmId}&peer={self.PeerId}", CMeshJsonContext.Default.DiscoveryResponse, ct);
            return found?.Peers ?? [];
        });

    private async Task<T> TrackAsync<T>(Func<Task<T>> request)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var answer = await request();
            link.Answered(Stopwatch.GetElapsedTime(started));
            return answer;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            link.Failed(e);
            throw;
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken ct) =>
        await response.Content.ReadFromJsonAsync(type, ct)
        ?? throw new HttpRequestException($"empty {typeof(T).Name} from the coordinator");
}
