using System.Text;
using CMesh.Chaos.Faults;
using CMesh.Chaos.Scenarios;
using CMesh.Chaos.Yaml;

namespace CMesh.Cli.Chaos;

/// <summary>
/// A fault given on the command line (`cmesh chaos loss 20% --targets peer-1..peer-5 --duration 60s`), read by the
/// scenario reader as a one-step scenario so that it is checked exactly like a step in a file.
/// </summary>
public static class AdHocFault
{
    /// <exception cref="UsageException">The fault, its fields, targets or duration are not valid; the message names the field.</exception>
    public static ScenarioStep Read(FaultKind kind, string? value, IReadOnlyList<string> fields, string? targets, TimeSpan? duration)
    {
        var name = kind.Name;
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
            var field = kind.BareField ?? throw new UsageException($"{name} takes no value ('{value}'): see `cmesh chaos {name} --help`");
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
