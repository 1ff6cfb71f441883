using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>
/// Passes a request on to a peer's control server on the control network and its answer back: GET
/// /v1/peers/{id}/state, so that a browser on the host, which reaches only the coordinator, can see any peer's
/// snapshot; PUT and DELETE /v1/peers/{id}/faults/{name}, so that the CLI can switch an in-app fault on a peer whose
/// address it cannot reach (a swarm run's overlay network).
/// </summary>
public sealed class PeerProxy(MeshRegistry registry, TimeProvider clock, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<IResult> ForwardAsync(string peerId, HttpMethod method, string path, CancellationToken ct)
    {
        var (endpoint, failure) = PeerControlEndpoint.Find(registry, peerId, path);
        if (endpoint is null)
        {
            return failure!;
        }

        var request = $"{method} {path}";

        using var unanswered = new CancellationTokenSource(timeout, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, unanswered.Token);
        try
        {
            using var response = await _http.SendAsync(new HttpRequestMessage(method, $"http://{endpoint}{path}"), limit.Token);
            return response.IsSuccessStatusCode
                ? Results.Bytes(await response.Content.ReadAsByteArrayAsync(limit.Token), "application/json")
                : Error(StatusCodes.Status502BadGateway, $"{peerId} at {endpoint} answered {request} with HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Error(StatusCodes.Status504GatewayTimeout, $"{peerId} at {endpoint} did not answer {request} within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return Error(StatusCodes.Status502BadGateway, $"{peerId} at {endpoint}: {FailureClassifier.Describe(e)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static IResult Error(int status, string message) => PeerControlEndpoint.Error(status, message);
}
