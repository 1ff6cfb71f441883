namespace CMesh.Common.Records;

/// <summary>
/// peers/&lt;peer&gt;/bandwidth.csv: what crossed one open link since the previous sample (counts, not rates).
/// Bytes are whole frames on the wire, TCP/IP headers not included. <c>payload_bytes_*</c> are the updates'
/// application bytes; of those received, <c>useful_payload_bytes_in</c> made an update visible here for the first
/// time and <c>duplicate_payload_bytes_in</c> repeated one already held. <see cref="Closed"/>: the link closed and
/// this row is its last, partial, interval.
/// </summary>
public readonly record struct BandwidthRecord(
    long DueAtUs,
    long TimeUs,
    string RemotePeer,
    long BytesIn,
    long BytesOut,
    long FramesIn,
    long FramesOut,
    long PayloadBytesIn,
    long PayloadBytesOut,
    long UsefulPayloadBytesIn,
    long DuplicatePayloadBytesIn,
    long DuplicateUpdatesIn,
    long RttUs,
    long LastReceivedUs,
    bool Closed) : IRecordFile<BandwidthRecord>
{
    public static string FileName => "bandwidth.csv";

    public static IReadOnlyList<string> Columns =>
    [
        "due_unix_us", "time_unix_us", "remote_peer", "bytes_in", "bytes_out", "frames_in", "frames_out", "payload_bytes_in", "payload_bytes_out",
        "useful_payload_bytes_in", "duplicate_payload_bytes_in", "duplicate_updates_in", "rtt_us", "last_received_unix_us", "closed",
    ];

    public static IReadOnlyList<string> Required => ["time_unix_us", "remote_peer", "bytes_in", "bytes_out"];

    /// <summary>True when the file tells useful from duplicate payload (runs recorded before it did not).</summary>
    public static bool SplitsPayload(IRecordFields header) => header.Column("duplicate_payload_bytes_in") >= 0;

    /// <summary>Older files have no due time (the sample's time stands for it) and no useful/duplicate split (-1).</summary>
    public static Func<IRecordFields, BandwidthRecord> Reader(IRecordFields header)
    {
        int due = header.Column("due_unix_us"), time = header.Column("time_unix_us"), remote = header.Column("remote_peer"),
            bytesIn = header.Column("bytes_in"), bytesOut = header.Column("bytes_out"), framesIn = header.Column("frames_in"),
            framesOut = header.Column("frames_out"), payloadIn = header.Column("payload_bytes_in"), payloadOut = header.Column("payload_bytes_out"),
            useful = header.Column("useful_payload_bytes_in"), duplicate = header.Column("duplicate_payload_bytes_in"),
            duplicates = header.Column("duplicate_updates_in"), rtt = header.Column("rtt_us"), last = header.Column("last_received_unix_us"),
            closed = header.Column("closed");
        return f =>
        {
            var at = f.Long(time);
            return new BandwidthRecord(
                f.LongOr(due, at), at, f.Text(remote), f.Long(bytesIn), f.Long(bytesOut), f.LongOr(framesIn, 0), f.LongOr(framesOut, 0),
                f.LongOr(payloadIn, 0), f.LongOr(payloadOut, 0), f.LongOr(useful, -1), f.LongOr(duplicate, -1), f.LongOr(duplicates, -1),
                f.LongOr(rtt, -1), f.LongOr(last, 0), f.LongOr(closed, 0) == 1);
        };
    }

    public string ToCsvLine() => new CsvLine().Add(DueAtUs).Add(TimeUs).Add(RemotePeer).Add(BytesIn).Add(BytesOut).Add(FramesIn).Add(FramesOut)
        .Add(PayloadBytesIn).Add(PayloadBytesOut).Add(UsefulPayloadBytesIn).Add(DuplicatePayloadBytesIn).Add(DuplicateUpdatesIn).Add(RttUs)
        .Add(LastReceivedUs).Add(Closed).ToString();

    /// <summary>A last receive time of 0 (files older than the column) stays 0.</summary>
    public BandwidthRecord ShiftClock(long us) =>
        this with { DueAtUs = DueAtUs + us, TimeUs = TimeUs + us, LastReceivedUs = LastReceivedUs == 0 ? 0 : LastReceivedUs + us };
}
