namespace CMesh.Common.Records;

/// <summary>
/// Reads a file up to and including its last newline. Writers end every row with one, so what follows the last
/// newline is a row cut short by a killed writer (or one being written now), and must not be parsed as whole.
/// </summary>
public sealed class CompleteLinesStream : Stream
{
    private readonly FileStream _file;
    private readonly long _length;

    public CompleteLinesStream(string path)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 16);
        _length = LastNewlineEnd(_file);
        HasCutShortLine = _length < _file.Length;
        _file.Position = 0;
    }

    public bool HasCutShortLine { get; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _file.Position;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) =>
        _file.Read(buffer, offset, UpToLastNewline(count));

    public override int Read(Span<byte> buffer) =>
        _file.Read(buffer[..UpToLastNewline(buffer.Length)]);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _file.ReadAsync(buffer[..UpToLastNewline(buffer.Length)], cancellationToken);

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>How many of <paramref name="wanted"/> bytes a read may take without passing the last newline.</summary>
    private int UpToLastNewline(int wanted) => (int)Math.Min(wanted, _length - _file.Position);

    private static long LastNewlineEnd(FileStream file)
    {
        var chunk = new byte[4096];
        for (var end = file.Length; end > 0;)
        {
            var start = Math.Max(0, end - chunk.Length);
            file.Position = start;
            file.ReadExactly(chunk, 0, (int)(end - start));
            var at = Array.LastIndexOf(chunk, (byte)'\n', (int)(end - start - 1));
            if (at >= 0)
            {
                return start + at + 1;
            }

            end = start;
        }

        return 0;
    }
}
