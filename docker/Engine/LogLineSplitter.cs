using System.Text;

namespace CMesh.Docker.Engine;

/// <summary>Keeps the partial line of one output stream between reads; splitting bytes on '\n' never cuts a UTF-8 character.</summary>
internal sealed class LogLineSplitter(LogStream stream)
{
    private byte[] _pending = [];

    public List<LogLine> Add(ReadOnlySpan<byte> chunk)
    {
        byte[] bytes = [.. _pending, .. chunk];
        var lines = new List<LogLine>();
        int start = 0, newline;
        while ((newline = Array.IndexOf(bytes, (byte)'\n', start)) >= 0)
        {
            lines.Add(Line(bytes.AsSpan(start, newline - start)));
            start = newline + 1;
        }
        _pending = bytes[start..];
        return lines;
    }

    /// <summary>The last line, when it had no newline.</summary>
    public IEnumerable<LogLine> Flush() => _pending.Length == 0 ? [] : [Line(_pending)];

    private LogLine Line(ReadOnlySpan<byte> bytes) => new(stream, Encoding.UTF8.GetString(bytes).TrimEnd('\r'));
}
