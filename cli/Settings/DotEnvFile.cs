namespace CMesh.Cli.Settings;

/// <summary>Reads KEY=VALUE files (.env, .secret.env): blank lines and # comments skipped, quotes around values removed.</summary>
public static class DotEnvFile
{
    public static IReadOnlyDictionary<string, string> Read(string path) =>
        File.Exists(path) ? Parse(File.ReadAllLines(path), path) : new Dictionary<string, string>();

    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> lines, string source)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new UsageException($"{source}:{number}: expected KEY=VALUE");
            }

            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[line[..equals].Trim()] = value;
        }

        return values;
    }
}
