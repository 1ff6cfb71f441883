using System.Net;
using System.Net.Sockets;
using CMesh.Common.Contracts;
using CMesh.Introspection.Metrics;
using CMesh.Peer.Coordination;

namespace CMesh.Tests.Peer;

public sealed class CoordinatorLinkTests
{
    [Fact]
    public async Task A_coordinator_nobody_listens_for_is_failed_with_the_connection_refused()
    {
        var link = new CoordinatorLink(new Uri($"http://127.0.0.1:{UnusedPort()}/"), new Histogram());
        using var http = new HttpClient(link.Handler()) { BaseAddress = link.Url };

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await Request(link, http, limit.Token);

        var snapshot = link.Snapshot();
        Assert.Equal((CoordinatorLinkState.Failed, FailureKind.Refused, 1), (snapshot.State, snapshot.Failure, snapshot.ConsecutiveFailures));
        Assert.Null(snapshot.LastSuccessAgeMs);
    }

    [Fact]
    public async Task A_coordinator_that_accepts_the_connection_but_never_answers_is_open_but_not_responding()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var link = new CoordinatorLink(new Uri($"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}/"), new Histogram());
        using var http = new HttpClient(link.Handler()) { BaseAddress = link.Url };
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        // The client gives up only once the request has reached the coordinator, so a slow test host cannot turn
        // "connected but silent" into "never connected".
        var request = Request(link, http, giveUp.Token);
        using var accepted = await silent.AcceptTcpClientAsync(giveUp.Token);
        await accepted.GetStream().ReadAtLeastAsync(new byte[1024], 1, cancellationToken: giveUp.Token);
        await giveUp.CancelAsync();
        await request;

        var snapshot = link.Snapshot();
        Assert.Equal((CoordinatorLinkState.Open, FailureKind.Timeout), (snapshot.State, snapshot.Failure));
    }

    [Fact]
    public void An_answer_makes_the_link_responding_with_its_round_trip()
    {
        var roundTrips = new Histogram();
        var link = new CoordinatorLink(new Uri("http://coordinator:7070/"), roundTrips);
        link.Failed(new HttpRequestException("Name or service not known", new SocketException((int)SocketError.HostNotFound)));
        Assert.Equal(FailureKind.Dns, link.Snapshot().Failure);

        link.Answered(TimeSpan.FromMilliseconds(2));

        var snapshot = link.Snapshot();
        Assert.Equal((CoordinatorLinkState.Responding, 2.0, 0), (snapshot.State, snapshot.HeartbeatRttMs, snapshot.ConsecutiveFailures));
        Assert.Equal(1, roundTrips.Snapshot().Count);
    }

    [Theory]
    [InlineData(HttpStatusCode.Forbidden, CoordinatorLinkState.Responding)]
    [InlineData(HttpStatusCode.InternalServerError, CoordinatorLinkState.Failed)]
    public void A_refused_request_is_an_answer_but_a_server_error_is_a_failing_coordinator(HttpStatusCode status, CoordinatorLinkState expected)
    {
        var link = new CoordinatorLink(new Uri("http://coordinator:7070/"), new Histogram());

        link.Failed(new HttpRequestException($"HTTP {(int)status}", null, status));

        var snapshot = link.Snapshot();
        Assert.Equal((expected, FailureKind.Rejected, 1), (snapshot.State, snapshot.Failure, snapshot.ConsecutiveFailures));
    }

    /// <summary>Makes one request the way the peer does and notes its outcome on the link.</summary>
    private static async Task Request(CoordinatorLink link, HttpClient http, CancellationToken ct)
    {
        try
        {
            using var response = await http.GetAsync("healthz", ct);
            link.Answered(TimeSpan.Zero);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            link.Failed(e);
        }
    }

    private static int UnusedPort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
