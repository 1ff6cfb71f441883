namespace CMesh.EndToEnd.Tests;

/// <summary>
/// A mesh a test starts with `cmesh run … --name RUN` (no duration) and stops with <see cref="StopAsync"/>. When the
/// test fails before its stop, disposal stops it, so a failure never leaves a run behind for the tests after it.
/// </summary>
public sealed class StartedRun : IAsyncDisposable
{
    private bool _stopped;

    private StartedRun(string runId) => RunId = runId;

    public string RunId { get; }

    /// <summary>Deletes the run's old results, starts it and checks that it came up.</summary>
    public static async Task<StartedRun> StartAsync(string runId, params string[] runArguments)
    {
        new ResultFiles(runId).Delete();
        var result = await Shell.CmeshAsync(["run", .. runArguments, "--name", runId], null, TimeSpan.FromMinutes(5));
        Assert.True(result.ExitCode == 0, result.ToString());
        return new StartedRun(runId);
    }

    public Task<CommandResult> StopAsync()
    {
        _stopped = true;
        return Shell.CmeshAsync("stop", RunId);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopped)
        {
            await Shell.CmeshAsync("stop", RunId);
        }
    }
}
