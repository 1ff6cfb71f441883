using CMesh.Cli.Diagnose;
using CMesh.Cli.Output;
using CMesh.Common.Contracts;
using CMesh.Tests.Diagnose;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace CMesh.Tests.Cli;

public sealed class DiagnosisOutputTests
{
    [Fact]
    public async Task The_tree_shows_every_layer_and_the_verdict_line_names_layer_component_and_failure()
    {
        var mesh = new FakeMesh();
        mesh.Reach = new Reachability(FailureKind.Refused, null, TimeSpan.FromMilliseconds(1), "Connection refused after 1 ms");
        var report = await mesh.Diagnosis().RunAsync(null, CancellationToken.None);

        var text = Render(DiagnosisOutput.Tree(report));

        Assert.Contains("✓ Docker engine: Docker 27.5.1 answers", text);
        Assert.Contains("✗ coordinator: coordinator: Connection refused after 1 ms", text);
        Assert.Contains("– data path: not checked: the coordinator layer is broken", text);
        Assert.Equal("broken at the coordinator layer: coordinator: connection-refused: Connection refused after 1 ms", DiagnosisOutput.Verdict(report));
    }

    [Fact]
    public async Task Faults_in_force_are_named_in_one_line_and_none_give_no_line()
    {
        var report = await new FakeMesh().Diagnosis().RunAsync(null, CancellationToken.None);
        var since = new DateTimeOffset(2026, 11, 22, 10, 0, 5, TimeSpan.Zero);
        var start = new ChaosEvent(since.ToUnixTimeMilliseconds() * 1000, ChaosEvent.Start, "a7fb0", "drop-updates", "peer-2 peer-3", "drop updates", "peer", "");

        var line = DiagnosisOutput.ChaosInForce(report with { ChaosInForce = [InjectedFault.From(start)] });

        Assert.Equal($"chaos in force (cmesh chaos): a7fb0 drop-updates (drop updates) on peer-2 peer-3 since {since.ToLocalTime():HH:mm:ss}", line);
        Assert.Null(DiagnosisOutput.ChaosInForce(report with { ChaosInForce = [] }));
    }

    [Fact]
    public void Top_shows_one_row_per_peer_with_its_links_round_trip_and_rates()
    {
        var mesh = new FakeMesh().Mesh;

        var text = Render(TopTable.Render(mesh, live: true));

        Assert.Contains("run run-1", text);
        Assert.Contains("3 healthy", text);
        Assert.Contains("peer-3", text);
        Assert.Contains("0.4 ms", text);
        Assert.Contains("1000 B", text);
        Assert.Contains("2/2", text);
    }

    [Fact]
    public void A_trace_prints_each_hop_with_its_time_and_the_round_trip_of_the_link_it_came_over()
    {
        var trace = new TraceReport("p1", "peer-1", "peer-3", true, 3.0,
            [new TraceHop("peer-1", null, 0, 0, null), new TraceHop("peer-2", "peer-1", 1, 1.5, 0.4), new TraceHop("peer-3", "peer-2", 2, 3.0, 0.6)], null);

        var text = Render(DiagnosisOutput.Trace(trace));

        Assert.Contains("probe peer-1 → peer-3: arrived after 3.0 ms in 2 hops", text);
        Assert.Contains("peer-2  +1.5 ms  from peer-1, link RTT 0.4 ms", text);
    }

    private static string Render(IRenderable renderable)
    {
        var writer = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        console.Write(renderable);
        return writer.ToString();
    }
}
