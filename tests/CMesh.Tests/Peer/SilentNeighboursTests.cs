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

    private static Dictionary<string, long> Counts(params (string Peer, long UpdatesIn)[] links) =>
        links.ToDictionary(l => l.Peer, l => l.UpdatesIn);
}
