namespace CMesh.Report.Input;

/// <summary>The results/ folder that holds one folder per run.</summary>
public static class ResultsRoot
{
    /// <summary>The run that started last (run.json's startedAt, else when its folder was made), or null when there is none.</summary>
    public static string? Newest(string resultsRoot) =>
        Directory.Exists(resultsRoot)
            ? Directory.EnumerateDirectories(resultsRoot)
                .Where(d => File.Exists(Path.Combine(d, RunInfo.FileName)) || Directory.Exists(Path.Combine(d, "peers")))
                .MaxBy(d => RunInfo.Read(d, new InputTally()).StartedAt ?? new DateTimeOffset(Directory.GetCreationTimeUtc(d)))
            : null;
}
