using System.Runtime.CompilerServices;
using Docker.DotNet;

namespace CMesh.Docker.Engine;

/// <summary>Text lines of a container's stdout and stderr, each stream split on its own, whatever the framing.</summary>
internal static class MultiplexedLogLines
{
    public static async IAsyncEnumerable<LogLine> ReadAsync(MultiplexedStream output, [EnumeratorCancellation] CancellationToken ct)
    {
        var stdout = new LogLineSplitter(LogStream.StdOut);
        var stderr = new LogLineSplitter(LogStream.StdErr);
        var buffer = new byte[16 * 1024];
        while (true)
        {
            var read = await output.ReadOutputAsync(buffer, 0, buffer.Length, ct);
            if (read.EOF)
                break;
            var splitter = read.Target == MultiplexedStream.TargetStream.StandardError ? stderr : stdout;
            foreach (var line in splitter.Add(buffer.AsSpan(0, read.Count)))
                yield return line;
        }
        foreach (var line in stdout.Flush().Concat(stderr.Flush()))
            yield return line;
    }
}
