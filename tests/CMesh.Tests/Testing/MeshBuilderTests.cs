using CMesh.Chaos.Scenarios;
using CMesh.Common.Contracts;
using CMesh.Docker.Engines;
using CMesh.Testing;

namespace CMesh.Tests.Testing;

public sealed class MeshBuilderTests
{
    [Fact]
    public void Each_With_gives_a_new_builder_and_leaves_the_one_it_came_from_unchanged()
    {
        var original = new MeshBuilder();

        var changed = original.WithPeers(7).WithDegree(2).WithSyncMode(SyncMode.Full).WithRunName("mine");

        Assert.Equal(3, original.Peers);
        Assert.Null(original.RunName);
        Assert.Equal((7, 2, SyncMode.Full, "mine"), (changed.Peers, changed.Degree, changed.Sync, changed.RunName));
    }

    [Fact]
    public async Task The_built_mesh_carries_the_settings_in_its_plan_and_has_made_nothing_before_it_starts()
    {
        await using var mesh = new MeshBuilder()
            .WithPeers(5).WithWriteInterval(TimeSpan.FromMilliseconds(250)).WithPayload(512).WithDuration(TimeSpan.FromSeconds(12)).WithGossip(GossipMode.Lazy)
            .WithRunName("planned")
            .Build();

        Assert.Equal((5, 250, 512, 12, GossipMode.Lazy), (mesh.Plan.Peers, mesh.Plan.WriteIntervalMs, mesh.Plan.PayloadBytes, mesh.Plan.DurationSeconds, mesh.Plan.Gossip));
        Assert.Equal("planned", mesh.RunId);
        Assert.Null(mesh.CoordinatorAddress);
    }

    [Fact]
    public async Task A_scenario_makes_the_workload_last_its_length_and_the_cool_down()
    {
        var scenario = ScenarioLibrary.Load(RepositoryRoot.Path).Find("quick-tour")!;

        await using var mesh = new MeshBuilder().WithPeers(scenario.Workload?.MinPeers ?? 3).WithScenario("quick-tour").WithCoolDown(TimeSpan.FromSeconds(5)).Build();

        Assert.Equal((int)Math.Ceiling((scenario.Length + TimeSpan.FromSeconds(5)).TotalSeconds), mesh.Plan.DurationSeconds);
    }

    [Fact]
    public async Task A_scenarios_workload_gossip_sets_the_plans_as_its_write_interval_does()
    {
        var repository = Directory.CreateTempSubdirectory("cmesh-repository-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(repository, ScenarioLibrary.Folder));
            File.WriteAllText(
                Path.Combine(repository, ScenarioLibrary.Folder, "lazy-pause.yaml"),
                "name: lazy-pause\ndescription: a pause under lazy push\nworkload:\n  gossip: lazy\nsteps:\n  - at: 30s\n    duration: 5s\n    fault:\n      kind: pause\n");
            var engine = Path.Combine(EngineCatalog.Folder, EngineRecipe.BuiltIn, EngineRecipe.FileName);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(repository, engine))!);
            File.Copy(Path.Combine(RepositoryRoot.Path, engine), Path.Combine(repository, engine));

            await using var mesh = new MeshBuilder().WithRepository(repository).WithGossip(GossipMode.Flood).WithScenario("lazy-pause").Build();

            Assert.Equal(GossipMode.Lazy, mesh.Plan.Gossip);
        }
        finally
        {
            Directory.Delete(repository, recursive: true);
        }
    }

    [Theory]
    [InlineData(0, "peers 0")]
    [InlineData(-1, "peers -1")]
    public void A_mesh_without_peers_is_refused_naming_the_setting(int peers, string named)
    {
        var refused = Assert.Throws<ArgumentException>(() => new MeshBuilder().WithPeers(peers).Build());

        Assert.StartsWith(named, refused.Message);
    }

    [Fact]
    public async Task A_peer_may_write_as_rarely_as_once_a_minute_and_no_more_rarely()
    {
        await using var mesh = new MeshBuilder().WithWriteInterval(TimeSpan.FromSeconds(60)).WithDuration(TimeSpan.FromMinutes(5)).Build();
        Assert.Equal(60_000, mesh.Plan.WriteIntervalMs);

        var refused = Assert.Throws<ArgumentException>(() => new MeshBuilder().WithWriteInterval(TimeSpan.FromSeconds(61)).Build());

        Assert.Equal("write interval 00:01:01: from 1 ms to 60 s", refused.Message);
    }

    [Fact]
    public void A_duration_shorter_than_the_write_interval_is_refused_since_some_peers_would_write_nothing()
    {
        var refused = Assert.Throws<ArgumentException>(() => new MeshBuilder().WithWriteInterval(TimeSpan.FromSeconds(25)).WithDuration(TimeSpan.FromSeconds(20)).Build());

        Assert.Equal("duration 00:00:20: shorter than the write interval (00:00:25), some peers would write nothing", refused.Message);
    }

    [Fact]
    public void A_scenario_and_a_duration_together_are_refused_since_the_scenario_sets_the_length()
    {
        var refused = Assert.Throws<ArgumentException>(() => new MeshBuilder().WithScenario("quick-tour").WithDuration(TimeSpan.FromSeconds(10)).Build());

        Assert.Contains("WithCoolDown", refused.Message);
    }

    [Fact]
    public void An_unknown_scenario_is_refused_by_name()
    {
        var refused = Assert.Throws<ArgumentException>(() => new MeshBuilder().WithScenario("no-such-scenario").Build());

        Assert.Contains("no scenario named no-such-scenario", refused.Message);
    }
}
