namespace CMesh.Report.Input;

/// <summary>
/// What of a run's results could not be used: missing files, lines cut short by a killed writer, rows that do not
/// parse. The report uses the rest and prints these counts, so a half-written run is reported, not fatal.
/// </summary>
public sealed class InputTally
{
    private readonly Dictionary<string, long> _skippedRows = new(StringComparer.Ordinal);
    private readonly List<string> _missingFiles = [];
    private readonly List<string> _unreadableFiles = [];

    public long FilesRead { get; private set; }

    public long RowsRead { get; private set; }

    public IReadOnlyDictionary<string, long> SkippedRowsByFile => _skippedRows;

    public long SkippedRows => _skippedRows.Values.Sum();

    public IReadOnlyList<string> MissingFiles => _missingFiles;

    /// <summary>Files present but unusable as a whole (no header, a required column missing), with why.</summary>
    public IReadOnlyList<string> UnreadableFiles => _unreadableFiles;

    public bool IsComplete => _skippedRows.Count == 0 && _missingFiles.Count == 0 && _unreadableFiles.Count == 0;

    internal void FileRead() => FilesRead++;

    internal void RowRead() => RowsRead++;

    internal void RowSkipped(string file) => _skippedRows[file] = _skippedRows.GetValueOrDefault(file) + 1;

    internal void Missing(string file) => _missingFiles.Add(file);

    internal void Unreadable(string file, string why) => _unreadableFiles.Add($"{file}: {why}");
}
