using CMesh.Common.Contracts;

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

    /// <summary>How long the workload runs once every peer is ready.</summary>
    public TimeSpan Duration { get; private init; } = TimeSpan.FromSeconds(30);

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

    public MeshBuilder WithDuration(TimeSpan duration) => this with { Duration = duration };

    public MeshBuilder WithRunName(string runName) => this with { RunName = runName };

    public MeshBuilder WithRepository(string path) => this with { Repository = path };

    public MeshBuilder WithReadyTimeout(TimeSpan timeout) => this with { ReadyTimeout = timeout };

    /// <exception cref="ArgumentException">A setting out of range, named.</exception>
    public TestMesh Build() => new(this, Plan(), TimeProvider.System);

    private TestPlan Plan()
    {
        Require(Peers >= 1, $"peers {Peers}: give at least one");
        Require(Degree >= 1, $"degree {Degree}: a peer needs at least one link");
        Require(WriteInterval >= TimeSpan.FromMilliseconds(1) && WriteInterval <= TimeSpan.FromSeconds(1), $"write interval {WriteInterval}: from 1 ms to 1 s");
        Require(PayloadBytes is >= 0 and <= 65536, $"payload {PayloadBytes}: give 0 to 65536 bytes");
        Require(Duration >= TimeSpan.FromSeconds(1), $"duration {Duration}: at least one second");
        return new TestPlan(
            Peers,
            (int)WriteInterval.TotalMilliseconds,
            PayloadBytes,
            Degree,
            MaxDegree: 2 * Degree,
            HeartbeatIntervalMs: 1000,
            HeartbeatTimeoutMs: 5000,
            DurationSeconds: (int)Math.Ceiling(Duration.TotalSeconds),
            Sync);
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition)
        {
            throw new ArgumentException(problem);
        }
    }
}
