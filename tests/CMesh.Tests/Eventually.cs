using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace CMesh.Tests;

/// <summary>
/// Waits for what real sockets and threads bring about (a link opening, a frame arriving), failing with the condition
/// that did not come true. Tests of timing itself use <see cref="ManualClock"/> instead.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(20);

    public static async Task True(Func<bool> condition, [CallerArgumentExpression(nameof(condition))] string expression = "")
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < Limit, $"not true within {Limit.TotalSeconds:F0} s: {expression}");
            await Task.Delay(Poll);
        }
    }
}
