using System.Text.Json;
using System.Text.Json.Serialization;

namespace CMesh.Docker.Engines;

/// <summary>
/// engines/&lt;name&gt;/engine.json: a sync engine CMesh ships, run behind an adapter (docs/engines.md). Its peer
/// image is CMesh's peer image built on a base that also holds <see cref="DebianPackages"/>, with the engine's
/// folder at <see cref="InstalledAt"/> (its npm packages installed when it has a package-lock.json).
/// </summary>
/// <param name="Adapter">The adapter's command line inside the container.</param>
public sealed record EngineRecipe(string Name, string Description, IReadOnlyList<string> DebianPackages, IReadOnlyList<string> Adapter)
{
    public const string BuiltIn = "cmesh";
    public const string FileName = "engine.json";
    public const string InstalledAt = "/opt/cmesh/engine";

    /// <summary>The engine's folder in the repository.</summary>
    [JsonIgnore]
    public string Folder { get; init; } = "";

    public bool IsBuiltIn => Name == BuiltIn;

    /// <summary>What one peer container of this engine was measured to cost (bench/engines.sh); null when never measured.</summary>
    public PeerCost? CostPerPeer { get; init; }

    /// <exception cref="EngineRecipeException">A file that does not describe an engine, with what is wrong.</exception>
    public static EngineRecipe Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        EngineRecipe? recipe;
        try
        {
            recipe = JsonSerializer.Deserialize<EngineRecipe>(File.ReadAllText(path), Options);
        }
        catch (JsonException e)
        {
            throw new EngineRecipeException($"{path}: {e.Message}");
        }

        var name = Path.GetFileName(folder);
        if (recipe is null || recipe.Name != name)
        {
            throw new EngineRecipeException($"{path}: \"name\" must be the folder's name, {name}");
        }

        if (!recipe.IsBuiltIn && (recipe.Adapter is not { Count: > 0 } || recipe.Adapter.Any(string.IsNullOrEmpty)))
        {
            throw new EngineRecipeException($"{path}: \"adapter\" must be the adapter's command line, a non-empty array of strings");
        }

        return recipe with { Folder = folder, DebianPackages = recipe.DebianPackages ?? [], Adapter = recipe.Adapter ?? [] };
    }

    private static readonly JsonSerializerOptions Options = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase, ReadCommentHandling = JsonCommentHandling.Skip };
}

/// <summary>One peer container's measured cost.</summary>
/// <param name="MemoryMiB">Its memory at the most (cgroup, page cache excluded), MiB.</param>
/// <param name="CpuPercent">Its CPU, median, in % of one core, with <paramref name="MeshUpdatesPerSecond"/> updates a
/// second written in the whole mesh (every peer receives each).</param>
/// <param name="Measured">Where and how: the bench, the host, the peer count.</param>
/// <param name="IdleCpuPercent">Its CPU in a mesh that writes (almost) nothing, when measured: a peer's CPU is then
/// taken as this plus a share of the rest in proportion to the mesh's update rate; unmeasured, the CPU at load is
/// taken for any rate.</param>
/// <param name="MeshUpdatesPerSecond">The update rate <paramref name="CpuPercent"/> was measured at (20 peers writing once a second: 20).</param>
public sealed record PeerCost(double MemoryMiB, double CpuPercent, string Measured, double? IdleCpuPercent = null, double MeshUpdatesPerSecond = 20)
{
    /// <summary>The CPU one peer is expected to use, in % of a core, with this many updates a second in the mesh.</summary>
    public double CpuPercentAt(double meshUpdatesPerSecond) =>
        IdleCpuPercent is { } idle && MeshUpdatesPerSecond > 0
            ? idle + ((CpuPercent - idle) * meshUpdatesPerSecond / MeshUpdatesPerSecond)
            : CpuPercent;
}

public sealed class EngineRecipeException(string message) : Exception(message);
