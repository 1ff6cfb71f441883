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
        try
        {
            var stall = mesh.LaunchChaos("drop-updates", "--targets", "peer-1", "--duration", "5m");
            await Eventually.TrueAsync(
                () => mesh.ChaosRows().Any(r => r.Event == "start" && r.Kind == "drop-updates"), TimeSpan.FromSeconds(90), "drop-updates did not start", stall, TimeSpan.FromMilliseconds(200));

            var cli = mesh.LaunchChaos("quick-tour");
            await Eventually.TrueAsync(
                () => mesh.ChaosRows().Count(r => r.Event == "start") >= 5, TimeSpan.FromSeconds(90), "quick-tour did not start its four faults", cli, TimeSpan.FromMilliseconds(200));

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
        finally
        {
            await mesh.RestoreAsync();
            await mesh.DisposeAsync();
        }
    }
}
