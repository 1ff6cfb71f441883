using CMesh.Testing;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// CMesh driven from a test through its Testcontainers-style API, as a .NET team would from its own suite: no shared
/// fixture, the API builds the images it needs and removes only its own run.
/// </summary>
public sealed class TestMeshTests
{
    [Fact]
    public async Task A_three_peer_mesh_delivers_every_update_keeps_every_peer_available_and_leaves_nothing_after_disposal()
    {
        var runName = $"tc-{DateTime.UtcNow:HHmmss}";
        await using (var mesh = new MeshBuilder().WithPeers(3).WithDuration(TimeSpan.FromSeconds(10)).WithRunName(runName).Build())
        {
            await mesh.StartAsync(CancellationToken.None);
            await mesh.RunAsync(CancellationToken.None);
            await mesh.StopAsync(CancellationToken.None);
            var figures = (await mesh.ReportAsync(CancellationToken.None)).Figures;

            Assert.Equal(3, figures.Peers.Count);
            Assert.True(figures.Accounts.Values.Sum(a => a.Expected) > 0, "no update was expected: the workload did not run");
            Assert.Equal(0, figures.Missing);
            Assert.All(figures.Availability.ByPeer, p => Assert.True(p.Value.Percent == 100, $"{p.Key} available {p.Value.Percent} %"));
        }

        Assert.Empty(await Shell.DockerIdsAsync("container", $"label=cmesh.run={runName}"));
        Assert.Empty(await Shell.DockerIdsAsync("network", $"label=cmesh.run={runName}"));
    }
}
