using CMesh.Common.Contracts;
using CMesh.Report.Input;
using CMesh.Report.Timeline;

namespace CMesh.Tests.Report;

public sealed class PhaseTimelineTests
{
    private static readonly RunWindow Window = new(0, 100 * RunWindow.Second, 110 * RunWindow.Second);

    [Fact]
    public void A_run_splits_into_before_then_during_and_after_each_fault()
    {
        var faults = FaultTimeline.Build(
        [
            Event(10, "start", "s1.1", "loss"), Event(20, "end", "s1.1", "loss"),
            Event(50, "start", "s2.1", "kill"), Event(60, "end", "s2.1", "kill"),
        ], Window);

        var phases = new PhaseTimeline(faults, Window);

        Assert.Equal(["before", "during s1.1", "after s1.1", "during s2.1", "after s2.1"], phases.Phases.Select(p => p.Name));
        Assert.Equal("during s1.1", phases.Phases[phases.At(15 * RunWindow.Second)[0]].Name);
        Assert.Equal("after s1.1", phases.Phases[phases.At(49 * RunWindow.Second)[0]].Name);
        Assert.Equal(["before", "during loss", "after loss", "during kill", "after kill"], phases.Groups);
    }

    [Fact]
    public void A_fault_is_in_force_from_the_moment_applying_it_began_until_its_revert_was_done_and_heals_from_the_moment_the_revert_began()
    {
        var fault = Assert.Single(FaultTimeline.Build(
        [
            Event(10, "start", "s1.1", "partition") with { BeganUnixUs = 9 * RunWindow.Second },
            Event(20, "end", "s1.1", "partition") with { BeganUnixUs = 19 * RunWindow.Second },
        ], Window));

        Assert.Equal((9 * RunWindow.Second, 19 * RunWindow.Second, 20 * RunWindow.Second), (fault.StartUs, fault.HealUs, fault.EndUs));
    }

    [Fact]
    public void A_fault_that_never_ended_lasts_until_the_run_stopped()
    {
        var fault = Assert.Single(FaultTimeline.Build([Event(30, "start", "a3f2", "partition")], Window));

        Assert.Equal(Window.DrawEndUs, fault.EndUs);
        Assert.Equal(FaultTimeline.RunEnded, fault.EndDetail);
    }

    [Fact]
    public void Actions_and_failures_are_noted_on_their_fault()
    {
        var fault = Assert.Single(FaultTimeline.Build(
        [
            Event(10, "start", "s1.1", "churn"), Event(12, "action", "s1.1", "churn", "killed peer-3"),
            Event(14, "failed", "s1.1", "churn", "restart refused"), Event(20, "end", "s1.1", "churn", "duration"),
        ], Window));

        Assert.Equal("killed peer-3", Assert.Single(fault.Actions).Detail);
        Assert.Equal("restart refused", Assert.Single(fault.Failures).Detail);
        Assert.Equal("duration", fault.EndDetail);
    }

    private static ChaosEvent Event(int second, string kind, string id, string fault, string detail = "") =>
        new(second * RunWindow.Second, kind, id, fault, "peer-1", fault, "netem", detail);
}
