using CMesh.Report.Output;
using CMesh.Report.Timeline;

namespace CMesh.Report.Derivation;

/// <summary>
/// Every (measured update, other peer) pair is delivered or missing. Not expected, and so counted apart rather than
/// as missing: an update written in the last anti-entropy interval + 1 s before the stop that had not arrived
/// (repair was still on its way: <c>run-ended</c>), and one whose reader was not running at any time after it was written
/// (<c>reader-down</c>). A reader that ran on while its engine acknowledged none of its own writes was there to receive:
/// what it missed is missing (<c>reader-stalled</c>). Every undelivered pair is written to missing.csv with the reason,
/// where one is known.
/// </summary>
public sealed class DeliveryAccounting(RunWindow window, Uptime uptime, IReadOnlyList<FaultInterval> faults, long tailUs)
{
    public const string RunEnded = "run-ended";
    public const string ReaderDown = "reader-down";
    public const string ReaderStalled = "reader-stalled";
    public const string WriterDown = "writer-down";
    public const string NotDelivered = "not-delivered";

    private static readonly string[] Partitions = ["partition", "mobility"];
    private readonly Dictionary<string, PeerAccount> _byReader = new(StringComparer.Ordinal);
    private readonly Dictionary<string, bool[]> _seenByAny = new(StringComparer.Ordinal);

    public static string[] Columns => ["writer", "seq", "reader", "written_at_unix_us", "reason", "expected"];

    public long TailUs => tailUs;

    public void Read(ReaderSeen seen, CsvTable missingCsv)
    {
        long delivered = 0, expected = 0, runEnded = 0, readerDown = 0, usefulPayload = 0;
        foreach (var (log, seenAt) in seen.Writers)
        {
            var seenByAny = SeenByAny(log);
            var written = log.MeasuredWrittenAt;
            for (var i = 0; i < seenAt.Length; i++)
            {
                if (seenAt[i] != ReaderSeen.Never)
                {
                    delivered++;
                    expected++;
                    usefulPayload += log.PayloadAt(i);
                    seenByAny[i] = true;
                    continue;
                }

                var reason = Reason(seen.Reader, log.Writer, written[i]);
                var isExpected = reason is not (RunEnded or ReaderDown);
                expected += isExpected ? 1 : 0;
                runEnded += reason == RunEnded ? 1 : 0;
                readerDown += reason == ReaderDown ? 1 : 0;
                missingCsv.Field(log.Writer).Field(log.MeasuredSeqs[i]).Field(seen.Reader).Field(written[i]).Field(reason).Field(isExpected ? 1 : 0).EndRow();
            }
        }

        _byReader[seen.Reader] = new PeerAccount(delivered, expected, runEnded, readerDown, usefulPayload);
    }

    /// <summary>For each writer, which measured updates reached at least one reader.</summary>
    public IReadOnlyDictionary<string, bool[]> SeenByAnyReader => _seenByAny;

    public IReadOnlyDictionary<string, PeerAccount> Finish() => _byReader;

    private bool[] SeenByAny(WriterLog log)
    {
        if (!_seenByAny.TryGetValue(log.Writer, out var seen))
        {
            _seenByAny[log.Writer] = seen = new bool[log.MeasuredCount];
        }

        return seen;
    }

    private string Reason(string reader, string writer, long writtenAtUs)
    {
        if (writtenAtUs >= window.EndUs - tailUs)
        {
            return RunEnded;
        }

        if (!uptime.RunningAfter(reader, writtenAtUs))
        {
            return ReaderDown;
        }

        if (faults.FirstOrDefault(f => Partitions.Contains(f.Kind) && f.StartUs <= window.EndUs && f.EndUs >= window.EndUs
                && (f.TargetNames.Contains(reader) || f.TargetNames.Contains(writer))) is { } partition)
        {
            return $"partitioned ({partition.Id})";
        }

        if (!uptime.UpAtOrAfter(reader, writtenAtUs))
        {
            return ReaderStalled;
        }

        // A write in the last period has no later one to tell whether its writer lived on: the last period judges.
        return uptime.UpAtOrAfter(writer, Math.Min(writtenAtUs + uptime.PeriodUs, window.EndUs - 1)) ? NotDelivered : WriterDown;
    }
}

/// <param name="Delivered">Measured updates of the other writers that became visible here.</param>
/// <param name="Expected">Delivered plus those missing (pairs neither run-ended nor reader-down).</param>
/// <param name="ExcludedRunEnded">Written in the last anti-entropy interval + 1 s and not delivered: not expected.</param>
/// <param name="ExcludedReaderDown">This peer never came up again after they were written: not expected.</param>
/// <param name="UsefulPayloadBytes">Payload of the first deliveries (each update's size, once).</param>
public sealed record PeerAccount(long Delivered, long Expected, long ExcludedRunEnded, long ExcludedReaderDown, long UsefulPayloadBytes)
{
    public long Missing => Expected - Delivered;

    public double Percent => Expected == 0 ? 100 : 100.0 * Delivered / Expected;
}
