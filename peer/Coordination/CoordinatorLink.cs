using System.Diagnostics;
using System.Net.Sockets;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Introspection.Metrics;

namespace CMesh.Peer.Coordination;

/// <summary>
/// The peer's link to the coordinator as a diagnosis needs it: answering, connected but silent, or failing and why.
/// Every TCP connection the HTTP client opens is noted, so that a request left unanswered on a live connection
/// (a paused or overloaded coordinator) is told apart from one that never connected.
/// </summary>
/// <param name="roundTrips">Where each answered request's round trip is observed.</param>
public sealed class CoordinatorLink(Uri url, Histogram roundTrips)
{
    private readonly Lock _gate = new();
    private CoordinatorLinkState _state = CoordinatorLinkState.Connecting;
    private long _lastSuccessTicks;
    private double? _rttMs;
    private FailureKind? _failure;
    private string? _error;
    private int _consecutiveFailures;
    private bool _connectedSinceLastFailure;

    public Uri Url { get; } = url;

    /// <summary>The round trip of the last answered request, in milliseconds.</summary>
    public double? RttMs
    {
        get
        {
            lock (_gate)
            {
                return _rttMs;
            }
        }
    }

    /// <summary>An HTTP handler that connects as usual and tells this link whenever a connection opens.</summary>
    public SocketsHttpHandler Handler() => new()
    {
        PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        ConnectCallback = async (context, ct) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(context.DnsEndPoint, ct);
                lock (_gate)
                {
                    _connectedSinceLastFailure = true;
                }

                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public void Answered(TimeSpan roundTrip)
    {
        roundTrips.ObserveMicros((long)roundTrip.TotalMicroseconds);
        lock (_gate)
        {
            _state = CoordinatorLinkState.Responding;
            _lastSuccessTicks = Stopwatch.GetTimestamp();
            _rttMs = roundTrip.TotalMilliseconds;
            _failure = null;
            _error = null;
            _consecutiveFailures = 0;
        }
    }

    public void Failed(Exception exception)
    {
        var kind = FailureClassifier.Classify(exception);
        lock (_gate)
        {
            // A timeout on a connection that did open means the coordinator is there but not answering. A 4xx is an
            // answer: the coordinator works and refused this request (a registration with the wrong swarm key).
            _state = kind == FailureKind.Timeout && _connectedSinceLastFailure ? CoordinatorLinkState.Open
                : RefusedRequest(exception) ? CoordinatorLinkState.Responding
                : CoordinatorLinkState.Failed;
            _failure = kind;
            _error = kind == FailureKind.Timeout ? "no answer in time" : FailureClassifier.Describe(exception);
            _consecutiveFailures++;
            _connectedSinceLastFailure = _state == CoordinatorLinkState.Open;
        }
    }

    private static bool RefusedRequest(Exception exception) =>
        exception is HttpRequestException { StatusCode: { } status } && (int)status is >= 400 and < 500;

    public CoordinatorLinkSnapshot Snapshot()
    {
        lock (_gate)
        {
            long? sinceSuccess = _lastSuccessTicks == 0 ? null : (long)Stopwatch.GetElapsedTime(_lastSuccessTicks).TotalMilliseconds;
            return new CoordinatorLinkSnapshot(_state, Url.ToString(), sinceSuccess, _rttMs, _failure, _error, _consecutiveFailures);
        }
    }
}
