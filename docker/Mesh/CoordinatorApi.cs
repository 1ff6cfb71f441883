using System.Net.Http.Json;
using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Docker.Mesh;

/// <summary>The driver's side of the coordinator API, through the port published on 127.0.0.1.</summary>
public sealed class CoordinatorApi(HttpClient http) : IDisposable
{
    public static CoordinatorApi At(int hostPort) =>
        new(new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{hostPort}/"), Timeout = TimeSpan.FromSeconds(5) });

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

    public async Task<MeshStatus> StatusAsync(CancellationToken ct) =>
        await http.GetFromJsonAsync<MeshStatus>("v1/status", CMeshJson.Options, ct)
        ?? throw new HttpRequestException("the coordinator sent an empty status");

    public async Task StopAsync(CancellationToken ct)
    {
        using var response = await http.PostAsync("v1/stop", null, ct);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose() => http.Dispose();
}
