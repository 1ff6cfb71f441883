using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CMesh.Common.Timing;

/// <summary>
/// A Linux timerfd on CLOCK_MONOTONIC, the clock <see cref="Stopwatch.GetTimestamp"/> reads: one thread sleeps in
/// <see cref="Wait"/> until the deadline last set, and any thread may move the deadline. A sleeping thread is not woken
/// to learn of a new deadline (a monitor's pulse would wake it once to sleep again, and once more at the deadline).
/// </summary>
internal sealed partial class MonotonicAlarm : IDisposable
{
    private const int ClockMonotonic = 1;
    private const int CloseOnExec = 0x80000;
    private const int AbsoluteTime = 1;
    private const long NanosecondsPerSecond = 1_000_000_000;

    private readonly int _fd;

    public MonotonicAlarm()
    {
        _fd = timerfd_create(ClockMonotonic, CloseOnExec);
        if (_fd < 0)
        {
            throw new IOException($"timerfd_create failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>Sets the deadline to a <see cref="Stopwatch.GetTimestamp"/> value (one already past wakes the sleeper
    /// at once); <see cref="long.MaxValue"/> sets none.</summary>
    public void WakeAt(long timestamp)
    {
        var value = timestamp == long.MaxValue ? default : ToTimeSpec(Math.Max(timestamp, 1));
        if (timerfd_settime(_fd, AbsoluteTime, new TimerSpec(default, value), IntPtr.Zero) != 0)
        {
            throw new IOException($"timerfd_settime failed (errno {Marshal.GetLastPInvokeError()})");
        }
    }

    /// <summary>Sleeps until the deadline, or returns early when a signal interrupts it; callers look at the time again either way.</summary>
    public void Wait() => read(_fd, out _, sizeof(ulong));

    public void Dispose() => close(_fd);

    private static TimeSpec ToTimeSpec(long timestamp)
    {
        var nanoseconds = (long)((Int128)timestamp * NanosecondsPerSecond / Stopwatch.Frequency);
        return new TimeSpec(nanoseconds / NanosecondsPerSecond, nanoseconds % NanosecondsPerSecond);
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int timerfd_create(int clockId, int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int timerfd_settime(int fd, int flags, in TimerSpec newValue, IntPtr oldValue);

    [LibraryImport("libc", SetLastError = true)]
    private static partial nint read(int fd, out ulong expirations, nint count);

    [LibraryImport("libc")]
    private static partial int close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimeSpec(long Seconds, long Nanoseconds);

    [StructLayout(LayoutKind.Sequential)]
    private readonly record struct TimerSpec(TimeSpec Interval, TimeSpec Value);
}
