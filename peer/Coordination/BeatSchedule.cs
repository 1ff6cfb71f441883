namespace CMesh.Peer.Coordination;

/// <summary>
/// When a peer heartbeats the coordinator: every beat interval from its creation, and once more the moment
/// <paramref name="beatAtOnce"/> completes (the peer's first link opening, which the coordinator waits on to call the
/// mesh ready), however long that takes. From 100 peers on beats are 5 s apart, and a first link that missed an
/// earlier, shorter wait for it held the whole mesh's readiness up until that peer's next beat.
/// </summary>
public sealed class BeatSchedule(TimeSpan interval, Task beatAtOnce, TimeProvider clock) : IDisposable
{
    private readonly PeriodicTimer _timer = new(interval, clock);
    private Task? _beatAtOnce = beatAtOnce;
    private Task<bool>? _tick;

    /// <summary>
    /// True when a beat is due; false once disposed. A regular beat that falls due once <c>beatAtOnce</c> has completed
    /// stands for the early one. A tick still pending when an early beat returned is awaited by the next call under
    /// the token it was first asked for with: pass the same token every time.
    /// </summary>
    public async Task<bool> WaitForNextAsync(CancellationToken ct)
    {
        _tick ??= _timer.WaitForNextTickAsync(ct).AsTask();
        if (_beatAtOnce is { } early)
        {
            await Task.WhenAny(_tick, early);
            if (early.IsCompleted)
            {
                _beatAtOnce = null;
                if (!_tick.IsCompleted)
                {
                    return true;
                }
            }
        }

        var ticked = await _tick;
        _tick = null;
        return ticked;
    }

    public void Dispose() => _timer.Dispose();
}
