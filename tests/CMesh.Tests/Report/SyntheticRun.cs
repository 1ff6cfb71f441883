using System.Globalization;
using System.Text;

namespace CMesh.Tests.Report;

/// <summary>
/// A run's results folder written by the test, with records whose figures the test knows: 3 peers writing once a
/// second for 20 s; peer-2 paused from second 8 to 12 (fault s1.1: no availability rows, deliveries to it late);
/// a loss fault a2 from second 15 that never ends; peer-3 misses peer-1's last update.
/// </summary>
public sealed class SyntheticRun
{
    public const long T0 = 1_800_000_000_000_000;
    public const long Second = 1_000_000;
    public const int Seconds = 20;
    public static readonly string[] Peers = ["peer-1", "peer-2", "peer-3"];

    public List<(string Reader, string Writer, long Seq, long WrittenAt, long ReceivedAt)> Deliveries { get; } = [];

    public SyntheticRun()
    {
        for (var w = 0; w < Peers.Length; w++)
        {
            for (var seq = 1; seq <= Seconds; seq++)
            {
                var writtenAt = WrittenAt(w, seq);
                for (var r = 0; r < Peers.Length; r++)
                {
                    if (r == w || (r == 2 && w == 0 && seq == Seconds))
                    {
                        continue;
                    }

                    var latency = 100 + (((seq * 37) + (w * 11) + (r * 5)) % 50 * 1000);
                    if (r == 1 && writtenAt >= T0 + (8 * Second) && writtenAt < T0 + (12 * Second))
                    {
                        latency += 2_000_000;
                    }

                    Deliveries.Add((Peers[r], Peers[w], seq, writtenAt, writtenAt + latency));
                }
            }
        }
    }

    public static long WrittenAt(int writer, int seq) => T0 + ((seq - 1) * Second) + (writer * 100_000) + 50_000;

    public string Write(string resultsRoot, string runId = "synthetic", string scenarioAssertions = "  - p99-resync < 1s\n  - min-delivered >= 90%\n  - min-availability >= 90%\n")
    {
        var run = Directory.CreateDirectory(Path.Combine(resultsRoot, runId)).FullName;
        File.WriteAllText(Path.Combine(run, "run.json"), $$"""
            {
              "runId": "{{runId}}",
              "command": "cmesh run 3 --scenario pause-one",
              "scenario": "pause-one",
              "plan": { "peers": 3, "writeIntervalMs": 1000, "sync": "delta" },
              "host": { "hostname": "test", "cpus": 2 },
              "startedAt": "{{Iso(T0 - (5 * Second))}}",
              "stoppedAt": "{{Iso(T0 + ((Seconds + 1) * Second))}}"
            }
            """);
        Directory.CreateDirectory(Path.Combine(run, "coordinator"));
        File.WriteAllText(Path.Combine(run, "coordinator", "events.csv"),
            $"time_unix_us,event,peer,detail\n{T0 - Second},workload-scheduled,,\"start_at_unix_us={T0}\"\n{T0 + (Seconds * Second) + 200_000},mesh-stopping,,\"stop requested\"\n");
        File.WriteAllText(Path.Combine(run, "chaos.csv"),
            "time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n"
            + $"{T0 + (8 * Second)},start,s1.1,pause,peer-2,pause,docker,\n"
            + $"{T0 + (12 * Second)},end,s1.1,pause,peer-2,pause,docker,duration\n"
            + $"{T0 + (15 * Second)},start,a2,loss,peer-1 peer-3,loss 20%,netem,\n");
        Directory.CreateDirectory(Path.Combine(run, "scenarios"));
        File.WriteAllText(Path.Combine(run, "scenarios", "pause-one.yaml"),
            "name: pause-one\ndescription: peer-2 paused for 4s\nsteps:\n  - at: 8s\n    duration: 4s\n    fault: { kind: pause }\n    targets: peer-2\nassertions:\n" + scenarioAssertions);

        for (var p = 0; p < Peers.Length; p++)
        {
            var peer = Directory.CreateDirectory(Path.Combine(run, "peers", Peers[p])).FullName;
            File.WriteAllText(Path.Combine(peer, "writes.csv"),
                "seq,written_at_unix_us,payload_bytes\n" + string.Concat(Enumerable.Range(1, Seconds).Select(seq => $"{seq},{WrittenAt(p, seq)},64\n")));
            File.WriteAllText(Path.Combine(peer, "deliveries.csv"),
                "writer,seq,written_at_unix_us,received_at_unix_us,hops,from_peer,via\n"
                + string.Concat(Deliveries.Where(d => d.Reader == Peers[p]).Select(d => $"{d.Writer},{d.Seq},{d.WrittenAt},{d.ReceivedAt},1,{d.Writer},flood\n")));
            var paused = p == 1;
            File.WriteAllText(Path.Combine(peer, "availability.csv"),
                "time_unix_us,state,local_write_ok,writers_expected,writers_fresh,worst_staleness_ms\n"
                + string.Concat(Enumerable.Range(0, Seconds).Where(s => !paused || s < 8 || s >= 12)
                    .Select(s => $"{T0 + (s * Second) + 500_000},running,1,2,{(s == 0 ? 0 : 2)},{(s == 0 ? -1 : 900)}\n")));
            var bandwidth = new StringBuilder("time_unix_us,remote_peer,bytes_in,bytes_out,frames_in,frames_out,payload_bytes_in,payload_bytes_out,rtt_us,last_received_unix_us\n");
            foreach (var s in Enumerable.Range(0, Seconds).Where(s => !paused || s < 8 || s >= 12))
            {
                foreach (var other in Peers.Where(o => o != Peers[p]))
                {
                    bandwidth.Append(CultureInfo.InvariantCulture, $"{T0 + (s * Second) + 500_000},{other},200,300,3,4,64,128,800,{T0 + (s * Second)}\n");
                }
            }

            File.WriteAllText(Path.Combine(peer, "bandwidth.csv"), bandwidth.ToString());
            File.WriteAllText(Path.Combine(peer, "links.csv"),
                $"time_unix_us,event,remote_peer,direction,detail\n{T0 - Second},open,{Peers[(p + 1) % 3]},out,\"\"\n"
                + (paused ? $"{T0 + (12 * Second)},close,peer-1,in,\"heartbeat timeout after 4000 ms of silence\"\n{T0 + (12 * Second) + 1000},open,peer-1,out,\"\"\n" : ""));
            File.WriteAllText(Path.Combine(peer, "resync.csv"),
                "started_at_unix_us,completed_at_unix_us,duration_us,from_peer,trigger,mode,missing_updates,bytes_in\n"
                + (paused ? $"{T0 + (12 * Second) + 1000},{T0 + (12 * Second) + 351_000},350000,peer-1,reconnect,delta,8,1200\n" : ""));
        }

        return run;
    }

    /// <summary>The exact nearest-rank quantile of the latencies, in µs.</summary>
    public static long Quantile(IEnumerable<long> values, double q)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Max(1, (long)Math.Ceiling(q * sorted.Length)) - 1];
    }

    private static string Iso(long unixUs) => DateTimeOffset.FromUnixTimeMilliseconds(unixUs / 1000).ToString("O", CultureInfo.InvariantCulture);
}
