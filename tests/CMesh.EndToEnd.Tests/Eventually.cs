using System.Diagnostics;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// Polls the real mesh until something holds, failing with the test's message once the limit has passed, or at once
/// when the CLI the wait depends on has exited (its exit code and output then say why).
/// </summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(500);

    public static Task TrueAsync(Func<bool> condition, TimeSpan within, string failure, Process? whileRunning = null, TimeSpan? every = null) =>
        ResultAsync(() => Task.FromResult(condition()), done => done, within, _ => failure, whileRunning, every);

    /// <summary>Tries again until <paramref name="done"/> accepts an attempt's result, and returns that result.</summary>
    public static async Task<T> ResultAsync<T>(
        Func<Task<T>> attempt, Func<T, bool> done, TimeSpan within, Func<T, string> failure, Process? whileRunning = null, TimeSpan? every = null)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var result = await attempt();
            if (done(result))
            {
                return result;
            }

            if (whileRunning is { HasExited: true })
            {
                Assert.Fail($"{failure(result)}: the CLI exited {whileRunning.ExitCode}\n{await whileRunning.StandardOutput.ReadToEndAsync()}{await whileRunning.StandardError.ReadToEndAsync()}");
            }

            Assert.True(waited.Elapsed < within, $"{failure(result)} (waited {within.TotalSeconds:F0} s)");
            await Task.Delay(every ?? DefaultPoll);
        }
    }
}
