using CMesh.Common;
using CMesh.Common.Clocks;
using CMesh.Common.Contracts;

namespace CMesh.Coordinator.Clocks;

/// <summary>
/// GET /v1/peers/{id}/clock: measures a peer's clock against the coordinator's through the peer's GET /clock on the
/// control network (several exchanges, the shortest round trip kept), for the CLI, which reaches only the
/// coordinator, to add to its own measurement of the coordinator's clock.
/// </summary>
public sealed class PeerClockProbe(MeshRegistry registry, TimeProvider clock, TimeSpan timeout, ClockSampling? sampling = null) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task<IResult> MeasureAsync(string peerId, CancellationToken ct)
    {
        var (endpoint, failure) = PeerControlEndpoint.Find(registry, peerId, ClockReading.Path);
        if (endpoint is null)
        {
            return failure!;
        }

        using var unanswered = new CancellationTokenSource(timeout, clock);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct, unanswered.Token);
        try
        {
            var estimate = await new ClockClient(_http, clock, sampling).MeasureAsync(new Uri($"http://{endpoint}/"), limit.Token);
            return Results.Json(PeerClock.From(peerId, estimate), CMeshJsonContext.Default.PeerClock);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Error(StatusCodes.Status504GatewayTimeout, $"{peerId} at {endpoint} did not finish its clock exchanges within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return Error(StatusCodes.Status502BadGateway, $"{peerId} at {endpoint}: GET {ClockReading.Path}: {FailureClassifier.Describe(e)}");
        }
        catch (Exception e) when (e is InvalidOperationException or System.Text.Json.JsonException)
        {
            return Error(StatusCodes.Status502BadGateway, $"{peerId} at {endpoint}: {e.Message}");
        }
    }

    public void Dispose() => _http.Dispose();

    private static IResult Error(int status, string message) => PeerControlEndpoint.Error(status, message);
}
