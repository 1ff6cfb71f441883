using System.Globalization;
using System.Text.Json;
using CMesh.Common;
using CMesh.Common.Clocks;

namespace CMesh.Report.Input;

/// <summary>
/// What run.json says about a run, read leniently: a field that is missing or of another shape (an older CLI, a
/// manifest cut short) is left out rather than failing the report.
/// </summary>
/// <param name="Clocks">Each node's clock against the CLI's, when the run's members ran on several machines; null: one clock.</param>
public sealed record RunInfo(
    string RunId,
    string? Command,
    string? Scenario,
    int? PlannedPeers,
    DateTimeOffset? StartedAt,
    DateTimeOffset? ReadyAt,
    DateTimeOffset? StoppedAt,
    IReadOnlyList<KeyValuePair<string, string>> Parameters,
    IReadOnlyList<KeyValuePair<string, string>> Host,
    PlanFacts Plan,
    string Engine = RunInfo.BuiltInEngine,
    RunClocks? Clocks = null)
{
    public const string FileName = "run.json";

    /// <summary>The engine of runs whose run.json names none (all runs before engines could be chosen).</summary>
    public const string BuiltInEngine = "cmesh";

    /// <summary>Only the built-in engine records its links' traffic (bandwidth.csv) and catch-ups (resync.csv).</summary>
    public bool EngineRecordsLinks => Engine == BuiltInEngine;

    public static RunInfo Read(string runDirectory, InputTally tally)
    {
        var runId = Path.GetFileName(Path.TrimEndingDirectorySeparator(runDirectory));
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path))
        {
            tally.Missing(FileName);
            return new RunInfo(runId, null, null, null, null, null, null, [], [], PlanFacts.Defaults);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var root = document.RootElement;
            var plan = Child(root, "plan");
            var parameters = new List<KeyValuePair<string, string>>();
            if (Text(root, "command") is { } command)
            {
                parameters.Add(new("command", command));
            }

            if (Text(root, "scenario") is { } scenario)
            {
                parameters.Add(new("scenario", scenario));
            }

            var engine = Text(root, "engine") ?? BuiltInEngine;
            parameters.Add(new("engine", engine));

            parameters.AddRange(Flatten(plan));
            parameters.AddRange(new[] { "startedAt", "readyAt", "timeToReadySeconds", "stoppedAt", "stopReason" }
                .Where(name => Child(root, name) is { ValueKind: not JsonValueKind.Null })
                .Select(name => new KeyValuePair<string, string>(name, Child(root, name)!.Value.ToString())));
            tally.FileRead();
            return new RunInfo(
                Text(root, "runId") ?? runId,
                Text(root, "command"),
                Text(root, "scenario"),
                Child(plan, "peers") is { ValueKind: JsonValueKind.Number } peers ? peers.GetInt32() : null,
                Time(root, "startedAt"),
                Time(root, "readyAt"),
                Time(root, "stoppedAt"),
                parameters,
                Flatten(Child(root, "host")),
                new PlanFacts(
                    Int(plan, "writeIntervalMs") ?? PlanFacts.Defaults.WriteIntervalMs,
                    Int(plan, "antiEntropyIntervalMs") ?? PlanFacts.Defaults.AntiEntropyIntervalMs,
                    Int(plan, "freshnessBoundMs") ?? PlanFacts.Defaults.FreshnessBoundMs,
                    Int(plan, "workloadSeed")),
                engine,
                ReadClocks(Child(root, RunClocks.JsonName), tally));
        }
        catch (JsonException e)
        {
            tally.Unreadable(FileName, e.Message);
            return new RunInfo(runId, null, null, null, null, null, null, [], [], PlanFacts.Defaults);
        }
    }

    /// <summary>The clocks section, the very record the runner wrote; unusable as a whole (named in the tally) when any part is missing.</summary>
    private static RunClocks? ReadClocks(JsonElement? section, InputTally tally)
    {
        if (section is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        try
        {
            var clocks = element.Deserialize<RunClocks>(CMeshJson.Options);
            if (clocks is { Nodes: not null, Placement: not null } && clocks.Nodes.All(n => n is { Node: not null }))
            {
                return clocks;
            }

            tally.Unreadable($"{FileName} {RunClocks.JsonName}", "nodes or placement missing: times not corrected");
        }
        catch (JsonException e)
        {
            tally.Unreadable($"{FileName} {RunClocks.JsonName}", $"{e.Message}: times not corrected");
        }

        return null;
    }

    private static JsonElement? Child(JsonElement? parent, string name) =>
        parent is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var child) ? child : null;

    private static int? Int(JsonElement? parent, string name) =>
        Child(parent, name) is { ValueKind: JsonValueKind.Number } value && value.TryGetInt32(out var number) ? number : null;

    private static string? Text(JsonElement parent, string name) =>
        Child(parent, name) is { ValueKind: JsonValueKind.String } value ? value.GetString() : null;

    private static DateTimeOffset? Time(JsonElement parent, string name) =>
        Text(parent, name) is { } text && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time : null;

    private static List<KeyValuePair<string, string>> Flatten(JsonElement? section) =>
        section is { ValueKind: JsonValueKind.Object } element
            ? element.EnumerateObject()
                .Where(p => p.Value.ValueKind is not (JsonValueKind.Null or JsonValueKind.Object or JsonValueKind.Array))
                .Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ToString()))
                .ToList()
            : [];
}

/// <summary>What of the test plan the report's definitions need; the plan's defaults where run.json lacks them.</summary>
/// <param name="WriteIntervalMs">Between two writes of one peer: availability is judged per max(1 s, this).</param>
/// <param name="AntiEntropyIntervalMs">How often peers repair gaps: updates written this long (plus 1 s) before the stop are expected only if delivered.</param>
/// <param name="FreshnessBoundMs">A reader lagging a writer by at most this long is fresh.</param>
/// <param name="WorkloadSeed">The seed of the peers' write offsets; null when the run drew them afresh.</param>
public sealed record PlanFacts(int WriteIntervalMs, int AntiEntropyIntervalMs, int FreshnessBoundMs, int? WorkloadSeed = null)
{
    public static readonly PlanFacts Defaults = new(1000, 5000, 5000);
}
