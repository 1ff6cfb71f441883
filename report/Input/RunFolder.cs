using CMesh.Common;

namespace CMesh.Report.Input;

/// <summary>A run's results folder, results/&lt;run-id&gt;/, and where each of its files is.</summary>
public sealed class RunFolder
{
    private RunFolder(string directory, IReadOnlyList<string> peers)
    {
        Directory = directory;
        Peers = peers;
    }

    public string Directory { get; }

    /// <summary>The peers that left a folder, plus those the plan expected that left none, in natural order.</summary>
    public IReadOnlyList<string> Peers { get; }

    /// <exception cref="DirectoryNotFoundException">No such folder.</exception>
    public static RunFolder Open(string directory, int? plannedPeers)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"no results folder {directory}");
        }

        var peersDirectory = Path.Combine(directory, "peers");
        var found = System.IO.Directory.Exists(peersDirectory)
            ? System.IO.Directory.EnumerateDirectories(peersDirectory).Select(Path.GetFileName).OfType<string>()
            : [];
        var planned = Enumerable.Range(1, plannedPeers ?? 0).Select(i => $"peer-{i}");
        return new RunFolder(directory, found.Union(planned).Order(NaturalOrder.Instance).ToList());
    }

    public string PeerFolder(string peer) => Path.Combine(Directory, "peers", peer);

    public string PeerFile(string peer, string file) => Path.Combine(PeerFolder(peer), file);

    /// <summary>How a peer's file is named in messages: its path inside the run folder.</summary>
    public static string PeerFileName(string peer, string file) => $"peers/{peer}/{file}";

    public string File(string relativePath) => Path.Combine(Directory, relativePath);
}
