using System.Net.Http.Json;
using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Clocks;
using CMesh.Common.Contracts;

namespace CMesh.Docker.Coordinator;

/// <summary>The driver's side of the coordinator API, through the port published on 127.0.0.1.</summary>
public sealed class CoordinatorApi(HttpClient http) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public static CoordinatorApi At(int hostPort) => new(new HttpClient { BaseAddress = Address(hostPort), Timeout = Timeout });

    /// <summary>The coordinator as the host reaches it; its live dashboard is served at this address too.</summary>
    public static Uri Address(int hostPort) => new($"http://127.0.0.1:{hostPort}/");

    public async Task<bool> IsHealthyAsync(CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("healthz", ct);
            return response.IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return false;
        }
    }

    public Task<MeshStatus> StatusAsync(CancellationToken ct) =>
        AnsweredInTimeAsync(async () =>
            await http.GetFromJsonAsync<MeshStatus>("v1/status", CMeshJson.Options, ct)
            ?? throw new HttpRequestException("the coordinator sent an empty status"), ct);

    public Task<MeshView> MeshAsync(CancellationToken ct) =>
        AnsweredInTimeAsync(async () =>
            await http.GetFromJsonAsync<MeshView>("v1/mesh", CMeshJson.Options, ct)
            ?? throw new HttpRequestException("the coordinator sent an empty mesh view"), ct);

    public Task<CoordinatorSnapshot> StateAsync(CancellationToken ct) =>
        AnsweredInTimeAsync(async () =>
            await http.GetFromJsonAsync<CoordinatorSnapshot>("state", CMeshJson.Options, ct)
            ?? throw new HttpRequestException("the coordinator sent an empty state"), ct);

    public Task<DiscoveryResponse> DiscoverAsync(string swarmId, CancellationToken ct) =>
        AnsweredInTimeAsync(async () =>
            await http.GetFromJsonAsync<DiscoveryResponse>($"v1/discovery?swarm={Uri.EscapeDataString(swarmId)}&peer=cmesh-diagnose", CMeshJson.Options, ct)
            ?? throw new HttpRequestException("the coordinator sent an empty discovery answer"), ct);

    /// <summary>The coordinator's clock against <paramref name="clock"/>, through its GET /clock.</summary>
    public Task<ClockEstimate> ClockAsync(TimeProvider clock, ClockSampling? sampling, CancellationToken ct) =>
        AnsweredInTimeAsync(() => new ClockClient(http, clock, sampling).MeasureAsync(http.BaseAddress!, ct), ct);

    /// <summary>A peer's clock against the coordinator's, which the coordinator measures on the control network.</summary>
    /// <exception cref="HttpRequestException">The coordinator could not measure it (its answer says why) or did not answer.</exception>
    public Task<ClockEstimate> PeerClockAsync(string peerId, CancellationToken ct) =>
        AnsweredInTimeAsync(async () =>
        {
            using var response = await http.GetAsync(PeerClock.Path(peerId).TrimStart('/'), ct);
            if (!response.IsSuccessStatusCode)
            {
                var error = await ErrorOfAsync(response, ct);
                throw new HttpRequestException($"the coordinator could not measure {peerId}'s clock (HTTP {(int)response.StatusCode}): {error}");
            }

            var answer = await response.Content.ReadFromJsonAsync<PeerClock>(CMeshJson.Options, ct)
                ?? throw new HttpRequestException($"the coordinator sent an empty clock of {peerId}");
            return answer.Estimate;
        }, ct);

    /// <param name="settle">False: peers stop at once instead of syncing on until the mesh settles.</param>
    public Task StopAsync(bool settle, CancellationToken ct) =>
        AnsweredInTimeAsync(async () =>
        {
            using var response = await http.PostAsync(settle ? "v1/stop" : "v1/stop?settle=false", null, ct);
            response.EnsureSuccessStatusCode();
            return true;
        }, ct);

    public void Dispose() => http.Dispose();

    private static async Task<string> ErrorOfAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var body = await response.Content.ReadAsStringAsync(ct);
        try
        {
            return JsonSerializer.Deserialize<ErrorAnswer>(body, CMeshJson.Options)?.Error ?? body;
        }
        catch (JsonException)
        {
            return body;
        }
    }

    /// <summary>HttpClient reports its own timeout as a cancellation; here it is what it is, an unanswered request.</summary>
    private static async Task<T> AnsweredInTimeAsync<T>(Func<Task<T>> request, CancellationToken ct)
    {
        try
        {
            return await request();
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new HttpRequestException($"the coordinator did not answer within {Timeout.TotalSeconds:F0} s", e);
        }
    }
}
