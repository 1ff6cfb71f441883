using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Coordinator.Chaos;

namespace CMesh.Tests.Coordinator;

public sealed class ChaosLogFileTests : IDisposable
{
    /// <summary>The header of files written before chaos.csv recorded when each action began.</summary>
    private const string Header = "time_unix_us,event,fault_id,kind,targets,parameters,mechanism,detail\n";
    private const long T0 = 1_750_000_000_000_000;
    private readonly string _results = Directory.CreateTempSubdirectory("cmesh-chaos-log-").FullName;

    private string Path => System.IO.Path.Combine(_results, ChaosLogFile.FileName);

    [Fact]
    public async Task A_fault_started_and_not_ended_is_in_force_with_its_targets_and_start_time()
    {
        File.WriteAllText(Path, Header + $"{T0},start,a1,loss,peer-1 peer-3,loss 20%,nft,seed 7; pid 42\n");

        var fault = Assert.Single(await InForceAsync());

        Assert.Equal(("a1", "loss", "loss 20%", "nft"), (fault.FaultId, fault.Kind, fault.Parameters, fault.Mechanism));
        Assert.Equal(["peer-1", "peer-3"], fault.Targets);
        Assert.Equal(UnixTime.FromMicros(T0), fault.StartedAt);
        Assert.Null(fault.Partition);
    }

    [Fact]
    public async Task A_row_the_cli_writes_now_with_when_its_action_began_is_read()
    {
        var start = new ChaosEvent(T0, ChaosEvent.Start, "a1", "loss", "peer-2", "loss 20%", "nft", "seed 7", BeganUnixUs: T0 - 300_000);
        File.WriteAllText(Path, string.Join(',', ChaosEvent.Columns) + "\n" + start.ToCsvLine() + "\n");

        var fault = Assert.Single(await InForceAsync());

        Assert.Equal("a1", fault.FaultId);
        Assert.Equal(["peer-2"], fault.Targets);
    }

    [Fact]
    public async Task An_end_takes_its_fault_out_of_force_and_leaves_the_others()
    {
        File.WriteAllText(Path, Header
            + $"{T0},start,s1.1,pause,peer-2,pause,docker,\n"
            + $"{T0 + 1},start,s2.1,delay,peer-1,delay 100ms,netem,\n"
            + $"{T0 + 2},end,s1.1,pause,peer-2,pause,docker,duration\n");

        Assert.Equal(["s2.1"], (await InForceAsync()).Select(f => f.FaultId));
    }

    [Fact]
    public async Task A_fault_that_only_failed_was_never_in_force()
    {
        File.WriteAllText(Path, Header + $"{T0},failed,a2,delay,peer-1,delay 100ms,netem,\"sch_netem is missing, delay cannot run\"\n");

        Assert.Empty(await InForceAsync());
    }

    [Fact]
    public async Task A_last_line_without_its_newline_waits_until_it_is_whole()
    {
        File.WriteAllText(Path, Header + $"{T0},start,a1,loss,peer-1,loss 20%,nft,\n{T0 + 5},end,a1,lo");
        var whileWritten = await InForceAsync();

        File.AppendAllText(Path, "ss,peer-1,loss 20%,nft,duration\n");

        Assert.Equal(["a1"], whileWritten.Select(f => f.FaultId));
        Assert.Empty(await InForceAsync());
    }

    [Fact]
    public async Task A_quoted_detail_cut_short_after_a_line_break_inside_it_is_not_read()
    {
        File.WriteAllText(Path, Header + $"{T0},start,a1,loss,peer-1,loss 20%,nft,\n{T0 + 5},failed,a1,loss,peer-1,loss 20%,nft,\"nft said:\nno such");

        Assert.Equal(["a1"], (await InForceAsync()).Select(f => f.FaultId));
    }

