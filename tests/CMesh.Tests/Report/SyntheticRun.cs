using System.Globalization;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Tests.Records;

namespace CMesh.Tests.Report;

/// <summary>
/// A run's results folder written by the test through the records' own schemas, with figures the test knows:
/// 3 peers writing once a second for 20 s (slot s written at s + 0.05 s + writer × 0.1 s), after one warm-up write
/// each before the start; every delivery within 50 ms, except:
/// - peer-2 paused from 8 s to 12 s (fault s1.1, whose revert began at 11.5 s): it writes nothing in seconds 8–11,
///   and what the others wrote before 11.5 s that it lacks arrives at 15 s: resync after the heal 3.5 s;
/// - peer-3 never receives peer-1's slot 4 (missing, not delivered);
/// - a partition a3 of peer-3 from 17 s to 18.5 s, after which peer-3 never gets peer-1's slots 17 and 18
///   (run ended before catch-up: resync not reached; written in the tail, so not expected);
/// - one negative latency (peer-1 sees peer-3's slot 3 200 µs before it was written);
/// - a loss fault a2 from 15 s that never ends;
/// - the host: a sampler tick 80 ms late in second 5, CPU 95 % in seconds 16 and 17.
/// </summary>
public sealed class SyntheticRun
{
    public const long T0 = 1_800_000_000_000_000;
    public const long Second = 1_000_000;
    public const int Seconds = 20;
    public static readonly string[] Peers = ["peer-1", "peer-2", "peer-3"];

    public int Peer3StallsFrom { get; }

    public List<DeliveryRecord> Deliveries { get; } = [];

    public List<(string Reader, DeliveryRecord Delivery)> ByReader { get; } = [];

    /// <param name="peer3StallsFrom">From this second on, peer-3 runs (its agent samples) but its engine acknowledges no
    /// write and receives nothing.</param>
    public SyntheticRun(int? peer3StallsFrom = null)
    {
        Peer3StallsFrom = peer3StallsFrom ?? int.MaxValue;
        for (var w = 0; w < Peers.Length; w++)
        {
            for (var slot = 0; slot < Seconds; slot++)
            {
                if (!Writes(w, slot))
                {
                    continue;
                }

                var writtenAt = WrittenAt(w, slot);
                for (var r = 0; r < Peers.Length; r++)
                {
                    if (r == w || (r == 2 && w == 0 && slot is 4 or 17 or 18) || ((r == 2 || w == 2) && slot >= Peer3StallsFrom))
                    {
                        continue;
                    }

                    var receivedAt = writtenAt + 100 + ((((slot * 37) + (w * 11) + (r * 5)) % 50) * 1000);
                    if (r == 1 && receivedAt >= T0 + (8 * Second) && writtenAt < T0 + (12 * Second))
                    {
                        receivedAt = T0 + (15 * Second);
                    }

                    if (r == 0 && w == 2 && slot == 3)
                    {
                        receivedAt = writtenAt - 200;
                    }

                    ByReader.Add((Peers[r], new DeliveryRecord(Peers[w], Seq(slot), writtenAt, receivedAt, 1, Peers[w], "flood")));
                }
            }
        }

        Deliveries.AddRange(ByReader.Select(d => d.Delivery));
    }

    /// <summary>peer-2 (index 1) writes nothing while paused.</summary>
    public static bool Writes(int writer, int slot) => writer != 1 || slot is < 8 or >= 12;

    public static long Seq(int slot) => slot + 2;

    public static long WrittenAt(int writer, int slot) => T0 + (slot * Second) + (writer * 100_000) + 50_000;

