namespace CMesh.EndToEnd.Tests;

[Collection(MeshCollection.Name)]
public sealed class BadInputTests
{
    [Theory]
    [InlineData("run", "0")]
    [InlineData("run", "-3")]
    [InlineData("run", "abc")]
    [InlineData("run", "100000")]
    [InlineData("run", "3", "--bogus")]
    [InlineData("run", "3", "--duration", "soon")]
    [InlineData("run", "3", "--name", "Not_A_Name")]
    [InlineData("run", "3", "--write-interval", "61s")]
    [InlineData("run", "3", "--settle", "700s")]
    [InlineData("run", "3", "--settle", "1.5s")]
    [InlineData("stop", "no-such-run")]
    [InlineData("frobnicate")]
    [InlineData("run", "3", "--engine", "no-such-engine")]
    [InlineData("run", "3", "--peer-image", "no-such-image:1")]
    [InlineData("engine", "check", "no-such-engine-or-image")]
    public async Task Bad_input_gets_one_line_exit_2_and_starts_nothing(params string[] arguments)
    {
        var result = await Shell.CmeshAsync(arguments);

        AssertRefused(result);
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.managed=true"));
        Assert.Empty(await Shell.DockerIdsAsync("network", "label=cmesh.managed=true"));
    }

    [Fact]
    public async Task A_results_folder_that_cannot_be_written_is_refused_before_anything_starts()
    {
        var environment = new Dictionary<string, string> { ["CMESH_RESULTS_DIR"] = "/proc/version/results" };

        var result = await Shell.CmeshAsync(["run", "3"], environment, TimeSpan.FromMinutes(2));

        AssertRefused(result);
        Assert.Contains("cannot be written", result.StdErr);
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.managed=true"));
    }

    [Fact]
    public async Task A_run_this_host_has_not_the_memory_for_is_refused_with_the_figures_before_anything_starts()
    {
        var environment = new Dictionary<string, string> { ["CMESH_MAX_PEERS"] = "1000" };

        var result = await Shell.CmeshAsync(["run", "1000", "--engine", "syncthing"], environment, TimeSpan.FromMinutes(2));

        AssertRefused(result);
        Assert.Contains("1000 peers of engine syncthing need about", result.StdErr);
        Assert.Contains("run fewer peers or free memory", result.StdErr);
        Assert.Empty(await Shell.DockerIdsAsync("container", "label=cmesh.managed=true"));
        Assert.Empty(await Shell.DockerIdsAsync("network", "label=cmesh.managed=true"));
    }

    [Fact]
    public async Task A_name_clash_with_a_running_mesh_is_refused_and_the_running_mesh_is_untouched()
    {
        await using var first = await StartedRun.StartAsync("e2e-clash", "2");
        var before = await Shell.DockerIdsAsync("container", "label=cmesh.run=e2e-clash");
        new ResultFiles("e2e-clash").Delete();

        var second = await Shell.CmeshAsync("run", "2", "--name", "e2e-clash");

        AssertRefused(second);
        Assert.Contains("e2e-clash", second.StdErr);
        Assert.Equal(before.Order(), (await Shell.DockerIdsAsync("container", "label=cmesh.run=e2e-clash")).Order());
    }

    [Fact]
    public async Task A_run_whose_results_folder_exists_is_refused_so_no_recorded_result_is_lost()
    {
        var existing = new ResultFiles("e2e-exists");
        Directory.CreateDirectory(existing.Directory);
        await File.WriteAllTextAsync(Path.Combine(existing.Directory, "run.json"), "{}");

        var result = await Shell.CmeshAsync("run", "2", "--name", "e2e-exists");

        AssertRefused(result);
        Assert.Equal("{}", await File.ReadAllTextAsync(Path.Combine(existing.Directory, "run.json")));
        existing.Delete();
    }

    [Fact]
    public async Task No_engine_at_DOCKER_HOST_is_one_line_that_says_how_to_start_one()
    {
        var environment = new Dictionary<string, string> { ["DOCKER_HOST"] = "unix:///tmp/cmesh-no-engine.sock" };

        var result = await Shell.CmeshAsync(["ls"], environment, TimeSpan.FromMinutes(2));

        Assert.Equal(1, result.ExitCode);
        var line = Assert.Single(result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("no Docker engine answers at unix:///tmp/cmesh-no-engine.sock", line);
        Assert.Contains("setup-host.sh", line);
    }

    private static void AssertRefused(CommandResult result)
    {
        Assert.True(result.ExitCode == 2, result.ToString());
        var lines = result.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Where(l => !l.StartsWith("cmesh: building the CLI")).ToList();
        Assert.True(lines.Count == 1, $"expected one error line:\n{result}");
        Assert.StartsWith("cmesh: ", lines[0]);
    }
}
