using System.Text.Json;
using System.Text.Json.Serialization;
using CMesh.Common;
using CMesh.Common.Clocks;
using CMesh.Common.Contracts;
using CMesh.Docker.Mesh;

namespace CMesh.Docker.Results;

/// <summary>results/&lt;run&gt;/run.json: what was run, on what, and when; its times are on the CLI's clock.</summary>
/// <param name="Clocks">Each node's clock against the CLI's and where each member ran, for a run on several machines;
/// left out of the file for a run on one (the report then corrects nothing).</param>
/// <param name="Runner">The runner that brought the mesh up, and for a swarm where each member ran (<see cref="RunnerRecord"/>);
/// absent in runs recorded before runners existed, which were all local.</param>
public sealed record RunManifest(
    string RunId,
    string Command,
    TestPlan Plan,
    RunImages Images,
    HostFacts Host,
    DateTimeOffset StartedAt,
    DateTimeOffset? ReadyAt = null,
    double? TimeToReadySeconds = null,
    DateTimeOffset? StoppedAt = null,
    string? StopReason = null,
    string? Scenario = null,
    string? Engine = null,
    [property: JsonPropertyName(RunClocks.JsonName), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunClocks? Clocks = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RunnerRecord? Runner = null)
{
    public const string FileName = "run.json";

    public static async Task<RunManifest?> ReadAsync(string runDirectory, CancellationToken ct)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<RunManifest>(stream, CMeshJson.Options, ct);
    }

    /// <summary>Writes through a temporary file so a crash never leaves half a manifest.</summary>
    public async Task WriteAsync(string runDirectory, CancellationToken ct)
    {
        var path = Path.Combine(runDirectory, FileName);
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, JsonSerializer.Serialize(this, CMeshJson.Indented), ct);
        File.Move(temporary, path, overwrite: true);
    }
}
