using CMesh.Docker.Engine;
using CMesh.Docker.Swarm;
using CMesh.Docker.Swarm.Agents;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Swarm.Agents;

public sealed class AgentsReadinessTests
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));

    [Fact]
    public async Task A_node_whose_agent_is_not_listening_yet_is_asked_again_until_its_engine_answers()
    {
        var engine = new AnsweringEngine(refusalsFirst: 3);
        var waiting = Readiness().WaitAnsweringAsync([new NodeEngine("n2", "cmesh-n2", engine, ThroughAgent: true)], CancellationToken.None);

        while (!waiting.IsCompleted)
        {
            // A real pause lets the wait set its next poll before the clock moves on: yielding alone, the clock could run
            // past the minute's limit before the engine was asked four times.
            await Task.Delay(TimeSpan.FromMilliseconds(2));
            _clock.Advance(TimeSpan.FromMilliseconds(250));
        }

        await waiting;
        Assert.Equal(4, engine.Asked);
    }

    [Fact]
    public async Task An_agent_that_never_answers_ends_the_wait_after_a_minute_naming_its_node_and_the_refusal()
    {
        var engine = new AnsweringEngine(refusalsFirst: int.MaxValue);
        var waiting = Readiness().WaitAnsweringAsync([new NodeEngine("n2", "cmesh-n2", engine, ThroughAgent: true)], CancellationToken.None);

        while (!waiting.IsCompleted)
        {
            await Task.Yield();
            _clock.Advance(TimeSpan.FromSeconds(1));
        }

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => waiting);
        Assert.StartsWith("the engine of node cmesh-n2 does not answer through the run's agent within 60 s: the coordinator refused", error.Message);
    }

    [Fact]
    public async Task Another_error_of_the_engine_is_not_waited_out()
    {
        var engine = new AnsweringEngine(refusalsFirst: 1, status: 500);

        await Assert.ThrowsAsync<DockerEngineException>(() =>
            Readiness().WaitAnsweringAsync([new NodeEngine("n2", "cmesh-n2", engine, ThroughAgent: true)], CancellationToken.None));
        Assert.Equal(1, engine.Asked);
    }

    private AgentsReadiness Readiness() => new(new AnsweringEngine(0), _clock);

    /// <summary>An engine reached through an agent: refused (as the node's end of the tunnel answers) so many times, then its version.</summary>
    private sealed class AnsweringEngine(int refusalsFirst, int status = 502) : IDockerEngine, IDockerSystem
    {
        public int Asked { get; private set; }

        public IDockerSystem System => this;

        public IDockerImages Images => throw new NotSupportedException();

        public IDockerContainers Containers => throw new NotSupportedException();

        public IDockerNetworks Networks => throw new NotSupportedException();

        public IDockerVolumes Volumes => throw new NotSupportedException();

        public IDockerSwarm Swarm => throw new NotSupportedException();

        public Task<EngineVersion> VersionAsync(CancellationToken ct)
        {
            Asked++;
            return Asked <= refusalsFirst
                ? throw new DockerEngineException(status, "the coordinator refused the tunnel to the agent: HTTP/1.1 502 Bad Gateway")
                : Task.FromResult(new EngineVersion("20.10.24", "1.41", "linux", "x86_64", "6.18"));
        }

        public IAsyncEnumerable<EngineEvent> EventsAsync(IReadOnlyDictionary<string, string> labels, CancellationToken ct) => throw new NotSupportedException();

        public Task CheckLoginAsync(RegistryLogin login, CancellationToken ct) => throw new NotSupportedException();
    }
}
