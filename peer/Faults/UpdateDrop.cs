namespace CMesh.Peer.Faults;

/// <summary>
/// The in-app fault drop-updates: while it is on, the peer sends no update on any link (its own, forwarded or
/// resync), while its links, heartbeats and version-vector exchanges go on. It stands for a sync layer stuck over a
/// healthy transport, which no network fault can make: updates and heartbeats share each link's TCP stream, so a
/// network that stops one stops both.
/// </summary>
public sealed class UpdateDrop
{
    private int _on;
    private long _dropped;

    public bool On => Volatile.Read(ref _on) == 1;

    /// <summary>Update frames withheld since the peer started: one per update and per link it was not sent on.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <returns>Whether it was on before.</returns>
    public bool Set(bool on) => Interlocked.Exchange(ref _on, on ? 1 : 0) == 1;

    public void Withheld(int frames) => Interlocked.Add(ref _dropped, frames);
}
