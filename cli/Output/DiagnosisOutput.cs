using CMesh.Cli.Diagnose;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CMesh.Cli.Output;

/// <summary>The diagnosis and the probe trace as trees for the terminal.</summary>
public static class DiagnosisOutput
{
    public static IRenderable Tree(DiagnosisReport report)
    {
        var tree = new Tree($"[bold]cmesh diagnose[/] run {Markup.Escape(report.RunId ?? "-")}");
        foreach (var layer in report.Layers)
        {
            var node = tree.AddNode($"{Mark(layer.Status)} [bold]{MeshDiagnosis.Describe(layer.Layer)}[/]: {Markup.Escape(layer.Summary)}");
            foreach (var check in layer.Checks)
            {
                Add(node, check);
            }
        }

        return tree;
    }

    public static string Verdict(DiagnosisReport report) =>
        report.Verdict is not { } verdict
            ? "healthy: every layer checked out"
            : $"broken at the {MeshDiagnosis.Describe(verdict.Layer)} layer: {verdict.Component}: {Kebab(verdict.Failure)}: {verdict.Detail}";

    /// <summary>One line naming the faults cmesh chaos has in force, which a verdict may simply be the effect of; null when none.</summary>
    public static string? ChaosInForce(DiagnosisReport report) =>
        report.ChaosInForce is { Count: > 0 } faults
            ? "chaos in force (cmesh chaos): " + string.Join("; ", faults.Select(f =>
                $"{f.FaultId} {f.Kind} ({f.Parameters}) on {string.Join(" ", f.Targets)} since {f.Since.ToLocalTime():HH:mm:ss}"))
            : null;

    public static IRenderable Trace(TraceReport trace)
    {
        var title = trace.Reached
            ? $"[bold]probe {trace.From} → {trace.To}[/]: arrived after [bold]{trace.TotalMs:F1} ms[/] in {trace.Hops.Count - 1} hops"
            : $"[bold]probe {trace.From} → {trace.To}[/]: [red]did not arrive[/]";
        var tree = new Tree(title);
        foreach (var hop in trace.Hops)
        {
            var via = hop.From is null ? "written here" : $"from {hop.From}, link RTT {(hop.LinkRttMs is { } rtt ? $"{rtt:F1} ms" : "-")}";
            tree.AddNode($"{Markup.Escape(hop.Peer)}  +{hop.SeenAfterMs:F1} ms  [grey]{Markup.Escape(via)}[/]");
        }

        if (trace.StoppedAt is { } stopped)
        {
            tree.AddNode($"[{(trace.Reached ? "yellow" : "red")}]{Markup.Escape(stopped)}[/]");
        }

        return tree;
    }

    private static void Add(TreeNode parent, Check check)
    {
        var node = parent.AddNode($"{Mark(check.Status)} {Markup.Escape(check.Name)}: {Markup.Escape(check.Detail)}");
        foreach (var child in check.Children ?? [])
        {
            Add(node, child);
        }
    }

    private static string Mark(CheckStatus status) => status switch
    {
        CheckStatus.Ok => "[green]✓[/]",
        CheckStatus.Warning => "[yellow]![/]",
        CheckStatus.Failed => "[red]✗[/]",
        _ => "[grey]–[/]",
    };

    private static string Kebab(FailureMode mode) =>
        string.Concat(mode.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? $"-{char.ToLowerInvariant(c)}" : char.ToLowerInvariant(c).ToString()));
}
