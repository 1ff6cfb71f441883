namespace CMesh.Report.Input;

/// <summary>A row of peers/&lt;peer&gt;/bandwidth.csv: one open link during one second.</summary>
public readonly record struct BandwidthRow(long TimeUs, string RemotePeer, long BytesIn, long BytesOut, long PayloadBytesIn, long PayloadBytesOut, long RttUs)
{
    public const string FileName = "bandwidth.csv";

    public static IEnumerable<BandwidthRow> Read(string path, string name, InputTally tally) => CsvSource.Read(
        path, name, tally, ["time_unix_us", "remote_peer", "bytes_in", "bytes_out"],
        f => (Time: f.Column("time_unix_us"), Remote: f.Column("remote_peer"), In: f.Column("bytes_in"), Out: f.Column("bytes_out"),
            PayloadIn: f.Column("payload_bytes_in"), PayloadOut: f.Column("payload_bytes_out"), Rtt: f.Column("rtt_us")),
        (f, c) => new BandwidthRow(
            f.Long(c.Time), f.Text(c.Remote), f.Long(c.In), f.Long(c.Out),
            c.PayloadIn < 0 ? 0 : f.Long(c.PayloadIn), c.PayloadOut < 0 ? 0 : f.Long(c.PayloadOut), c.Rtt < 0 ? -1 : f.Long(c.Rtt)));
}
