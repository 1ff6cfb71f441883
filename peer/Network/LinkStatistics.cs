namespace CMesh.Peer.Network;

/// <summary>
/// What crossed one link, counted as it happens. Payload is the updates' application bytes; everything else on the
/// wire (framing, update headers, summaries, heartbeats, peer exchange) is protocol overhead. Of the payload
/// received, the replicator says which was useful (an update new to this peer) and which a duplicate.
/// </summary>
public sealed class LinkStatistics
{
    private long _bytesIn;
    private long _bytesOut;
    private long _framesIn;
    private long _framesOut;
    private long _payloadIn;
    private long _payloadOut;
    private long _updatesIn;
    private long _announcedIn;
    private long _usefulPayloadIn;
    private long _duplicatePayloadIn;
    private long _duplicatesIn;

    public void Received(Frame frame, int bytes)
    {
        Interlocked.Add(ref _bytesIn, bytes);
        Interlocked.Increment(ref _framesIn);
        if (frame is UpdateFrame update)
        {
            Interlocked.Add(ref _payloadIn, update.Update.Payload.Length);
            Interlocked.Increment(ref _updatesIn);
        }
        else if (frame is IHaveFrame ihave)
        {
            Interlocked.Add(ref _announcedIn, ihave.Ranges.Sum(r => (long)r.Range.Count));
        }
    }

    public void Sent(Frame frame, int bytes)
    {
        Interlocked.Add(ref _bytesOut, bytes);
        Interlocked.Increment(ref _framesOut);
        if (frame is UpdateFrame update)
        {
            Interlocked.Add(ref _payloadOut, update.Update.Payload.Length);
        }
    }

    /// <summary>An update received on this link was new here.</summary>
    public void Useful(int payloadBytes) => Interlocked.Add(ref _usefulPayloadIn, payloadBytes);

    /// <summary>An update received on this link was already held.</summary>
    public void Duplicate(int payloadBytes)
    {
        Interlocked.Add(ref _duplicatePayloadIn, payloadBytes);
        Interlocked.Increment(ref _duplicatesIn);
    }

    public LinkCounters Snapshot() => new(
        Interlocked.Read(ref _bytesIn), Interlocked.Read(ref _bytesOut),
        Interlocked.Read(ref _framesIn), Interlocked.Read(ref _framesOut),
        Interlocked.Read(ref _payloadIn), Interlocked.Read(ref _payloadOut),
        Interlocked.Read(ref _updatesIn), Interlocked.Read(ref _usefulPayloadIn),
        Interlocked.Read(ref _duplicatePayloadIn), Interlocked.Read(ref _duplicatesIn), Interlocked.Read(ref _announcedIn));
}

/// <summary>Cumulative counts of one link at one moment.</summary>
/// <param name="AnnouncedIn">Updates named in announcements (IHAVE) received.</param>
public sealed record LinkCounters(
    long BytesIn,
    long BytesOut,
    long FramesIn,
    long FramesOut,
    long PayloadIn,
    long PayloadOut,
    long UpdatesIn,
    long UsefulPayloadIn,
    long DuplicatePayloadIn,
    long DuplicatesIn,
    long AnnouncedIn)
{
    public static readonly LinkCounters Zero = new(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>Updates the neighbour passed on: pushed whole, or announced by id as a lazy link of lazy-push gossip does.</summary>
    public long Forwarded => UpdatesIn + AnnouncedIn;

    public LinkCounters Minus(LinkCounters earlier) => new(
        BytesIn - earlier.BytesIn, BytesOut - earlier.BytesOut, FramesIn - earlier.FramesIn, FramesOut - earlier.FramesOut,
        PayloadIn - earlier.PayloadIn, PayloadOut - earlier.PayloadOut, UpdatesIn - earlier.UpdatesIn,
        UsefulPayloadIn - earlier.UsefulPayloadIn, DuplicatePayloadIn - earlier.DuplicatePayloadIn, DuplicatesIn - earlier.DuplicatesIn,
        AnnouncedIn - earlier.AnnouncedIn);
}
