using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Docker.Engines;

namespace CMesh.Testing;

/// <summary>
/// Describes a mesh to start from a test, in the Testcontainers style: every <c>With…</c> returns a new builder,
/// and <see cref="Build"/> gives the mesh, which nothing has started yet.
/// </summary>
public sealed record MeshBuilder
{
    public int Peers { get; private init; } = 3;

    public TimeSpan WriteInterval { get; private init; } = TimeSpan.FromSeconds(1);

    public int PayloadBytes { get; private init; } = 64;

    public int Degree { get; private init; } = 4;

    public SyncMode Sync { get; private init; } = SyncMode.Delta;

    /// <summary>How the built-in engine passes new updates on: flooded, or pushed along a tree and announced (lazy).</summary>
    public GossipMode Gossip { get; private init; } = GossipMode.Flood;

    /// <summary>How long the workload runs once every peer is ready; null: 30 s, or with a scenario its length and the cool-down.</summary>
    public TimeSpan? Duration { get; private init; }

    /// <summary>The workload runs until <see cref="TestMesh.StopAsync"/>, for a mesh that several tests share.</summary>
    public bool UntilStopped { get; private init; }

    /// <summary>How long a peer's or the coordinator's silence is taken for a lost link or a lost peer.</summary>
    public TimeSpan HeartbeatTimeout { get; private init; } = TimeSpan.FromSeconds(5);

    /// <summary>A scenario of scenarios/*.yaml, played from the workload's start (its first offset is the warm-up).</summary>
    public string? Scenario { get; private init; }

    /// <summary>After a scenario's last fault ends, before the workload stops.</summary>
    public TimeSpan CoolDown { get; private init; } = TimeSpan.FromSeconds(30);

    /// <summary>After the workload, how long peers may sync on before they stop, at most (it ends once every live peer holds every update).</summary>
    public TimeSpan Settle { get; private init; } = TimeSpan.FromSeconds(30);

    /// <summary>The sync engine the peers run, one of engines/ (docs/engines.md); null: the built-in one.</summary>
    public string? Engine { get; private init; }

    /// <summary>Null: a fresh run id (test-…).</summary>
    public string? RunName { get; private init; }

    /// <summary>The CMesh repository, whose sources the images are built from; null: CMESH_HOME, else the nearest folder up with CMesh.sln.</summary>
    public string? Repository { get; private init; }

    public TimeSpan ReadyTimeout { get; private init; } = TimeSpan.FromMinutes(3);

    public MeshBuilder WithPeers(int peers) => this with { Peers = peers };

    public MeshBuilder WithWriteInterval(TimeSpan interval) => this with { WriteInterval = interval };

    public MeshBuilder WithPayload(int bytes) => this with { PayloadBytes = bytes };

    public MeshBuilder WithDegree(int degree) => this with { Degree = degree };

    public MeshBuilder WithSyncMode(SyncMode sync) => this with { Sync = sync };

    public MeshBuilder WithGossip(GossipMode gossip) => this with { Gossip = gossip };

    public MeshBuilder WithDuration(TimeSpan duration) => this with { Duration = duration };

    public MeshBuilder WithoutTimeLimit() => this with { UntilStopped = true };

    public MeshBuilder WithHeartbeatTimeout(TimeSpan timeout) => this with { HeartbeatTimeout = timeout };

    public MeshBuilder WithScenario(string name) => this with { Scenario = name };

    public MeshBuilder WithCoolDown(TimeSpan coolDown) => this with { CoolDown = coolDown };

    public MeshBuilder WithEngine(string engine) => this with { Engine = engine };

    public MeshBuilder WithSettle(TimeSpan settle) => this with { Settle = settle };

    public MeshBuilder WithRunName(string runName) => this with { RunName = runName };

    public MeshBuilder WithRepository(string path) => this with { Repository = path };

    public MeshBuilder WithReadyTimeout(TimeSpan timeout) => this with { ReadyTimeout = timeout };

