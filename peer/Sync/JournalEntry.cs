using CMesh.Common.Records;

namespace CMesh.Peer.Sync;

/// <summary>peers/&lt;peer&gt;/store.journal: one update the store holds, replayed when the peer starts again.</summary>
public readonly record struct JournalEntry(string Writer, long Seq, long WrittenAtUs, string PayloadBase64) : IRecordFile<JournalEntry>
{
    public static string FileName => "store.journal";

    public static IReadOnlyList<string> Columns => ["writer", "seq", "written_at_unix_us", "payload_base64"];

    public static IReadOnlyList<string> Required => Columns;

    public static Func<IRecordFields, JournalEntry> Reader(IRecordFields header)
    {
        int writer = header.Column("writer"), seq = header.Column("seq"), written = header.Column("written_at_unix_us"), payload = header.Column("payload_base64");
        return f => new JournalEntry(f.Text(writer), f.Long(seq), f.Long(written), f.Text(payload));
    }

    public static JournalEntry Of(Update update) => new(update.Writer, update.Sequence, update.WrittenAtMicros, Convert.ToBase64String(update.Payload));

    public string ToCsvLine() => new CsvLine().Add(Writer).Add(Seq).Add(WrittenAtUs).Add(PayloadBase64).ToString();

    /// <summary>Nothing moves: each write time is its writer's clock, carried.</summary>
    public JournalEntry ShiftClock(long us) => this;
}
