using System.Text.Json.Serialization;

namespace CMesh.Docker.Results;

/// <summary>
/// run.json's <c>runner</c> section: which runner brought the mesh up and, for a swarm, where each member ran, how
/// long the images took to reach the nodes and how many of the run's tasks failed or were rejected. The <c>clocks</c>
/// section repeats the placement when the nodes' clocks were measured; this one has it whether or not they were.
/// </summary>
/// <param name="Name">local or swarm.</param>
/// <param name="Placement">Member (coordinator, peer-3) to the hostname of the node it ran on.</param>
/// <param name="ImageCopySeconds">Time to copy the run's images to every node (all nodes at once); with a registry, to push them and have every node pull the base image (the services' own pulls fall within time to ready).</param>
/// <param name="FailedTasks">Tasks of the run's services that failed or were rejected, counted when the run ended.</param>
/// <param name="FailedTasksByMember">The same, per member, only those with at least one.</param>
/// <param name="TasksEndedByChaos">Failed tasks not in <paramref name="FailedTasks"/>: those the run's kill, stop, restart or churn faults ended (each brought a fresh task).</param>
/// <param name="ImageRegistry">The registry the nodes pulled the images from (CMESH_REGISTRY); null: copied to each node.</param>
public sealed record RunnerRecord(
    string Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Placement = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] double? ImageCopySeconds = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? FailedTasks = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, int>? FailedTasksByMember = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ImageRegistry = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] int? TasksEndedByChaos = null)
{
    public const string LocalName = "local";
    public const string SwarmName = "swarm";

    public static RunnerRecord Local { get; } = new(LocalName);
}
