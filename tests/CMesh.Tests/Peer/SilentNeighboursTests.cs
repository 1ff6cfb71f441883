using CMesh.Peer.Network;
using Microsoft.Extensions.Time.Testing;

namespace CMesh.Tests.Peer;

public sealed class SilentNeighboursTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2025, 1, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void A_neighbour_that_forwards_nothing_for_a_whole_window_while_others_do_is_named()
    {
        var judge = new SilentNeighbours<string>(_clock, Window);
        _clock.Advance(Window);
        Assert.Empty(judge.Judge(Counts(("peer-2", 5), ("peer-3", 7))));

        _clock.Advance(Window);

        Assert.Equal(["peer-3"], judge.Judge(Counts(("peer-2", 9), ("peer-3", 7))));
    }

    [Fact]
    public void Nothing_is_judged_before_the_window_has_passed()
    {
        var judge = new SilentNeighbours<string>(_clock, Window);
        _clock.Advance(Window);
        judge.Judge(Counts(("peer-2", 5), ("peer-3", 7)));

        _clock.Advance(Window - TimeSpan.FromMilliseconds(1));

        Assert.Empty(judge.Judge(Counts(("peer-2", 9), ("peer-3", 7))));
    }

    [Fact]
    public void When_no_neighbour_forwarded_anything_the_mesh_is_quiet_and_no_link_is_dropped()
    {
        var judge = new SilentNeighbours<string>(_clock, Window);
        _clock.Advance(Window);
        judge.Judge(Counts(("peer-2", 5), ("peer-3", 7)));

        _clock.Advance(Window);

        Assert.Empty(judge.Judge(Counts(("peer-2", 5), ("peer-3", 7))));
    }

    [Fact]
    public void A_link_opened_during_the_window_is_judged_only_after_a_whole_window_of_its_own()
    {
        var judge = new SilentNeighbours<string>(_clock, Window);
        _clock.Advance(Window);
        judge.Judge(Counts(("peer-2", 5)));
        _clock.Advance(Window);

        Assert.Empty(judge.Judge(Counts(("peer-2", 9), ("peer-4", 0))));
        _clock.Advance(Window);
        Assert.Equal(["peer-4"], judge.Judge(Counts(("peer-2", 12), ("peer-4", 0))));
    }

    [Theory]
    [InlineData(1, 10)]
    [InlineData(5, 10)]
    [InlineData(25, 50)]
    [InlineData(60, 120)]
    public void The_window_is_two_write_intervals_and_never_under_10_s(int writeIntervalSeconds, int windowSeconds)
    {
        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), SilenceWindow.For(TimeSpan.FromSeconds(writeIntervalSeconds)));
    }

    [Fact]
    public void Writing_every_25_s_a_neighbour_that_passes_on_only_its_own_writes_is_never_named()
    {
        var judge = new SilentNeighbours<string>(_clock, SilenceWindow.For(TimeSpan.FromSeconds(25)));

        Assert.Empty(OwnWritesOnlyForTenMinutes(judge));
    }

    [Fact]
    public void Writing_every_25_s_a_10_s_window_would_name_a_neighbour_that_passes_on_only_its_own_writes()
    {
        Assert.Contains("peer-2", OwnWritesOnlyForTenMinutes(new SilentNeighbours<string>(_clock, Window)));
    }

    /// <summary>peer-2 passes on one update every 25 s (its own write, 7 s into each interval), peer-3 three a second.</summary>
    private IReadOnlyList<string> OwnWritesOnlyForTenMinutes(SilentNeighbours<string> judge)
    {
        var named = new List<string>();
        long own = 0, relayed = 0;
        for (var second = 1; second <= 600; second++)
        {
            _clock.Advance(TimeSpan.FromSeconds(1));
            own += second % 25 == 7 ? 1 : 0;
            relayed += 3;
            named.AddRange(judge.Judge(Counts(("peer-2", own), ("peer-3", relayed))));
        }

        return named;
    }

    private static Dictionary<string, long> Counts(params (string Peer, long UpdatesIn)[] links) =>
        links.ToDictionary(l => l.Peer, l => l.UpdatesIn);
}
