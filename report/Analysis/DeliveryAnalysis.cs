using CMesh.Common.Records;
using CMesh.Report.Derivation;
using CMesh.Report.Output;
using CMesh.Report.Statistics;
using CMesh.Report.Timeline;

namespace CMesh.Report.Analysis;

/// <summary>
/// Streams every reader's deliveries.csv once, writing each delivery of a measured update (written inside the
/// window) to the report's latency.csv and folding it into fixed-size histograms; memory grows with peers, phases
/// and time buckets, not with deliveries. A delivery is placed in time (phase, bucket, plot) by when it was written,
/// the moment its network conditions began. Deliveries of unmeasured updates (the warm-up writes, updates written
/// after the stop) are counted apart.
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
    private long _unmeasured;

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

    /// <param name="seen">Where each measured delivery's first-seen time is noted, for the figures derived from them.</param>
    public void Read(string reader, IEnumerable<DeliveryRecord> rows, CsvTable output, ReaderSeen seen)
    {
        var readerHistogram = new LatencyHistogram();
        var byWriter = new Dictionary<string, LatencyHistogram>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!seen.Saw(row.Writer, row.Seq, row.ReceivedAtUs, out var writtenAt))
            {
                _unmeasured++;
                continue;
            }

            var latency = row.ReceivedAtUs - writtenAt;
            output.Field(reader).Field(row.Writer).Field(row.Seq).Field(writtenAt).Field(row.ReceivedAtUs).Field(latency)
                .Field(row.Hops).Field(row.FromPeer).Field(row.Via).EndRow();

            _overall.Add(latency);
            readerHistogram.Add(latency);
            if (!byWriter.TryGetValue(row.Writer, out var writer))
            {
                byWriter[row.Writer] = writer = new LatencyHistogram(LatencyHistogram.CoarseBits);
            }

            writer.Add(latency);
            AddToPhases(writtenAt, latency);

            if (_buckets.Of(writtenAt) is var bucket and >= 0)
            {
                _bands[bucket].Add(latency);
            }

            _sample.Offer(new LatencyPoint(_window.OffsetSeconds(writtenAt), latency));
        }

        _byReader[reader] = readerHistogram;
        foreach (var (name, writer) in byWriter)
        {
            _heatmap.Add(new HeatmapCell(name, reader, writer.Summarize()));
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

    /// <param name="missing">Expected pairs never delivered: infinite samples of the effective latency.</param>
    public LatencyFigures Finish(long missing) => new(
        _overall.Summarize(),
        new EffectiveLatency(missing, _overall.EffectiveQuantile(0.5, missing), _overall.EffectiveQuantile(0.99, missing), _overall.EffectiveQuantile(0.999, missing)),
        CdfPoint.Of(_overall),
        _byReader.ToDictionary(r => r.Key, r => r.Value.Summarize(), StringComparer.Ordinal),
        _phases.Phases.Select((phase, i) => new PhaseLatency(phase, _byPhase[i].Summarize())).ToList(),
        _phases.Groups.Select((group, i) => new PhaseGroupLatency(group, _byPhaseGroup[i].Summarize(), CdfPoint.Of(_byPhaseGroup[i]))).ToList(),
        _bands.Select((band, i) => new LatencyBand(_buckets.StartOffsetSeconds(i), band.Summarize())).ToList(),
        _sample.Items.OrderBy(p => p.WrittenAtSeconds).ToList(),
        _heatmap,
        _unmeasured,
        _overall.RelativeError);
}
