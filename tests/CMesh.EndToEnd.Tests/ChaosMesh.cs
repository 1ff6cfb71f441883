using CMesh.Common.Contracts;
using CMesh.Common.Records;
using System.Diagnostics;
using CMesh.Testing;
using System.Net.Http.Json;
using System.Text.Json;

namespace CMesh.EndToEnd.Tests;

/// <summary>One mesh of four peers that the chaos tests share, each test leaving it healed as it found it.</summary>
public sealed class ChaosMesh : IAsyncLifetime
{
    public const string Run = "e2e-chaos";

    private readonly List<Process> _launched = [];

    public ResultFiles Results { get; } = new(Run);

    public static string Container(string member) => $"cmesh-{Run}-{member}";

    private readonly SharedMesh _mesh = new(Run, new MeshBuilder().WithPeers(4));

    public Task InitializeAsync() => _mesh.StartAsync();

    public async Task DisposeAsync() => await _mesh.DisposeAsync();

    public Task<int> PidAsync(string member) => Namespaces.PidAsync(Container(member));

    public Task<string> DataIpAsync(string member) => Namespaces.IpAsync(Run, "data", Container(member));

    /// <summary>Starts `cmesh chaos …` on this mesh without waiting; <see cref="RestoreAsync"/> ends it if the test does not.</summary>
    public Process LaunchChaos(params string[] arguments)
    {
        var cli = Shell.StartCmesh(["chaos", .. arguments, "--run", Run]);
        _launched.Add(cli);
        return cli;
    }

    /// <summary>Starts `cmesh chaos …` on this mesh and waits until its fault is in force (its start row is in chaos.csv).</summary>
    public async Task<Process> StartChaosAsync(params string[] arguments)
    {
        var before = ChaosRows().Count(r => r.Event == "start");
        var cli = LaunchChaos(arguments);
        await Eventually.TrueAsync(
            () => ChaosRows().Count(r => r.Event == "start") > before,
            TimeSpan.FromSeconds(60),
            $"`cmesh chaos {string.Join(' ', arguments)}` did not start its fault",
            cli,
            TimeSpan.FromMilliseconds(200));
        return cli;
    }

    /// <summary>
    /// Leaves the mesh as the next test expects it, whether this one passed or failed: kills the chaos CLIs it left
    /// running, then heals whatever they had in force with `cmesh chaos clear`.
    /// </summary>
    public async Task RestoreAsync()
    {
        try
        {
            foreach (var cli in _launched)
            {
                if (!cli.HasExited)
                {
                    cli.Kill(entireProcessTree: true);
                    await cli.WaitForExitAsync();
                }

                cli.Dispose();
            }
        }
        finally
        {
            _launched.Clear();
            await Shell.CmeshAsync("chaos", "clear", "--run", Run);
        }
    }

    public static async Task<string> FinishAsync(Process cli)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await cli.WaitForExitAsync(limit.Token);
        var output = await cli.StandardOutput.ReadToEndAsync() + await cli.StandardError.ReadToEndAsync();
        Assert.True(cli.ExitCode == 0, $"exit {cli.ExitCode}: {output}");
        return output;
    }

    /// <summary>chaos.csv's events so far.</summary>
    public IReadOnlyList<ChaosEvent> ChaosRows() => Results.ChaosEvents();

    /// <summary>Checks from outside the harness that no fault is left: no cmesh table, qdisc or device in any peer, nothing paused, no helper.</summary>
    public async Task AssertHealedAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        foreach (var peer in Enumerable.Range(1, 4).Select(i => $"peer-{i}"))
        {
            Assert.Equal("false", await Shell.DockerAsync("inspect", "-f", "{{.State.Paused}}", Container(peer)));
            Assert.Equal("true", await Shell.DockerAsync("inspect", "-f", "{{.State.Running}}", Container(peer)));
            Assert.Empty(await Namespaces.LeftoversAsync(await PidAsync(peer)));
            var state = await http.GetFromJsonAsync<JsonElement>($"http://{await Namespaces.IpAsync(Run, "control", Container(peer))}:7101/state");
            Assert.Empty(state.GetProperty("faults").EnumerateArray());
        }

        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.role=chaos-helper"));
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.role=chaos-probe"));
    }
}
