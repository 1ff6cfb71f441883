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

        var rows = DeliveryRow.Read(path, "deliveries.csv", tally).ToList();

        Assert.Equal(100, Assert.Single(rows).LatencyUs);
        Assert.Equal(1, tally.SkippedRows);
    }

    [Fact]
    public void A_row_that_does_not_parse_is_skipped_and_the_rest_are_read()
    {
        var path = Write("seq,written_at_unix_us,payload_bytes\n1,100,64\ntwo,200,64\n3,300\n4,400,64\n");
        var tally = new InputTally();

        var rows = WriteRow.Read(path, "writes.csv", tally).ToList();

        Assert.Equal([1L, 4L], rows.Select(r => r.Seq));
        Assert.Equal(2, tally.SkippedRowsByFile["writes.csv"]);
    }

    [Fact]
    public void A_missing_file_is_counted_not_fatal()
    {
        var tally = new InputTally();

        Assert.Empty(WriteRow.Read(Path.Combine(_directory, "none.csv"), "peers/peer-9/writes.csv", tally));
        Assert.Equal(["peers/peer-9/writes.csv"], tally.MissingFiles);
    }

    [Fact]
    public void A_file_of_an_older_format_without_an_optional_column_is_read()
    {
        var path = Write("writer,seq,written_at_unix_us,received_at_unix_us,hops,from_peer\npeer-2,1,100,250,2,peer-3\n");

        var row = Assert.Single(DeliveryRow.Read(path, "deliveries.csv", new InputTally()));

        Assert.Equal(("peer-3", "", 150L), (row.FromPeer, row.Via, row.LatencyUs));
    }

    [Fact]
    public void Quoted_details_with_commas_are_one_field()
    {
        var path = Write("time_unix_us,event,remote_peer,direction,detail\n5,close,peer-2,in,\"write failed: a, b\"\n");

        Assert.Equal("write failed: a, b", Assert.Single(LinkEventRow.Read(path, "links.csv", new InputTally())).Detail);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string text)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }
}
