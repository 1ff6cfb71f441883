using CMesh.Report.Timeline;

namespace CMesh.Tests.Report;

public sealed class RunWindowTests
{
    private const long Second = RunWindow.Second;
    private const long Start = 1_800_000_000 * Second;
    private static readonly RunWindow Window = new(Start, Start + (10 * Second), Start + (10 * Second));

    [Theory]
    [InlineData(1_000_000, 0)] // the coordinator's, on the whole second: the second that ends there
    [InlineData(1_300_000, 0)] // a peer's at 300 ms: 0.7 s of the second before, 0.3 s of this one
    [InlineData(1_700_000, 1)] // a peer's at 700 ms: mostly this second
    [InlineData(10_000_000, 9)]
    [InlineData(10_600_000, -1)] // mostly after the window
    [InlineData(400_000, -1)] // mostly before it
    public void A_per_second_sample_counts_in_the_second_that_holds_most_of_what_it_covers(long dueAfterStartUs, int second) =>
        Assert.Equal(second, Window.SecondCoveredBy(Start + dueAfterStartUs));
}
