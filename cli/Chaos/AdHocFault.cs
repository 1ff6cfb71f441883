using System.Text;
using CMesh.Docker.Chaos;

namespace CMesh.Cli.Chaos;

/// <summary>
/// A fault given on the command line (`cmesh chaos loss 20% --targets peer-1..peer-5 --duration 60s`), read by the
/// scenario reader as a one-step scenario so that it is checked exactly like a step in a file.
/// </summary>
public static class AdHocFault
{
    /// <summary>The field the value after the kind sets (loss 20% sets percent); kinds without one take no value.</summary>
    public static readonly IReadOnlyDictionary<FaultKind, string> PrimaryField = new Dictionary<FaultKind, string>
    {
        [FaultKind.Delay] = "delay",
        [FaultKind.Loss] = "percent",
        [FaultKind.Duplicate] = "percent",
        [FaultKind.Corrupt] = "percent",
        [FaultKind.Reorder] = "percent",
        [FaultKind.Rate] = "rate",
        [FaultKind.Partition] = "layout",
        [FaultKind.Kill] = "signal",
        [FaultKind.Stop] = "grace",
        [FaultKind.Restart] = "grace",
        [FaultKind.Churn] = "interval",
        [FaultKind.Mobility] = "layout",
    };

    /// <exception cref="UsageException">The fault, its fields, targets or duration are not valid; the message names the field.</exception>
    public static ScenarioStep Read(FaultKind kind, string? value, IReadOnlyList<string> fields, string? targets, TimeSpan? duration)
    {
        var name = KebabName.Of(kind);
        var yaml = new StringBuilder()
            .AppendLine("name: adhoc")
            .AppendLine("description: a fault given on the command line")
            .AppendLine("steps:")
            .AppendLine("  - at: 0s");
        if (duration is { } d)
        {
            yaml.AppendLine($"    duration: {(long)d.TotalMilliseconds}ms");
        }

        if (targets is not null)
        {
            yaml.AppendLine($"    targets: {Quote(targets)}");
        }

        yaml.AppendLine("    fault:").AppendLine($"      kind: {name}");
        if (value is not null)
        {
            var field = PrimaryField.GetValueOrDefault(kind) ?? throw new UsageException($"{name} takes no value ('{value}'): see `cmesh chaos {name} --help`");
            yaml.AppendLine($"      {field}: {Quote(value)}");
        }

        foreach (var pair in fields)
        {
            var equals = pair.IndexOf('=');
            if (equals <= 0)
            {
                throw new UsageException($"--set {pair}: write FIELD=VALUE, such as --set correlation=25%");
            }

            yaml.AppendLine($"      {pair[..equals].Trim()}: {Quote(pair[(equals + 1)..].Trim())}");
        }

        try
        {
            return ScenarioReader.Read(yaml.ToString(), "adhoc.yaml").Steps[0];
        }
        catch (ScenarioFileException e)
        {
            throw new UsageException($"{name}: {string.Join("; ", e.Errors.Select(Describe))}");
        }
    }

    private static string Describe(ScenarioError error) =>
        error.Field.StartsWith("steps[0].", StringComparison.Ordinal) ? $"{error.Field["steps[0].".Length..]}: {error.Problem}" : error.Problem;

    private static string Quote(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
}
