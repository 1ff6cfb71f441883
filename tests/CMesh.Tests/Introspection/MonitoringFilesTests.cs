using System.Text.Json;
using System.Text.RegularExpressions;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Coordinator;
using CMesh.Coordinator.Chaos;
using CMesh.Coordinator.Clocks;
using CMesh.Introspection.Metrics;
using CMesh.Peer.Introspection;
using CMesh.Tests.Peer;

namespace CMesh.Tests.Introspection;

public sealed partial class MonitoringFilesTests : IDisposable
{
    private static readonly string Monitoring = Path.Combine(RepositoryRoot.Path, "docs", "monitoring");
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-monitoring-").FullName;

    [Fact]
    public async Task Every_metric_the_grafana_dashboard_queries_is_one_a_peer_or_the_coordinator_exposes()
    {
        var exposed = await ExposedFamiliesAsync();
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Monitoring, "grafana-dashboard.json")));

        var queried = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .SelectMany(t => MetricName().Matches(t.GetProperty("expr").GetString()!).Select(m => m.Value))
            .Distinct()
            .ToList();

        Assert.NotEmpty(queried);
        Assert.All(queried, name => Assert.Contains(HistogramSuffix().Replace(name, ""), exposed));
    }

    [PromtoolFact]
    public async Task The_prometheus_scrape_config_passes_promtool_check_config()
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo(
            Promtool.Path!, ["check", "config", Path.Combine(Monitoring, "prometheus.yml")]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.True(process.ExitCode == 0, output);
    }

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private async Task<HashSet<string>> ExposedFamiliesAsync()
    {
        var plan = new TestPlan(2, 1000, 16, 2, 4, 1000, 5000, null);
        var text = new PrometheusText();
        await using (var peer = new LoopbackPeer("peer-1", plan, _results, []))
        {
            PeerMetrics.Write(text, peer.View, "peer-1", "run-1");
        }

        var clock = TimeProvider.System;
        var telemetry = new CoordinatorTelemetry();
        using var events = new CoordinatorEventLog(_results);
        var registry = new MeshRegistry(clock);
        using var peerStates = new PeerProxy(registry, clock, TimeSpan.FromSeconds(2));
        using var peerClocks = new PeerClockProbe(registry, clock, TimeSpan.FromSeconds(5));
        var context = new CoordinatorContext("run-1", plan, SwarmKey.FromSecret("k"), registry, new MeshPhaseController(plan, registry, events, clock),
            events, telemetry, clock, clock.GetUtcNow(), ChaosLogFile.InResults(_results), peerStates, peerClocks);
        CoordinatorMetrics.Write(text, context, context.Mesh());
        return text.ToString().Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet();
    }


    [GeneratedRegex(@"\bcmesh_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex("_(bucket|sum|count)$")]
    private static partial Regex HistogramSuffix();
}