    public async Task<string> WriteAsync(string resultsRoot, string runId = "synthetic", string scenarioAssertions = "  - p99-resync < 5s\n  - min-delivered >= 90%\n  - min-availability >= 90%\n")
    {
        var run = Directory.CreateDirectory(Path.Combine(resultsRoot, runId)).FullName;
        File.WriteAllText(Path.Combine(run, "run.json"), $$"""
            {
              "runId": "{{runId}}",
              "command": "cmesh run 3 --scenario pause-one",
              "scenario": "pause-one",
              "plan": { "peers": 3, "writeIntervalMs": 1000, "sync": "delta", "antiEntropyIntervalMs": 5000, "freshnessBoundMs": 5000 },
              "host": { "hostname": "test", "cpus": 2 },
              "startedAt": "{{Iso(T0 - (5 * Second))}}",
              "stoppedAt": "{{Iso(T0 + ((Seconds + 1) * Second))}}"
            }
            """);
        var coordinator = Path.Combine(run, "coordinator");
        Append(coordinator, new CoordinatorEventRecord(T0 - Second, "workload-scheduled", "", $"start_at_unix_us={T0}"), new CoordinatorEventRecord(T0 + (Seconds * Second) + 200_000, "mesh-stopping", "", "stop requested"));
        Append(coordinator, Enumerable.Range(1, Seconds).Select(s => new HostSampleRecord(
            T0 + (s * Second), T0 + (s * Second) + (s == 6 ? 80_000 : 300), s == 6 ? 80_000 : 300, s is 17 or 18 ? 95 : 40, 1, 24_000_000_000, 12_000_000_000)).ToArray());
        Append(run,
            new ChaosEvent(T0 + (8 * Second), "start", "s1.1", "pause", "peer-2", "pause", "docker", ""),
            new ChaosEvent(T0 + (12 * Second), "end", "s1.1", "pause", "peer-2", "pause", "docker", "duration", BeganUnixUs: T0 + (11 * Second) + 500_000),
            new ChaosEvent(T0 + (15 * Second), "start", "a2", "loss", "peer-1 peer-3", "loss 20%", "nft", ""),
            new ChaosEvent(T0 + (17 * Second), "start", "a3", "partition", "peer-3", "partition isolate-one", "nft", ""),
            new ChaosEvent(T0 + (18 * Second) + 500_000, "end", "a3", "partition", "peer-3", "partition isolate-one", "nft", "duration"));
        Directory.CreateDirectory(Path.Combine(run, "scenarios"));
        File.WriteAllText(Path.Combine(run, "scenarios", "pause-one.yaml"),
            "name: pause-one\ndescription: peer-2 paused for 4s\nsteps:\n  - at: 8s\n    duration: 4s\n    fault: { kind: pause }\n    targets: peer-2\nassertions:\n" + scenarioAssertions);

        for (var p = 0; p < Peers.Length; p++)
        {
            var peer = Path.Combine(run, "peers", Peers[p]);
            var warmUp = new WriteRecord(Peers[p], 1, T0 - (2 * Second), T0 - (2 * Second), 10, 64, true);
            Append(peer, [warmUp, .. Enumerable.Range(0, Seconds).Where(s => Writes(p, s)).Select(s => new WriteRecord(Peers[p], Seq(s), WrittenAt(p, s) - 50_000, WrittenAt(p, s), 100 + s, 64, p != 2 || s < Peer3StallsFrom))]);
            var others = Enumerable.Range(0, Peers.Length).Where(o => o != p).ToList();
            Append(peer, [.. others.Select(o => new DeliveryRecord(Peers[o], 1, T0 - (2 * Second), T0 - (2 * Second) + 30_000, 1, Peers[o], "flood")),
                .. ByReader.Where(d => d.Reader == Peers[p]).Select(d => d.Delivery)]);
            var up = Enumerable.Range(1, Seconds).Where(s => p != 1 || s is <= 8 or > 12).ToList();
            // Each peer samples at its own moment within the second, as real peers do.
            var due = (int s) => T0 + (s * Second) + (p * 200_000);
            Append(peer, up.SelectMany(s => others.Select(o => new BandwidthRecord(
                due(s), due(s) + 500, Peers[o], 200, 300, 3, 4, 128, 128, 64, 64, 1, 800, T0 + (s * Second), false))).ToArray());
            var sampled = Enumerable.Range(1, Seconds).Where(s => p != 1 || s is < 8 or >= 12);
            Append(peer, sampled.Select(s => new SampleRecord(due(s), due(s) + 700, 700, "running", 2, s * 2, s * 10_000L, 30_000_000, s * 1_000L, s * 2_000L)).ToArray());
            Append(peer, [new LinkEventRecord(T0 - Second, "open", Peers[(p + 1) % 3], "out", ""),
                .. p == 1 ? new[] { new LinkEventRecord(T0 + (12 * Second), "close", "peer-1", "in", "heartbeat timeout after 4000 ms of silence") } : []]);
            Append(peer, p == 1 ? new[] { new ReconnectRecord(T0 + (12 * Second) + 1000, T0 + (12 * Second) + 351_000, 350_000, "peer-1", "reconnect", "delta", 8, 1200) } : []);
            await (StoppedPeer.Summary(Peers[p]) with { StateDigest = p == 2 ? "diverged" : "same", StateUpdates = 60 }).WriteAsync(peer);
        }

        return run;
    }

    /// <summary>The exact nearest-rank quantile, in µs.</summary>
    public static long Quantile(IEnumerable<long> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(1, (long)Math.Ceiling(q * sorted.Length)) - 1];
    }

    private static void Append<T>(string directory, params T[] records) where T : IRecordFile<T>
    {
        using var file = new RecordFileWriter<T>(directory);
        foreach (var record in records)
        {
            file.Append(record);
        }
    }

    private static string Iso(long unixUs) => DateTimeOffset.FromUnixTimeMilliseconds(unixUs / 1000).ToString("O", CultureInfo.InvariantCulture);
}
