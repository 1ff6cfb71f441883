using System.Text;
using Microsoft.Win32.SafeHandles;

namespace CMesh.Peer.Records;

/// <summary>
/// A /proc file kept open and read again from its start each time: the kernel writes its text afresh on every read
/// at offset 0, so a read costs one system call instead of the five of opening, locking, stating, reading and closing.
/// </summary>
public sealed class ProcFile(string path) : IDisposable
{
    private readonly SafeFileHandle? _handle = Open(path);
    private byte[] _buffer = new byte[4096];

    /// <summary>The file's text now; null when it could not be opened or read.</summary>
    public string? Read()
    {
        if (_handle is null)
        {
            return null;
        }

        try
        {
            int read;
            while ((read = RandomAccess.Read(_handle, _buffer, 0)) == _buffer.Length)
            {
                _buffer = new byte[_buffer.Length * 2];
            }

            return Encoding.ASCII.GetString(_buffer, 0, read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            return null;
        }
    }

    public void Dispose() => _handle?.Dispose();

    private static SafeFileHandle? Open(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
