namespace CMesh.Docker.Images;

/// <summary>
/// The Debian mirror this machine's apt already uses, read from its sources at run time, so that the base image is
/// built from the same place the host's own packages come from.
/// </summary>
public static class AptMirror
{
    public static string? Find(string suite, string sourcesRoot = "/etc/apt")
    {
        var files = new List<string>();
        var list = Path.Combine(sourcesRoot, "sources.list");
        if (File.Exists(list))
        {
            files.Add(list);
        }

        var directory = Path.Combine(sourcesRoot, "sources.list.d");
        if (Directory.Exists(directory))
        {
            files.AddRange(Directory.GetFiles(directory).Where(f => f.EndsWith(".list") || f.EndsWith(".sources")).Order());
        }

        return files.SelectMany(f => f.EndsWith(".sources") ? FromDeb822(File.ReadAllText(f)) : FromOneLine(File.ReadAllLines(f)))
            .Where(source => source.Suites.Contains(suite))
            .Select(source => source.Uri)
            .FirstOrDefault();
    }

    internal static IEnumerable<AptSource> FromOneLine(IEnumerable<string> lines)
    {
        foreach (var line in lines.Select(l => l.Trim()).Where(l => l.StartsWith("deb ")))
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(w => !w.StartsWith('[')).ToList();
            if (words.Count >= 2)
            {
                yield return new AptSource(words[0], [words[1]]);
            }
        }
    }

    internal static IEnumerable<AptSource> FromDeb822(string text)
    {
        foreach (var stanza in text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = stanza.Split('\n')
                .Where(l => !l.TrimStart().StartsWith('#') && l.Contains(':'))
                .Select(l => l.Split(':', 2))
                .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim(), StringComparer.OrdinalIgnoreCase);
            if (fields.GetValueOrDefault("Types", "").Split(' ').Contains("deb")
                && fields.TryGetValue("URIs", out var uris) && fields.TryGetValue("Suites", out var suites))
            {
                yield return new AptSource(uris.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], suites.Split(' ', StringSplitOptions.RemoveEmptyEntries));
            }
        }
    }

    internal sealed record AptSource(string Uri, IReadOnlyList<string> Suites);
}
