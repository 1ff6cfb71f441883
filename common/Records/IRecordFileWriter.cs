namespace CMesh.Common.Records;

/// <summary>A results file being appended to, whatever its format: what its owner flushes and closes.</summary>
public interface IRecordFileWriter : IDisposable
{
    void Flush();
}
