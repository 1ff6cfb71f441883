using CMesh.Report.Input;
using CMesh.Report.Output;
using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Streams every reader's deliveries.csv once, writing each delivery's latency to the report's latency.csv and
/// folding it into fixed-size histograms; memory grows with peers, phases and time buckets, not with deliveries.
/// A delivery is placed in time (phase, bucket, plot) by when it was written, the moment its network conditions began.
/// </summary>
public sealed class DeliveryAnalysis
{
    public const int SampleSize = 20_000;

    private readonly RunWindow _window;
    private readonly PhaseTimeline _phases;
    private readonly TimeBuckets _buckets;
    private readonly LatencyHistogram _overall = new();
    private readonly Dictionary<string, LatencyHistogram> _byReader = new(StringComparer.Ordinal);
    private readonly LatencyHistogram[] _byPhase;
    private readonly LatencyHistogram[] _byPhaseGroup;
    private readonly LatencyHistogram[] _bands;
    private readonly Reservoir<LatencyPoint> _sample = new(SampleSize);
    private readonly List<HeatmapCell> _heatmap = [];
    private readonly Dictionary<string, long> _receivedByReader = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _highestSeqByWriter = new(StringComparer.Ordinal);

    public DeliveryAnalysis(RunWindow window, PhaseTimeline phases, TimeBuckets buckets)
    {
        _window = window;
        _phases = phases;
        _buckets = buckets;
        _byPhase = phases.Phases.Select(_ => new LatencyHistogram()).ToArray();
        _byPhaseGroup = phases.Groups.Select(_ => new LatencyHistogram()).ToArray();
        _bands = Enumerable.Range(0, buckets.Count).Select(_ => new LatencyHistogram(LatencyHistogram.CoarseBits)).ToArray();
    }

    public static string[] Columns => ["reader", "writer", "seq", "written_at_unix_us", "received_at_unix_us", "latency_us", "hops", "from_peer", "via"];

    public void Read(string reader, IEnumerable<DeliveryRow> rows, CsvTable output)
    {
        var readerHistogram = new LatencyHistogram();
        var byWriter = new Dictionary<string, (LatencyHistogram Latency, SeqSet Seqs)>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var latency = row.LatencyUs;
            output.Field(reader).Field(row.Writer).Field(row.Seq).Field(row.WrittenAtUs).Field(row.ReceivedAtUs).Field(latency)
                .Field(row.Hops).Field(row.FromPeer).Field(row.Via).EndRow();

            _overall.Add(latency);
            readerHistogram.Add(latency);
            if (!byWriter.TryGetValue(row.Writer, out var writer))
            {
                byWriter[row.Writer] = writer = (new LatencyHistogram(), new SeqSet());
            }

            writer.Latency.Add(latency);
            writer.Seqs.Add(row.Seq);
            AddToPhases(row.WrittenAtUs, latency);

            if (_buckets.Of(row.WrittenAtUs) is var bucket and >= 0)
            {
                _bands[bucket].Add(latency);
            }

            _sample.Offer(new LatencyPoint(_window.OffsetSeconds(row.WrittenAtUs), latency));
        }

        _byReader[reader] = readerHistogram;
        _receivedByReader[reader] = byWriter.Values.Sum(w => w.Seqs.Count);
        foreach (var (name, writer) in byWriter)
        {
            _heatmap.Add(new HeatmapCell(name, reader, writer.Latency.Count, writer.Latency.Quantile(0.99)));
            _highestSeqByWriter[name] = Math.Max(_highestSeqByWriter.GetValueOrDefault(name), writer.Seqs.MaxSeq);
        }
    }

    private void AddToPhases(long writtenAtUs, long latency)
    {
        var groupsSeen = 0UL;
        foreach (var phase in _phases.At(writtenAtUs))
        {
            _byPhase[phase].Add(latency);
            var group = _phases.GroupOf[phase];
            var bit = 1UL << (group % 64);
            if (group >= 64 || (groupsSeen & bit) == 0)
            {
                groupsSeen |= bit;
                _byPhaseGroup[group].Add(latency);
            }
        }
    }

    /// <param name="written">Updates each writer wrote (writes.csv); a writer's highest delivered seq counts too when larger.</param>
    public LatencyFigures Finish(IReadOnlyDictionary<string, long> written)
    {
        var writers = written.Keys.Union(_highestSeqByWriter.Keys).ToDictionary(
            w => w, w => Math.Max(written.GetValueOrDefault(w), _highestSeqByWriter.GetValueOrDefault(w)), StringComparer.Ordinal);
        var total = writers.Values.Sum();
        var delivered = _receivedByReader.ToDictionary(
            r => r.Key, r => new PeerDeliveries(r.Value, total - writers.GetValueOrDefault(r.Key)), StringComparer.Ordinal);
        return new LatencyFigures(
            _overall.Summarize(),
            CdfPoint.Of(_overall),
            _byReader.ToDictionary(r => r.Key, r => r.Value.Summarize(), StringComparer.Ordinal),
            _phases.Phases.Select((phase, i) => new PhaseLatency(phase, _byPhase[i].Summarize())).ToList(),
            _phases.Groups.Select((group, i) => new PhaseGroupLatency(group, _byPhaseGroup[i].Summarize(), CdfPoint.Of(_byPhaseGroup[i]))).ToList(),
            _bands.Select((band, i) => new LatencyBand(_buckets.StartOffsetSeconds(i), band.Summarize())).ToList(),
            _sample.Items.OrderBy(p => p.WrittenAtSeconds).ToList(),
            _heatmap,
            delivered,
            _overall.RelativeError);
    }
}
