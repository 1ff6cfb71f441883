using CMesh.Common.Contracts;
using CMesh.Docker.Images;
using CMesh.Docker.Results;

namespace CMesh.Docker.Mesh;

/// <summary>Everything needed to bring one mesh up.</summary>
/// <param name="ResultsDirectory">Absolute host path of results/&lt;run&gt;, bind-mounted into every container.</param>
/// <param name="Secrets">Secret name → value, each mounted as a read-only file.</param>
public sealed record RunRequest(
    string RunId,
    TestPlan Plan,
    MeshImageSet Images,
    string ResultsDirectory,
    IReadOnlyDictionary<string, string> Secrets,
    int StartParallelism,
    TimeSpan ReadyTimeout);

/// <summary>A mesh that is up; Runner says how it was brought up and where each member runs (run.json's runner section).</summary>
public sealed record RunningMesh(string RunId, string DataSubnet, int CoordinatorPort, IReadOnlyList<string> PeerIds, DateTimeOffset StartedAt, RunnerRecord Runner);

/// <summary>How far bring-up has come, for a progress display.</summary>
public sealed record MeshProgress(string Stage, int Done, int Total);
