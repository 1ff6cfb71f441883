using System.Net;
using System.Net.Http.Json;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;

namespace CMesh.Tests.Docker;

public sealed class MeshReadinessTests
{
    private static readonly DateTimeOffset Started = DateTimeOffset.UnixEpoch.AddYears(56);

    [Fact]
    public async Task Status_requests_the_coordinator_leaves_unanswered_are_waited_out_until_it_says_ready()
    {
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => throw new TaskCanceledException("slow"),
            () => new HttpResponseMessage(HttpStatusCode.ServiceUnavailable),
            () => Json(Status(readyAt: null, registered: 1)),
            () => throw new HttpRequestException("connection reset"),
            () => Json(Status(readyAt: Started.AddSeconds(3), registered: 2)),
        ]);
        using var coordinator = new CoordinatorApi(new HttpClient(new ScriptedAnswers(answers)) { BaseAddress = new Uri("http://coordinator.test/") });
        var seen = new List<int>();

        var ready = await new MeshReadiness(TimeProvider.System).WaitAsync(
            coordinator, TimeSpan.FromSeconds(30), new SynchronousProgress<MeshStatus>(s => seen.Add(s.Peers.Count)), CancellationToken.None);

        Assert.Equal(Started.AddSeconds(3), ready.ReadyAt);
        Assert.Equal([1, 2], seen);
        Assert.Empty(answers);
    }

    [Fact]
    public async Task A_coordinator_that_never_answers_fails_the_wait_at_its_deadline_saying_so()
    {
        var answers = new Queue<Func<HttpResponseMessage>>(Enumerable.Repeat<Func<HttpResponseMessage>>(() => throw new TaskCanceledException("slow"), 100));
        using var coordinator = new CoordinatorApi(new HttpClient(new ScriptedAnswers(answers)) { BaseAddress = new Uri("http://coordinator.test/") });

        var failure = await Assert.ThrowsAsync<MeshNotReadyException>(() => new MeshReadiness(TimeProvider.System).WaitAsync(
            coordinator, TimeSpan.FromMilliseconds(600), new SynchronousProgress<MeshStatus>(_ => { }), CancellationToken.None));

        Assert.Null(failure.Status);
        Assert.StartsWith("mesh not ready after 1 s: the coordinator answered no status request; the last status request failed:", failure.Message);
    }

    [Fact]
    public async Task At_the_deadline_the_last_status_names_the_peers_that_never_registered()
    {
        var answers = new Queue<Func<HttpResponseMessage>>(Enumerable.Repeat<Func<HttpResponseMessage>>(() => Json(Status(readyAt: null, registered: 1)), 100));
        using var coordinator = new CoordinatorApi(new HttpClient(new ScriptedAnswers(answers)) { BaseAddress = new Uri("http://coordinator.test/") });

        var failure = await Assert.ThrowsAsync<MeshNotReadyException>(() => new MeshReadiness(TimeProvider.System).WaitAsync(
            coordinator, TimeSpan.FromMilliseconds(600), new SynchronousProgress<MeshStatus>(_ => { }), CancellationToken.None));

        Assert.Equal("mesh not ready after 1 s: 1/2 registered; never registered: peer-2", failure.Message);
    }

    private static MeshStatus Status(DateTimeOffset? readyAt, int registered) =>
        new("run-1", MeshPhase.Forming, 2, Started, readyAt, null, null,
            Enumerable.Range(1, registered).Select(i => new PeerStatus($"peer-{i}", PeerState.Ready, "10.0.0.1:7100", ["peer-x"], 0, 0, Started, Started, 0)).ToList());

    private static HttpResponseMessage Json(MeshStatus status) => new(HttpStatusCode.OK) { Content = JsonContent.Create(status, options: CMeshJson.Options) };
}
