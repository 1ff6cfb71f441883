
namespace CMesh.Cli.Running;

/// <summary>Checks, before anything starts, that a run's results can be written and would overwrite nothing.</summary>
public static class ResultsFolder
{
    /// <summary>Returns results/&lt;run&gt; (not yet created); throws <see cref="UsageException"/> when it cannot be used.</summary>
    public static string Prepare(string resultsRoot, string runId)
    {
        var runDirectory = Path.Combine(resultsRoot, runId);
        if (Directory.Exists(runDirectory))
        {
            throw new UsageException($"{runDirectory} already holds a run's results: choose another --name");
        }

        try
        {
            Directory.CreateDirectory(resultsRoot);
            var probe = Path.Combine(resultsRoot, $".write-test-{Environment.ProcessId}");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new UsageException($"results folder {resultsRoot} cannot be written: {e.Message}");
        }

        return runDirectory;
    }
}
