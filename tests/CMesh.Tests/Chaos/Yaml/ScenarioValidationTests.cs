using CMesh.Chaos.Faults;
using CMesh.Chaos.Targets;
using CMesh.Chaos.Yaml;

namespace CMesh.Tests.Chaos.Yaml;

public sealed class ScenarioValidationTests
{
    private const string Header = "name: bad\ndescription: a scenario with a mistake\nsteps:\n";

    [Fact]
    public void A_percentage_out_of_range_names_the_file_line_and_field()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 1m
                fault:
                  kind: loss
                  percent: 120
            """);

        Assert.Equal(["scenarios/bad.yaml:8: steps[0].fault.percent: 120 is not a percentage (0-100)"], errors);
    }

    [Fact]
    public void An_unknown_field_is_named_with_the_fields_that_are_allowed_there()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 1m
                colour: red
                fault:
                  kind: pause
            """);

        Assert.Equal(["scenarios/bad.yaml:6: steps[0].colour: unknown field (expected at, duration, repeat, targets, fault)"], errors);
    }

    [Fact]
    public void A_field_that_belongs_to_another_fault_kind_is_unknown()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 1m
                fault:
                  kind: pause
                  percent: 20
            """);

        Assert.Equal(["scenarios/bad.yaml:8: steps[0].fault.percent: unknown field (expected kind)"], errors);
    }

    [Fact]
    public void Drop_updates_lasts_and_takes_no_field()
    {
        var errors = Errors(Header + """
              - at: 30s
                fault:
                  kind: drop-updates
              - at: 1m
                duration: 1m
                fault:
                  kind: drop-updates
                  percent: 20
            """);

        Assert.Equal(
            [
                "scenarios/bad.yaml:4: steps[0].duration: drop-updates lasts: give it a duration",
                "scenarios/bad.yaml:11: steps[1].fault.percent: unknown field (expected kind)",
            ],
            errors);
    }

    [Fact]
    public void A_fault_without_a_kind_is_reported_where_the_fault_is_written()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 1m
                fault:
                  percent: 20
            """);

        Assert.Equal(["scenarios/bad.yaml:6: steps[0].fault.kind: missing"], errors);
    }

    [Fact]
    public void An_unknown_fault_kind_lists_the_kinds()
    {
        var errors = Errors(Header + """
              - at: 30s
                fault:
                  kind: meteor
            """);

        var error = Assert.Single(errors);
        Assert.StartsWith("scenarios/bad.yaml:6: steps[0].fault.kind: 'meteor' is not a fault kind: use one of delay, loss,", error);
        Assert.EndsWith("mobility, signal-outage, drop-updates", error);
    }

    [Fact]
    public void A_jitter_larger_than_its_delay_is_refused_at_the_jitter()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 1m
                fault:
                  kind: delay
                  delay: 50ms
                  jitter: 80ms
            """);

        Assert.Equal(["scenarios/bad.yaml:9: steps[0].fault.jitter: 80ms is larger than the delay 50ms"], errors);
    }

    [Fact]
    public void A_name_that_is_not_the_file_name_is_refused()
    {
        var errors = Errors("name: loss-20pct\ndescription: copied from another file\nsteps:\n  - at: 0s\n    fault:\n      kind: heal\n");

        Assert.Equal(["scenarios/bad.yaml:1: name: 'loss-20pct' does not match the file name bad.yaml"], errors);
    }

    [Fact]
    public void Every_error_in_a_file_is_reported_one_line_each()
    {
        var errors = Errors(Header + """
              - at: soon
                fault:
                  kind: heal
              - at: 30s
                fault:
                  kind: pause
            assertions:
              - p99-message-latency < 5
            """);

        Assert.Equal(
            [
                "scenarios/bad.yaml:4: steps[0].at: 'soon' is not a duration: write a number with a unit, such as 500ms, 30s, 2m or 1m30s",
                "scenarios/bad.yaml:7: steps[1].duration: pause lasts: give it a duration",
                "scenarios/bad.yaml:11: assertions[0]: 'p99-message-latency < 5' is not an assertion: write metric comparison threshold, such as p99-message-latency < 500ms or min-availability >= 99%",
            ],
            errors);
    }

    [Fact]
    public void Overlapping_repeats_are_refused_at_the_interval()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 10s
                repeat:
                  every: 5s
                  times: 3
                fault:
                  kind: pause
            """);

        Assert.Equal(["scenarios/bad.yaml:7: steps[0].repeat.every: 5s is not longer than the duration 10s: the repeats would overlap"], errors);
    }

    [Fact]
    public void A_one_way_cut_of_more_than_two_sides_is_refused()
    {
        var errors = Errors(Header + """
              - at: 30s
                fault:
                  kind: partition
                  layout: islands 3
                  one-way: true
            """);

        Assert.Equal(["scenarios/bad.yaml:8: steps[0].fault.one-way: a one-way cut needs two sides, and islands 3 has more: use isolate-one, halves, random-halves or majority-minority"], errors);
    }

    [Fact]
    public void A_signal_outage_aimed_at_peers_is_refused()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 1m
                targets: all
                fault:
                  kind: signal-outage
            """);

        Assert.Equal(["scenarios/bad.yaml:6: steps[0].targets: a signal outage targets the coordinator alone: write targets: coordinator, or leave targets out"], errors);
    }

    [Fact]
    public void A_bad_target_is_reported_at_the_targets_field()
    {
        var errors = Errors(Header + """
              - at: 30s
                duration: 1m
                targets: peer-9..peer-3
                fault:
                  kind: pause
            """);

        Assert.Equal(["scenarios/bad.yaml:6: steps[0].targets: 'peer-9..peer-3': a range runs upwards over at most 10000 names, as in peer-1..peer-5"], errors);
    }

    [Theory]
    [InlineData("name: bad\nname: bad\nsteps: []\n", "scenarios/bad.yaml:2: Duplicate key name")]
    [InlineData("name: bad\n  description: x\n", "scenarios/bad.yaml:2: While scanning a plain scalar value, found invalid mapping.")]
    [InlineData("name: bad\ndescription: [unclosed\nsteps: []\n", "scenarios/bad.yaml:3: the file ends before a [ or { is closed")]
    [InlineData("- a list\n", "scenarios/bad.yaml:1: expected a scenario: name, description, steps and so on, one per line")]
    public void Broken_yaml_is_reported_at_its_line(string yaml, string error)
    {
        Assert.Equal([error], Errors(yaml));
    }

    [Fact]
    public void Defaults_fill_in_what_a_fault_leaves_out()
    {
        var scenario = ScenarioReader.Read(Header + """
              - at: 30s
                duration: 1m
                fault:
                  kind: delay
            """, "scenarios/bad.yaml");

        var step = Assert.Single(scenario.Steps);
        Assert.Equal(
            new DelayFault(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(10), 25, DelayDistribution.Normal, LinkScope.Everywhere),
            step.Fault);
        Assert.Equal(TargetSelector.All, step.Targets);
    }

    [Fact]
    public void Bursty_loss_reads_its_gilbert_elliott_parameters()
    {
        var scenario = ScenarioReader.Read(Header + """
              - at: 30s
                duration: 1m
                targets: peer-1
                fault:
                  kind: loss
                  burst: { p: 5%, r: 50% }
                  direction: both
                  destinations: peer-2..peer-4
            """, "scenarios/bad.yaml");

        var fault = Assert.IsType<BurstLossFault>(Assert.Single(scenario.Steps).Fault);
        Assert.Equal((5, 50, 100, 0), (fault.P, fault.R, fault.BadLoss, fault.GoodLoss));
        Assert.Equal(LinkDirection.Both, fault.Scope.Direction);
        Assert.Equal("peer-2..peer-4", fault.Scope.Destinations?.ToString());
    }

    private static IReadOnlyList<string> Errors(string yaml) =>
        Assert.Throws<ScenarioFileException>(() => ScenarioReader.Read(yaml, "scenarios/bad.yaml")).Errors.Select(e => e.ToString()).ToList();
}
