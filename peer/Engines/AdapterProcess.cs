using System.Diagnostics;
using System.Threading.Channels;
using CMesh.Common;

namespace CMesh.Peer.Engines;

/// <summary>An event as it arrived, stamped on receipt: adapters never stamp the times CMesh measures.</summary>
public readonly record struct StampedEvent(AdapterEvent Event, long ReceivedAtUs);

/// <summary>
/// The engine adapter as a child process: commands go to its stdin, one JSON line each; its stdout lines are parsed
/// into events as they arrive; its stderr goes to the peer's log. A broken line ends the stream with an
/// <see cref="AdapterProtocolException"/>.
/// </summary>
public sealed class AdapterProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<StampedEvent> _events = Channel.CreateUnbounded<StampedEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly SemaphoreSlim _stdin = new(1, 1);
    private readonly Task _reading;
    private readonly Task _logging;

    private AdapterProcess(Process process, TextWriter log, string prefix)
    {
        _process = process;
        _reading = ReadEventsAsync();
        _logging = CopyLogAsync(log, prefix);
    }

    /// <exception cref="InvalidOperationException">The command could not be started, named.</exception>
    public static AdapterProcess Start(IReadOnlyList<string> command, TextWriter log, string prefix)
    {
        var info = new ProcessStartInfo(command[0])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in command.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        try
        {
            var process = Process.Start(info) ?? throw new InvalidOperationException($"engine adapter {string.Join(' ', command)} did not start");
            process.StandardInput.AutoFlush = true;
            return new AdapterProcess(process, log, prefix);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"engine adapter {string.Join(' ', command)} cannot be started: {e.Message}", e);
        }
    }

    public ChannelReader<StampedEvent> Events => _events.Reader;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>False when the adapter no longer reads its stdin (it exited).</summary>
    public async Task<bool> SendAsync(string line, CancellationToken ct)
    {
        await _stdin.WaitAsync(ct);
        try
        {
            await _process.StandardInput.WriteLineAsync(line.AsMemory(), ct);
            return true;
        }
        catch (IOException)
        {
            return false;
        }
        finally
        {
            _stdin.Release();
        }
    }

    /// <summary>Waits for the adapter to exit by itself; kills it when it has not within <paramref name="grace"/> on <paramref name="clock"/>. True when it exited by itself.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan grace, TimeProvider clock)
    {
        using var limit = new CancellationTokenSource(grace, clock);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await Task.WhenAll(_reading, _logging);
        _process.Dispose();
        _stdin.Dispose();
    }

    private async Task ReadEventsAsync()
    {
        await Task.Yield();
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                var receivedAt = UnixTime.NowMicros();
                if (line.Length > 0 && AdapterMessages.Parse(line) is { } parsed)
                {
                    _events.Writer.TryWrite(new StampedEvent(parsed, receivedAt));
                }
            }

            _events.Writer.TryComplete();
        }
        catch (AdapterProtocolException e)
        {
            _events.Writer.TryComplete(e);
        }
    }

    private async Task CopyLogAsync(TextWriter log, string prefix)
    {
        await Task.Yield();
        while (await _process.StandardError.ReadLineAsync() is { } line)
        {
            log.WriteLine($"{prefix}{line}");
        }
    }
}
