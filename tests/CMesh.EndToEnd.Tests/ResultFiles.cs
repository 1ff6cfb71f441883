namespace CMesh.EndToEnd.Tests;

/// <summary>Reads a run's CSV records straight from results/&lt;run&gt;/, as any user's script would.</summary>
public sealed class ResultFiles(string runId)
{
    public string Directory { get; } = Path.Combine(Shell.RepositoryRoot, "results", runId);

    public string PeerFile(string peer, string file) => Path.Combine(Directory, "peers", peer, file);

    /// <summary>The rows of a peer's CSV file, header left out; a last line cut short by a kill is skipped.</summary>
    public IReadOnlyList<string[]> Rows(string peer, string file)
    {
        var path = PeerFile(peer, file);
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var lines = new StreamReader(stream).ReadToEnd().Split('\n');
        var header = lines[0].Split(',').Length;
        return lines.Skip(1).Select(l => l.Split(',')).Where(r => r.Length == header).ToList();
    }

    /// <summary>The digest of a peer's final state, from the summary.json it writes when it stops.</summary>
    public string? StateDigest(string peer)
    {
        using var summary = System.Text.Json.JsonDocument.Parse(File.ReadAllText(PeerFile(peer, "summary.json")));
        return summary.RootElement.GetProperty("stateDigest").GetString();
    }

    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
