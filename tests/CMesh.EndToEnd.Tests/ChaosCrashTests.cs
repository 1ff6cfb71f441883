using CMesh.Common.Records;
namespace CMesh.EndToEnd.Tests;

[Collection(MeshCollection.Name)]
public sealed class ChaosCrashTests
{
    [Fact]
    public async Task Killing_the_cli_mid_scenario_leaves_faults_that_chaos_clear_removes_and_clean_leaves_nothing_behind()
    {
        var mesh = new ChaosMesh();
        await mesh.InitializeAsync();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        using var stall = Shell.StartCmesh("chaos", "drop-updates", "--targets", "peer-1", "--duration", "5m", "--run", ChaosMesh.Run);
        while (!mesh.ChaosRows().Any(r => r.Event == "start" && r.Kind == "drop-updates"))
        {
            Assert.True(DateTime.UtcNow < deadline && !stall.HasExited, "drop-updates did not start");
            await Task.Delay(200);
        }

        using var cli = Shell.StartCmesh("chaos", "quick-tour", "--run", ChaosMesh.Run);
        while (mesh.ChaosRows().Count(r => r.Event == "start") < 5)
        {
            Assert.True(DateTime.UtcNow < deadline && !cli.HasExited, "quick-tour did not start its four faults");
            await Task.Delay(200);
        }

        cli.Kill();
        stall.Kill();
        await cli.WaitForExitAsync();
        await stall.WaitForExitAsync();

        Assert.NotEmpty(await Shell.DockerIdsAsync("container", $"label=cmesh.run={ChaosMesh.Run}"));
        Assert.NotEmpty(await Shell.DockerIdsAsync("container", "label=cmesh.role=chaos-helper"));
        Assert.Single(await Shell.DockerIdsAsync("container", "status=paused"));
        var listed = await Shell.CmeshAsync("chaos", "ls", "--run", ChaosMesh.Run);
        Assert.Contains("gone", listed.StdOut);

        var clear = await Shell.CmeshAsync("chaos", "clear", "--run", ChaosMesh.Run);
        Assert.True(clear.ExitCode == 0, clear.ToString());
        Assert.Contains("unpaused", clear.StdOut + clear.StdErr);
        Assert.Contains("peer-1: switched off drop-updates", clear.StdOut + clear.StdErr);
        await mesh.AssertHealedAsync();
        Assert.Equal(5, mesh.ChaosRows().Count(r => r.Event == "end" && r.Detail == "cleared"));

        var clean = await Shell.CmeshAsync("clean");
        Assert.True(clean.ExitCode == 0, clean.ToString());
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.managed=true"));
        Assert.Empty(await Shell.DockerIdsAsync("container", "status=paused"));
    }
}
