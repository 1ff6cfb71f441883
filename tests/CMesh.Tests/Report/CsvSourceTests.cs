using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Report.Input;

namespace CMesh.Tests.Report;

public sealed class CsvSourceTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("cmesh-csv-").FullName;

    [Fact]
    public void A_last_line_cut_short_by_a_killed_writer_is_skipped_and_counted()
    {
        var path = Write("writer,seq,written_at_unix_us,received_at_unix_us,hops,from_peer,via\npeer-2,1,100,200,1,peer-2,flood\npeer-2,2,300,4");
        var tally = new InputTally();

        var rows = CsvSource.Read<DeliveryRecord>(path, "deliveries.csv", tally).ToList();

        Assert.Equal(100, Assert.Single(rows).LatencyUs);
        Assert.Equal(1, tally.SkippedRows);
    }

    [Fact]
    public void A_row_that_does_not_parse_is_skipped_and_the_rest_are_read()
    {
        var path = Write("seq,written_at_unix_us,payload_bytes\n1,100,64\ntwo,200,64\n3,300\n4,400,64\n");
        var tally = new InputTally();

        var rows = CsvSource.Read<WriteRecord>(path, "writes.csv", tally).ToList();

        Assert.Equal([1L, 4L], rows.Select(r => r.Seq));
        Assert.Equal(2, tally.SkippedRowsByFile["writes.csv"]);
    }

    [Fact]
    public void A_missing_file_is_counted_not_fatal()
    {
        var tally = new InputTally();

        Assert.Empty(CsvSource.Read<WriteRecord>(Path.Combine(_directory, "none.csv"), "peers/peer-9/writes.csv", tally));
        Assert.Equal(["peers/peer-9/writes.csv"], tally.MissingFiles);
    }

    [Fact]
    public void A_file_of_an_older_format_without_an_optional_column_is_read()
    {
        var path = Write("writer,seq,written_at_unix_us,received_at_unix_us,hops,from_peer\npeer-2,1,100,250,2,peer-3\n");

        var row = Assert.Single(CsvSource.Read<DeliveryRecord>(path, "deliveries.csv", new InputTally()));

        Assert.Equal(("peer-3", "", 150L), (row.FromPeer, row.Via, row.LatencyUs));
    }

    [Fact]
    public void A_chaos_event_keeps_when_its_action_began_and_an_older_file_without_that_column_began_when_it_was_done()
    {
        var row = new ChaosEvent(900, ChaosEvent.End, "s1.1", "partition", "peer-1 peer-2", "partition halves", "nft", "healed", BeganUnixUs: 400);
        var current = Write(string.Join(',', ChaosEvent.Columns) + "\n" + row.ToCsvLine() + "\n");
        var older = Write("time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n900,end,s1.1,partition,peer-1,partition halves,nft,healed\n");

        Assert.Equal(row, Assert.Single(CsvSource.Read<ChaosEvent>(current, "chaos.csv", new InputTally())));
        var read = Assert.Single(CsvSource.Read<ChaosEvent>(older, "chaos.csv", new InputTally()));
        Assert.Equal((900L, 900L), (read.TimeUnixUs, read.Began));
    }

    [Fact]
    public void Quoted_details_with_commas_are_one_field()
    {
        var path = Write("time_unix_us,event,remote_peer,direction,detail\n5,close,peer-2,in,\"write failed: a, b\"\n");

        Assert.Equal("write failed: a, b", Assert.Single(CsvSource.Read<LinkEventRecord>(path, "links.csv", new InputTally())).Detail);
    }

    [Fact]
    public void Every_record_written_by_its_schema_reads_back_the_same()
    {
        var write = new WriteRecord("peer-1", 7, 1_000, 1_250, 42, 64, Acknowledged: false);
        var delivery = new DeliveryRecord("peer-1", 7, 1_250, 3_000, 2, "peer-3", "flood");
        var link = new LinkEventRecord(5, "close", "peer-2", "in", "heartbeat timeout, \"late\"");
        var bandwidth = new BandwidthRecord(2_000_000, 2_000_100, "peer-2", 10, 20, 1, 2, 64, 128, 64, 0, 0, 800, 1_999_000, Closed: true);
        var sample = new SampleRecord(2_000_000, 2_000_700, 700, "running", 3, 40, 12_345, 30_000_000, 1_000, 2_000);
        var host = new HostSampleRecord(2_000_000, 2_000_300, 300, 87.5, 1.25, 24_000_000_000, 12_000_000_000);

        Assert.Equal(write, RoundTrip(write));
        Assert.Equal(delivery, RoundTrip(delivery));
        Assert.Equal(link, RoundTrip(link));
        Assert.Equal(bandwidth, RoundTrip(bandwidth));
        Assert.Equal(sample, RoundTrip(sample));
        Assert.Equal(host, RoundTrip(host));
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private T RoundTrip<T>(T record) where T : IRecordFile<T>
    {
        var folder = Directory.CreateTempSubdirectory("cmesh-record-").FullName;
        using (var file = new RecordFileWriter<T>(folder))
        {
            file.Append(record);
        }

        var read = Assert.Single(CsvSource.Read<T>(Path.Combine(folder, T.FileName), T.FileName, new InputTally()));
        Directory.Delete(folder, recursive: true);
        return read;
    }

    private string Write(string text)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
