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
/// assertions checked (exit 1 when one fails); `--compare A B` prints two runs' figures side by side. Reads files
/// only; no engine is needed.
/// </summary>
public static class ReportCommand
{
    public static Command Create(CliServices services)
    {
        var runId = new Argument<string?>("run") { Description = "The run (default: the newest in results/)", Arity = ArgumentArity.ZeroOrOne };
        var compare = new Option<string[]>("--compare")
        {
            Description = "Compare two runs: their figures side by side with the change (RUN_A RUN_B)",
            Arity = new ArgumentArity(2, 2),
            AllowMultipleArgumentsPerToken = true,
        };
        var command = new Command("report", "Write a run's report (CSV, PNG plots, HTML, JUnit XML) and check its scenario's assertions") { runId, compare };
        command.SetAction(async (parse, ct) =>
        {
            var resultsRoot = services.Settings.ResultsRoot;
            if (parse.GetValue(compare) is [var a, var b])
            {
                if (parse.GetValue(runId) is not null)
                {
                    throw new UsageException("give either RUN or --compare RUN_A RUN_B, not both");
                }

                return Compare(services, Locate(resultsRoot, a), Locate(resultsRoot, b), ct);
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

    private static int Compare(CliServices services, string runA, string runB, CancellationToken ct)
    {
        var a = RunAnalyzer.Analyze(runA, CsvFolder.None, ct);
        var b = RunAnalyzer.Analyze(runB, CsvFolder.None, ct);
        var figures = RunComparison.Compare(a, b);
        services.Console.Write(ReportTables.Comparison(a.Run.RunId, b.Run.RunId, figures));
        var output = Path.Combine(runB, ReportBuilder.Folder);
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, $"compare-with-{Path.GetFileName(runA)}.csv");
        RunComparison.Write(path, a.Run.RunId, b.Run.RunId, figures);
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
