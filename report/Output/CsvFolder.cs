namespace CMesh.Report.Output;

/// <summary>Where the report's CSV files go (report/csv/), or nowhere.</summary>
public sealed class CsvFolder
{
    public static readonly CsvFolder None = new(null);

    private CsvFolder(string? directory) => Directory = directory;

    public string? Directory { get; }

    public static CsvFolder At(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        return new CsvFolder(directory);
    }

    public CsvTable Open(string fileName, params string[] header) =>
        Directory is null ? CsvTable.Discard : CsvTable.Create(Path.Combine(Directory, fileName), header);
}