    /// <exception cref="ArgumentException">A setting out of range, or a scenario that does not exist or does not fit, named.</exception>
    public TestMesh Build()
    {
        var repository = Repository ?? RepositoryRoot.Find(AppContext.BaseDirectory)
            ?? throw new ArgumentException("cannot find the CMesh repository: give it with WithRepository or CMESH_HOME");
        var scenario = Scenario is { } name ? FindScenario(repository, name) : null;
        EngineRecipe engine;
        try
        {
            engine = EngineCatalog.Load(repository).Find(Engine ?? EngineRecipe.BuiltIn);
        }
        catch (EngineRecipeException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        return new TestMesh(this, repository, Plan(scenario), scenario, engine, TimeProvider.System);
    }

    private Scenario FindScenario(string repository, string name)
    {
        Require(Duration is null && !UntilStopped, "a scenario sets how long the run lasts: give WithCoolDown for the time after its last fault, not WithDuration or WithoutTimeLimit");
        Scenario scenario;
        try
        {
            scenario = ScenarioLibrary.Load(repository).Find(name) ?? throw new ArgumentException($"no scenario named {name} in {repository}/{ScenarioLibrary.Folder}");
        }
        catch (ScenarioFileException e)
        {
            throw new ArgumentException(e.Message, e);
        }

        Require(scenario.Workload?.MinPeers is not { } minimum || Peers >= minimum, $"scenario {name} needs at least {scenario.Workload?.MinPeers} peers, and the mesh has {Peers}");
        return scenario;
    }

    private TestPlan Plan(Scenario? scenario)
    {
        var duration = Duration ?? (scenario is null ? TimeSpan.FromSeconds(30) : scenario.Length + CoolDown);
        var writeInterval = scenario?.Workload?.WriteInterval ?? WriteInterval;
        Require(Peers >= 1, $"peers {Peers}: give at least one");
        Require(Degree >= 1, $"degree {Degree}: a peer needs at least one link");
        Require(
            WriteInterval >= TimeSpan.FromMilliseconds(TestPlan.MinWriteIntervalMs) && WriteInterval <= TimeSpan.FromMilliseconds(TestPlan.MaxWriteIntervalMs),
            $"write interval {WriteInterval}: from {TestPlan.MinWriteIntervalMs} ms to {TestPlan.MaxWriteIntervalMs / 1000} s");
        Require(PayloadBytes is >= 0 and <= 65536, $"payload {PayloadBytes}: give 0 to 65536 bytes");
        Require(duration >= TimeSpan.FromSeconds(1), $"duration {duration}: at least one second");
        Require(UntilStopped || duration >= writeInterval, $"duration {duration}: shorter than the write interval ({writeInterval}), some peers would write nothing");
        Require(!(UntilStopped && Duration is not null), "a mesh without a time limit has no duration: give WithDuration or WithoutTimeLimit, not both");
        Require(HeartbeatTimeout >= TimeSpan.FromSeconds(2), $"heartbeat timeout {HeartbeatTimeout}: at least two heartbeat intervals (2 s)");
        Require(Settle >= TimeSpan.Zero && Settle <= TimeSpan.FromSeconds(TestPlan.MaxSettleSeconds) && Settle.Ticks % TimeSpan.TicksPerSecond == 0,
            $"settle {Settle}: whole seconds from 0 to {TestPlan.MaxSettleSeconds}");
        return new TestPlan(
            Peers,
            (int)writeInterval.TotalMilliseconds,
            scenario?.Workload?.PayloadBytes ?? PayloadBytes,
            Degree,
            MaxDegree: 2 * Degree,
            HeartbeatIntervalMs: 1000,
            HeartbeatTimeoutMs: (int)HeartbeatTimeout.TotalMilliseconds,
            DurationSeconds: UntilStopped ? null : (int)Math.Ceiling(duration.TotalSeconds),
            Sync,
            SettleSeconds: (int)Settle.TotalSeconds,
            Gossip: scenario?.Workload?.Gossip ?? Gossip);
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException(problem);
        }
    }
}
