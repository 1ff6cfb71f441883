using System.Net;
using System.Net.Sockets;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;

namespace CMesh.Cli.Diagnose.Live;

/// <summary>Reaches the coordinator through its port published on 127.0.0.1: TCP connect, HTTP status, time.</summary>
public sealed class HttpCoordinatorProbe(int port, TimeSpan limit, TimeProvider clock) : ICoordinatorProbe, IDisposable
{
    private readonly CoordinatorApi _api = CoordinatorApi.At(port);

    public async Task<Reachability> ReachAsync(CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        using var unanswered = new CancellationTokenSource(limit, clock);
        using var within = CancellationTokenSource.CreateLinkedTokenSource(ct, unanswered.Token);
        try
        {
            using (var tcp = new TcpClient())
            {
                await tcp.ConnectAsync(IPAddress.Loopback, port, within.Token);
            }

            using var http = new HttpClient { Timeout = Timeout.InfiniteTimeSpan };
            using var response = await http.GetAsync($"http://127.0.0.1:{port}/healthz", within.Token);
            var elapsed = clock.GetElapsedTime(started);
            var status = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? new Reachability(null, status, elapsed, $"TCP connect ok, HTTP {status} in {elapsed.TotalMilliseconds:F0} ms")
                : new Reachability(FailureKind.Rejected, status, elapsed, $"TCP connect ok, but HTTP {status} {response.ReasonPhrase}");
        }
        catch (Exception e) when (e is SocketException or HttpRequestException or IOException || (e is OperationCanceledException && !ct.IsCancellationRequested))
        {
            var elapsed = clock.GetElapsedTime(started);
            var kind = FailureClassifier.Classify(e);
            var detail = kind == FailureKind.Timeout
                ? $"no answer within {limit.TotalSeconds:F1} s"
                : $"{FailureClassifier.Describe(e)} after {elapsed.TotalMilliseconds:F0} ms";
            return new Reachability(kind, null, elapsed, detail);
        }
    }

    public Task<CoordinatorSnapshot> StateAsync(CancellationToken ct) => _api.StateAsync(ct);

    public Task<MeshView> MeshAsync(CancellationToken ct) => _api.MeshAsync(ct);

    public async Task<int> DiscoverAsync(string swarmId, CancellationToken ct) => (await _api.DiscoverAsync(swarmId, ct)).Peers.Count;

    public void Dispose() => _api.Dispose();
}
