using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Report.Input;

namespace CMesh.EndToEnd.Tests;

/// <summary>Reads a run's CSV records straight from results/&lt;run&gt;/, as any user's script would.</summary>
public sealed class ResultFiles(string runId)
{
    public string Directory { get; } = Path.Combine(Shell.RepositoryRoot, "results", runId);

    public string PeerFolder(string peer) => Path.Combine(Directory, "peers", peer);

    public string PeerFile(string peer, string file) => Path.Combine(PeerFolder(peer), file);

    /// <summary>A peer's records of one format, read through the format's own schema; a last line cut short by a kill is skipped.</summary>
    public IReadOnlyList<T> Records<T>(string peer) where T : IRecordFile<T> =>
        CsvSource.Read<T>(PeerFile(peer, T.FileName), T.FileName, new InputTally()).ToList();

    /// <summary>The run's chaos.csv events.</summary>
    public IReadOnlyList<ChaosEvent> ChaosEvents() =>
        CsvSource.Read<ChaosEvent>(Path.Combine(Directory, ChaosEvent.FileName), ChaosEvent.FileName, new InputTally()).ToList();

    /// <summary>The coordinator's events.csv.</summary>
    public IReadOnlyList<CoordinatorEventRecord> CoordinatorEvents() =>
        CsvSource.Read<CoordinatorEventRecord>(Path.Combine(Directory, CoordinatorEventRecord.RelativePath), CoordinatorEventRecord.RelativePath, new InputTally()).ToList();

    /// <summary>The summary.json a peer writes when it stops; fails the test when it left none that can be read.</summary>
    public PeerSummary Summary(string peer) => PeerSummary.Read(PeerFolder(peer));

    /// <summary>The digest of a peer's final state, from its summary.</summary>
    public string StateDigest(string peer) => Summary(peer).StateDigest ?? throw new InvalidOperationException($"{peer}'s {PeerSummary.FileName} has no state digest");

    /// <summary>One of the report's CSV files (report/csv/), each row by column name; no field holds a comma.</summary>
    public List<Dictionary<string, string>> ReportCsv(string file)
    {
        var lines = File.ReadAllLines(Path.Combine(Directory, "report", "csv", file));
        var header = lines[0].Split(',');
        return lines.Skip(1).Select(line => header.Zip(line.Split(',')).ToDictionary(p => p.First, p => p.Second)).ToList();
    }

    public void Delete()
    {
        if (System.IO.Directory.Exists(Directory))
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
    }
}
