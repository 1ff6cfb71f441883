using CMesh.Common;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator;

/// <summary>
/// GET /v1/peers/{id}/state: asks a peer for its GET /state on the control network and passes the answer on, so
/// that a browser on the host, which reaches only the coordinator, can see any peer's snapshot.
/// </summary>
public sealed class PeerStateProxy(MeshRegistry registry, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<IResult> FetchAsync(string peerId, CancellationToken ct)
    {
        if (registry.Find(peerId) is not { } peer)
        {
            return Error(StatusCodes.Status404NotFound, $"no peer {peerId} has registered");
        }

        if ((peer.IntrospectionEndpoint ?? peer.Health?.IntrospectionEndpoint) is not { } endpoint)
        {
            return Error(StatusCodes.Status502BadGateway, $"{peerId} has not said where it serves /state");
        }

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            using var response = await _http.GetAsync($"http://{endpoint}/state", limit.Token);
            return response.IsSuccessStatusCode
                ? Results.Bytes(await response.Content.ReadAsByteArrayAsync(limit.Token), "application/json")
                : Error(StatusCodes.Status502BadGateway, $"{peerId} at {endpoint} answered GET /state with HTTP {(int)response.StatusCode}");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Error(StatusCodes.Status504GatewayTimeout, $"{peerId} at {endpoint} did not answer GET /state within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return Error(StatusCodes.Status502BadGateway, $"{peerId} at {endpoint}: {FailureClassifier.Describe(e)}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static IResult Error(int status, string message) =>
        Results.Json(new ErrorAnswer(message), CMeshJsonContext.Default.ErrorAnswer, statusCode: status);
}
