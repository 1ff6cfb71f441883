using System.Globalization;
using CMesh.Common.Clocks;
using CMesh.Docker.Coordinator;
using CMesh.Docker.Mesh;
using CMesh.Docker.Swarm;

namespace CMesh.Cli.Running;

/// <summary>
/// Measures the clocks of the nodes a swarm run uses against the CLI's, once the mesh is ready and again as the
/// workload ends (while every peer still serves GET /clock), and says what it found: each node's offset and bound,
/// its drift between the two, and any node that could not be measured (its members' times then stay as recorded).
/// </summary>
public static class ClockStage
{
    public static async Task<RunClocks?> MeasureAsync(CliServices services, RunningMesh mesh, CancellationToken ct)
    {
        var placement = mesh.Runner.Placement ?? throw new InvalidOperationException("a swarm run without placement");
        var clocks = await SurveyAsync(services, mesh.CoordinatorPort, placement, "", ct);
        if (clocks is not null)
        {
            services.Say.Info($"swarm: clocks against this one: {string.Join(", ", clocks.Nodes.Select(Describe))}");
        }

        return clocks;
    }

    /// <summary>The start's clocks with each node measured again; a node not measured again keeps its start alone.</summary>
    public static async Task<RunClocks> MeasureAgainAsync(CliServices services, int coordinatorPort, RunClocks start, CancellationToken ct)
    {
        var again = await SurveyAsync(services, coordinatorPort, start.Placement, " again at the end (its drift is not in the bounds)", ct);
        var clocks = start with { AtEnd = again?.Nodes ?? [] };
        if (clocks.Drift.Count > 0)
        {
            services.Say.Info($"swarm: clock drift over the run: {string.Join(", ", clocks.Drift.Select(d => string.Create(CultureInfo.InvariantCulture, $"{d.Key} {d.Value / 1000.0:+0.000;-0.000;0.000} ms")))}");
        }

        return clocks;
    }

    private static async Task<RunClocks?> SurveyAsync(CliServices services, int coordinatorPort, IReadOnlyDictionary<string, string> placement, string when, CancellationToken ct)
    {
        using var coordinator = CoordinatorApi.At(coordinatorPort);
        var survey = await new NodeClockSurvey(new CoordinatorClockRelay(coordinator, services.Clock)).MeasureAsync(placement, ct);
        foreach (var node in survey.Unmeasured)
        {
            services.Say.Warning($"swarm: clock not measured{when}, its members' times stay as recorded: {node}");
        }

        return survey.Clocks;
    }

    private static string Describe(NodeClock node) =>
        string.Create(CultureInfo.InvariantCulture, $"{node.Node} {node.OffsetUs / 1000.0:+0.000;-0.000;0.000} ± {node.ErrorBoundUs / 1000.0:0.000} ms");
}