    [Fact]
    public async Task No_chaos_log_means_no_fault_and_one_that_appears_later_is_read()
    {
        var log = ChaosLogFile.InResults(_results);
        var before = await log.InForceAsync(CancellationToken.None);

        File.WriteAllText(Path, Header + $"{T0},start,a1,kill,peer-4,kill,docker,\n");

        Assert.Empty(before);
        Assert.Equal(["a1"], (await log.InForceAsync(CancellationToken.None)).Select(f => f.FaultId));
    }

    [Fact]
    public async Task A_file_that_changes_is_read_again_and_one_that_does_not_is_not()
    {
        var log = ChaosLogFile.InResults(_results);
        File.WriteAllText(Path, Header + $"{T0},start,a1,loss,peer-1,loss 20%,nft,\n");
        var first = await log.InForceAsync(CancellationToken.None);
        var unchanged = await log.InForceAsync(CancellationToken.None);

        File.AppendAllText(Path, $"{T0 + 9},end,a1,loss,peer-1,loss 20%,nft,healed\n");

        Assert.Same(first, unchanged);
        Assert.Empty(await log.InForceAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_partition_in_force_names_its_sides()
    {
        File.WriteAllText(Path, Header + $"{T0},start,a1,partition,peer-1 peer-2 peer-3 peer-4,partition halves,nft,peer-2 | peer-1 peer-3 peer-4; seed 7; pid 42\n");

        var partition = Assert.Single(await InForceAsync()).Partition;

        Assert.NotNull(partition);
        Assert.Equal([["peer-2"], ["peer-1", "peer-3", "peer-4"]], partition.Sides);
        Assert.False(partition.OneWay);
        Assert.Null(partition.Bridge);
        Assert.Equal("peer-2 | peer-1 peer-3 peer-4", partition.Description);
    }

    [Fact]
    public async Task A_mobility_fault_shows_the_layout_its_last_move_drew()
    {
        File.WriteAllText(Path, Header
            + $"{T0},start,s1.1,mobility,peer-1 peer-2 peer-3 peer-4,mobility random-halves every 5s,nft,peer-1 peer-2 | peer-3 peer-4; seed 7; pid 42\n"
            + $"{T0 + 5},action,s1.1,mobility,peer-1 peer-2 peer-3 peer-4,mobility random-halves every 5s,,peer-1 peer-3 | peer-2 peer-4\n");

        var partition = Assert.Single(await InForceAsync()).Partition;

        Assert.Equal([["peer-1", "peer-3"], ["peer-2", "peer-4"]], partition!.Sides);
    }

    [Theory]
    [InlineData("peer-1 -/-> peer-2 peer-3; seed 1; pid 2", "peer-1/peer-2 peer-3", true, null)]
    [InlineData("peer-1 | peer-3, bridged by peer-2; seed 1; pid 2", "peer-1/peer-3", false, "peer-2")]
    [InlineData("peer-1 | peer-2 | peer-3; seed 1; pid 2", "peer-1/peer-2/peer-3", false, null)]
    [InlineData("ring peer-2 peer-1 peer-3, each hearing the next 1; seed 1; pid 2", "", false, null)]
    public void Partition_layouts_are_read_back_from_their_words(string detail, string sides, bool oneWay, string? bridge)
    {
        var partition = PartitionLayoutText.Parse(detail);

        Assert.NotNull(partition);
        Assert.Equal(sides, string.Join('/', partition.Sides.Select(side => string.Join(' ', side))));
        Assert.Equal((oneWay, bridge), (partition.OneWay, partition.Bridge));
    }

    [Fact]
    public void A_detail_that_is_no_layout_gives_no_sides() =>
        Assert.Null(PartitionLayoutText.Parse("seed 7; pid 42"));

    public void Dispose() => Directory.Delete(_results, recursive: true);

    private Task<IReadOnlyList<Common.Contracts.FaultInForce>> InForceAsync() =>
        ChaosLogFile.InResults(_results).InForceAsync(CancellationToken.None);
}
