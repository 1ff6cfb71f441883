using System.CommandLine;
using CMesh.Cli.Output;
using CMesh.Report;
using CMesh.Report.Analysis;
using CMesh.Report.Compare;
using CMesh.Report.Input;
using CMesh.Report.Output;
using Spectre.Console;

namespace CMesh.Cli.Commands;

/// <summary>
/// `cmesh report [RUN]`: CSV files, plots, an HTML page and JUnit XML from a run's results, the scenario's
/// assertions checked (exit 1 when one fails); `--compare A B [C …]` prints several runs' figures side by side. Reads files
/// only; no engine is needed.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run (default: the newest in results/)", Arity = ArgumentArity.ZeroOrOne };
        var compare = new Option<string[]>("--compare")
        {
            Description = $"Compare runs (2 to {RunComparison.MaxRuns}: one plan on several engines, say): their figures side by side, each with its change from the first (RUN_A RUN_B [RUN_C …])",
            Arity = new ArgumentArity(2, RunComparison.MaxRuns),
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("report", "Write a run's report (CSV, PNG plots, HTML, JUnit XML) and check its scenario's assertions") { runId, compare };
        command.SetAction(async (parse, ct) =>
        {
            var resultsRoot = services.Settings.ResultsRoot;
            if (parse.GetValue(compare) is { Length: >= 2 } runs)
            {
                if (parse.GetValue(runId) is not null)
                {
                    throw new UsageException("give either RUN or --compare RUN_A RUN_B …, not both");
                }

                if (runs.Distinct().Count() < runs.Length)
                {
                    throw new UsageException($"--compare {string.Join(' ', runs)}: a run is named twice");
                }

                return Compare(services, runs.Select(r => Locate(resultsRoot, r)).ToList(), ct);
            }

            return await ReportAsync(services, parse.GetValue(runId) is { } named ? Locate(resultsRoot, named) : Newest(resultsRoot), ct);
        });
        return command;
    }

    private static async Task<int> ReportAsync(CliServices services, string runDirectory, CancellationToken ct)
    {
        var report = await ReportBuilder.BuildAsync(runDirectory, ct);
        if (Console.IsOutputRedirected)
        {
            // A CI log has no width: Spectre's default of 80 columns would wrap the summary's figures mid-number.
            services.Console.Profile.Width = Math.Max(services.Console.Profile.Width, 120);
        }

        var figures = report.Figures;
        services.Console.Write(ReportTables.Summary(figures));
        services.Console.Write(ReportTables.Distributions(figures));
        services.Console.Write(ReportTables.Peers(figures));
        if (figures.Saturation.SaturatedSeconds > 0)
        {
            services.Say.Warning(figures.Saturation.Warning);
        }

        if (figures.NotDerivable.Count > 0)
        {
            services.Say.Warning($"not derivable from this run's files: {string.Join("; ", figures.NotDerivable)}");
        }
        if (!figures.Tally.IsComplete)
        {
            services.Say.Warning(InputProblems(figures.Tally));
        }

        services.Say.Info($"report: {report.HtmlPath} ({report.Plots.Count} plots; csv/, plots/ and junit.xml beside it)");
        if (report.Assertions.Count == 0)
        {
            services.Say.Info("no scenario assertions to check");
            return ExitCodes.Ok;
        }

        services.Console.Write(ReportTables.Assertions(report));
        var failed = report.Assertions.Count(x => !x.Passed);
        if (failed > 0)
        {
            services.Say.Error($"{failed} of {report.Assertions.Count} assertions failed");
            return ExitCodes.RunFailed;
        }

        services.Say.Info($"all {report.Assertions.Count} assertions passed");
        return ExitCodes.Ok;
    }

    /// <summary>The table is printed; its CSV goes to the last run's report folder, named after the others.</summary>
    private static int Compare(CliServices services, IReadOnlyList<string> runDirectories, CancellationToken ct)
    {
        var runs = runDirectories.Select(directory => RunAnalyzer.Analyze(directory, CsvFolder.None, ct)).ToList();
        var figures = RunComparison.Compare(runs);
        services.Console.Write(ReportTables.Comparison(runs.Select(r => (r.Run.RunId, r.Run.Engine)).ToList(), figures));
        if (RunComparison.ScheduleWarning(runs.Select(r => r.Run).ToList()) is { } differentSchedules)
        {
            services.Say.Warning(differentSchedules);
        }
        var output = Path.Combine(runDirectories[^1], ReportBuilder.Folder);
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, $"compare-with-{string.Join('-', runDirectories.SkipLast(1).Select(Path.GetFileName))}.csv");
        RunComparison.Write(path, runs.Select(r => r.Run.RunId).ToList(), runs.Select(r => r.Run.Engine).ToList(), figures);
        services.Say.Info($"comparison: {path}");
        return ExitCodes.Ok;
    }

    private static string Locate(string resultsRoot, string run)
    {
        var directory = Path.Combine(resultsRoot, run);
        return Directory.Exists(directory) ? directory : throw new UsageException($"no results for run {run} in {resultsRoot}");
    }

    private static string Newest(string resultsRoot) =>
        ResultsRoot.Newest(resultsRoot) ?? throw new UsageException($"no runs in {resultsRoot}: start one with `cmesh run N`");

    private static string InputProblems(InputTally tally)
    {
        var parts = new List<string>();
        if (tally.SkippedRows > 0)
        {
            parts.Add($"{tally.SkippedRows} rows skipped (cut short or unparsable) in {tally.SkippedRowsByFile.Count} files");
        }

        if (tally.MissingFiles.Count > 0)
        {
            parts.Add($"{tally.MissingFiles.Count} files missing ({string.Join(", ", tally.MissingFiles.Take(5))}{(tally.MissingFiles.Count > 5 ? ", …" : "")})");
        }

        if (tally.UnreadableFiles.Count > 0)
        {
            parts.Add($"{tally.UnreadableFiles.Count} files unreadable ({string.Join("; ", tally.UnreadableFiles.Take(3))})");
        }

        return "incomplete results, the rest was used: " + string.Join("; ", parts);
    }
}
