using System.Globalization;
using CMesh.Common.Clocks;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Mesh;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Running;

/// <summary>
/// Measures the clocks of the nodes a swarm run uses against the CLI's, once the mesh is ready, and says what it
/// found: each node's offset and bound, and any node that could not be measured (its members' times then stay as
/// recorded).
/// </summary>
public static class ClockStage
{
    public static async Task<RunClocks?> MeasureAsync(CliServices services, RunningMesh mesh, CancellationToken ct)
    {
        using var coordinator = CoordinatorApi.At(mesh.CoordinatorPort);
        var placement = mesh.Runner.Placement ?? throw new InvalidOperationException("a swarm run without placement");
        var survey = await new NodeClockSurvey(new CoordinatorClockRelay(coordinator, services.Clock)).MeasureAsync(placement, ct);
        foreach (var node in survey.Unmeasured)
        {
            services.Say.Warning($"swarm: clock not measured, its members' times stay as recorded: {node}");
        }

        if (survey.Clocks is { } clocks)
        {
            services.Say.Info($"swarm: clocks against this one: {string.Join(", ", clocks.Nodes.Select(Describe))}");
        }

        return survey.Clocks;
    }

    private static string Describe(NodeClock node) =>
        string.Create(CultureInfo.InvariantCulture, $"{node.Node} {node.OffsetUs / 1000.0:+0.000;-0.000;0.000} ± {node.ErrorBoundUs / 1000.0:0.000} ms");
}
