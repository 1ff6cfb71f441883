using System.Net;
using System.Net.Http.Json;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Engine;
using CMesh.Docker.Mesh;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Docker;

public sealed class WorkloadWatchTests
{
    private static readonly DateTimeOffset Started = DateTimeOffset.UnixEpoch.AddYears(56);
    private readonly FakeTimeProvider _clock = new(Started);

    [Fact]
    public async Task A_coordinator_that_misses_answers_for_a_while_is_asked_again_until_the_workload_ends()
    {
        var answers = new Queue<Func<HttpResponseMessage>>([
            () => Json(MeshPhase.Running),
            () => throw new TaskCanceledException("slow"),
            () => throw new HttpRequestException("connection reset"),
            () => Json(MeshPhase.Running),
            () => Json(MeshPhase.Settling),
        ]);
        using var coordinator = Coordinator(answers);
        var seen = new List<MeshPhase>();

        var watching = WorkloadWatch.UntilWorkloadEndsAsync(coordinator, new SynchronousProgress<MeshStatus>(s => seen.Add(s.Phase)), _clock, CancellationToken.None);
        var ended = await AdvanceUntilAsync(watching);

        Assert.Equal(MeshPhase.Settling, ended.Phase);
        Assert.Equal([MeshPhase.Running, MeshPhase.Running, MeshPhase.Settling], seen);
        Assert.Empty(answers);
    }

    [Fact]
    public async Task A_coordinator_silent_for_longer_than_the_limit_ends_the_watch_with_its_last_failure()
    {
        var answers = new Queue<Func<HttpResponseMessage>>(Enumerable.Repeat<Func<HttpResponseMessage>>(() => throw new HttpRequestException("connection refused"), 1000));
        using var coordinator = Coordinator(answers);

        var watching = WorkloadWatch.StatusAsync(coordinator, _clock, CancellationToken.None);
        var failure = await Assert.ThrowsAsync<HttpRequestException>(() => AdvanceUntilAsync(watching));

        Assert.Equal("connection refused", failure.Message);
        Assert.InRange(_clock.GetUtcNow() - Started, WorkloadWatch.SilenceLimit, WorkloadWatch.SilenceLimit + TimeSpan.FromSeconds(60));
    }

    private static CoordinatorApi Coordinator(Queue<Func<HttpResponseMessage>> answers) =>
        new(new HttpClient(new ScriptedAnswers(answers)) { BaseAddress = new Uri("http://coordinator.test/") });

    /// <summary>Moves the fake clock a second at a time until the watch is over.</summary>
    private async Task<T> AdvanceUntilAsync<T>(Task<T> watching)
    {
        for (var i = 0; i < 200 && !watching.IsCompleted; i++)
        {
            await Task.Delay(5);
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        return await watching;
    }

    private static HttpResponseMessage Json(MeshPhase phase) =>
        new(HttpStatusCode.OK) { Content = JsonContent.Create(new MeshStatus("run-1", phase, 2, Started, Started, Started, null, []), options: CMeshJson.Options) };
}
