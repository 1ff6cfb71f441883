using CMesh.Cli.Diagnose;
using CMesh.Common.Contracts;

namespace CMesh.Tests.Diagnose;

/// <summary>
/// A whole mesh as the diagnosis sees it, healthy until a test breaks one thing: the engine, the run's networks and
/// containers, the coordinator as reached from the host, its mesh view, and each peer's own state and probes.
/// </summary>
internal sealed class FakeMesh : IMeshFacts, ICoordinatorProbe, INodeProbe
{
    public static readonly DateTimeOffset Now = new(2025, 1, 1, 12, 0, 0, TimeSpan.Zero);

    public FakeMesh(int peers = 3)
    {
        var ids = Enumerable.Range(1, peers).Select(i => $"peer-{i}").ToList();
        Run = new RunFacts(
            "run-1", true, true,
            [new ContainerFact("coordinator", "coordinator", "running", "Up 1 minute", "10.0.0.2"),
             .. ids.Select((id, i) => new ContainerFact(id, "peer", "running", "Up 1 minute", $"10.0.0.{i + 3}", $"10.1.0.{i + 3}"))],
            CoordinatorPort: 49000);
        var links = ids.Zip(ids.Skip(1).Append(ids[0])).Where(pair => pair.First != pair.Second).Select(pair => Link(pair.First, pair.Second)).DistinctBy(l => (l.A, l.B)).ToList();
        Mesh = new MeshView("run-1", MeshPhase.Running, Now, Now.AddSeconds(-60), peers, 1000, 5000, 1000, 5000,
            ids.Select(id => Node(id, links.Count(l => l.A == id || l.B == id))).ToList(), links);
    }

    public string? EngineError { get; set; }

    public RunFacts? Run { get; set; }

    public Reachability Reach { get; set; } = new(null, 200, TimeSpan.FromMilliseconds(2), "TCP connect ok, HTTP 200 in 2 ms");

    public MeshView Mesh { get; set; }

    public int Discovered { get; set; } = 2;

    public long Refused { get; set; }

    /// <summary>What each peer's GET /state shows of its coordinator link (default: responding).</summary>
    public Dictionary<string, CoordinatorLinkSnapshot> CoordinatorSeenBy { get; } = [];

    public Dictionary<string, ProbeSighting> Sightings { get; } = [];

    public ProbeWritten? Written { get; set; } = new("p1", "peer-1", 7, 1_000_000);

    public static MeshNode Node(string id, int links) =>
        new(id, PeerState.Running, $"10.1.0.1:7100", $"10.0.0.9:7101", NodeFreshness.Fresh, 300, 60, 60, 120, links, 1, 1000, 1000, 1.0,
            new WriterFreshness(2, 2, 900, 6000), []);

    public static MeshLink Link(string a, string b, LinkHealth health = LinkHealth.Healthy) =>
        new(string.CompareOrdinal(a, b) < 0 ? a : b, string.CompareOrdinal(a, b) < 0 ? b : a, health, 0.4, 200, 500, [a, b]);

    public void Change(string peerId, Func<MeshNode, MeshNode> change) =>
        Mesh = Mesh with { Nodes = Mesh.Nodes.Select(n => n.PeerId == peerId ? change(n) : n).ToList() };

    public void SetContainer(string member, string state, string status) =>
        Run = Run! with { Containers = Run.Containers.Select(c => c.Member == member ? c with { State = state, Status = status } : c).ToList() };

    public MeshDiagnosis Diagnosis() => MeshDiagnosis.Standard(this, _ => this, this, new ManualClock(Now));

    public Task<string> EngineVersionAsync(CancellationToken ct) =>
        EngineError is null ? Task.FromResult("27.5.1") : throw new InvalidOperationException(EngineError);

    public Task<RunFacts?> RunAsync(string? runId, CancellationToken ct) => Task.FromResult(runId is null or "run-1" ? Run : null);

    public Task<Reachability> ReachAsync(CancellationToken ct) => Task.FromResult(Reach);

    public Task<CoordinatorSnapshot> StateAsync(CancellationToken ct) =>
        Task.FromResult(new CoordinatorSnapshot("run-1", "swarm-id", Mesh.Phase, Now.AddMinutes(-1), 60, Mesh.ExpectedPeers, Mesh.Nodes.Count, 100, Refused,
            new Dictionary<NodeFreshness, int>()));

    public Task<MeshView> MeshAsync(CancellationToken ct) => Task.FromResult(Mesh);

    public Task<int> DiscoverAsync(string swarmId, CancellationToken ct) => Task.FromResult(swarmId == "swarm-id" ? Discovered : 0);

    /// <summary>The engine every peer says it runs.</summary>
    public string Engine { get; set; } = "cmesh";

    public Task<PeerSnapshot?> StateAsync(ContainerFact peer, CancellationToken ct) =>
        Task.FromResult<PeerSnapshot?>(new PeerSnapshot(
            peer.Member, "run-1", "swarm-id", PeerState.Registered, Now, 60, "10.1.0.1:7100", "10.0.0.9:7101",
            CoordinatorSeenBy.GetValueOrDefault(peer.Member) ?? new CoordinatorLinkSnapshot(CoordinatorLinkState.Responding, "http://coordinator:7070/", 100, 1, null, null, 0),
            [], new StoreSnapshot(0, 0, 0, new Dictionary<string, long>(), null), new QueueSnapshot(0, 0, 0), [], Engine));

    public Task<ProbeWritten?> WriteProbeAsync(ContainerFact peer, CancellationToken ct) => Task.FromResult(Written);

    public Task<ProbeSighting?> SightingAsync(ContainerFact peer, string probeId, CancellationToken ct) =>
        Task.FromResult(Sightings.GetValueOrDefault(peer.Member));
}
