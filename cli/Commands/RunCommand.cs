using System.CommandLine;
using CMesh.Chaos.Scenarios;
using CMesh.Cli.Input;
using CMesh.Cli.Running;
using CMesh.Common.Contracts;

namespace CMesh.Cli.Commands;

/// <summary>`cmesh run N`: bring up a coordinator and N peers, and optionally run the workload for a duration.</summary>
public static class RunCommand
{
    public static Command Create(CliServices services)
    {
        var peers = new Argument<int>("peers") { Description = "How many peer containers to start" };
        var duration = new Option<TimeSpan?>("--duration", "-d")
        {
            Description = "Run the workload this long (30s, 5m, 1h), then stop and remove the mesh; default: until `cmesh stop`",
            CustomParser = DurationText.Parse,
        };
        var name = new Option<string?>("--name") { Description = "Run id (a-z, 0-9, '-'); default: a fresh timestamped id" };
        var degree = new Option<int?>("--degree") { Description = "Links each peer keeps (default CMESH_DEGREE)" };
        var writeInterval = new Option<TimeSpan?>("--write-interval")
        {
            Description = "Time between two writes of one peer, 1ms to 60s (default CMESH_WRITE_INTERVAL_MS)",
            CustomParser = DurationText.Parse,
        };
        var payload = new Option<int?>("--payload") { Description = "Payload bytes per update (default CMESH_PAYLOAD_BYTES)" };
        var sync = new Option<string?>("--sync") { Description = "Anti-entropy when a link opens: delta (what the other lacks) or full (everything, the baseline); default CMESH_SYNC_MODE" };
        sync.AcceptOnlyFromAmong("delta", "full");
        var gossip = new Option<string?>("--gossip")
        {
            Description = "How the built-in engine passes new updates on: flood (to every link) or lazy (pushed along each writer's shortest paths, each peer fed by one or two parents, announced on the other links, fetched or grafted when a push is late); default CMESH_GOSSIP",
        };
        gossip.AcceptOnlyFromAmong("flood", "lazy");
        var rebuild = new Option<bool>("--rebuild") { Description = "Rebuild the coordinator and peer images even if current" };
        var scenario = new Option<string?>("--scenario") { Description = "Run a whole experiment: the scenario's timeline from the workload's start (its first step's offset is the warm-up), then the cool-down, then stop" };
        var coolDown = new Option<TimeSpan?>("--cool-down")
        {
            Description = "With --scenario: how long the workload goes on after the last fault ends, to measure the recovery (default 30s)",
            CustomParser = DurationText.Parse,
        };
        var seed = new Option<int?>("--seed")
        {
            Description = "Seed of the run's random choices: each peer's write offset and payloads (a run with the same seed writes on the same schedule) and, with --scenario, the scenario's choices",
        };
        var engine = new Option<string?>("--engine") { Description = "The sync engine the peers run, one of engines/ (cmesh engines lists them); default cmesh, the built-in one" };
        var settle = new Option<TimeSpan?>("--settle")
        {
            Description = "After the workload, how long peers may keep syncing before their final states are compared, at most (0s to 600s; default CMESH_SETTLE_S, 30s); it ends sooner once every live peer holds every update",
            CustomParser = DurationText.ParseZeroOrMore,
        };
        var peerImage = new Option<string?>("--peer-image") { Description = "Peers run this image instead: one built FROM the cmesh-peer image with an engine and its adapter (docs/engines.md)" };

        var runner = new Option<string>("--runner")
        {
            Description = "Where the mesh runs: local (containers on this engine, the default) or swarm (services spread over the nodes of the swarm this engine manages; docs/swarm.md)",
            DefaultValueFactory = _ => "local",
        };
        runner.AcceptOnlyFromAmong("local", "swarm");
        var place = new Option<string?>("--place") { Description = "With --runner swarm: peers only on the nodes with this node label, LABEL=VALUE" };

        var command = new Command("run", "Start a coordinator and N peers on fresh networks and wait until the mesh is ready")
        {
            peers, duration, name, degree, writeInterval, payload, sync, gossip, rebuild, scenario, coolDown, seed, engine, peerImage, settle, runner, place,
        };
        command.SetAction((parse, ct) => new MeshRunner(services).RunAsync(
            new RunArguments(
                parse.GetValue(peers),
                parse.GetValue(duration),
                parse.GetValue(name),
                parse.GetValue(degree),
                parse.GetValue(writeInterval),
                parse.GetValue(payload),
                parse.GetValue(sync) is { } mode ? Enum.Parse<SyncMode>(mode, ignoreCase: true) : null,
                parse.GetValue(rebuild),
                "cmesh " + string.Join(' ', parse.Tokens.Select(t => t.Value)),
                parse.GetValue(scenario),
                parse.GetValue(coolDown),
                parse.GetValue(seed),
                parse.GetValue(engine),
                parse.GetValue(peerImage),
                parse.GetValue(settle),
                parse.GetValue(gossip) is { } gossipMode ? Enum.Parse<GossipMode>(gossipMode, ignoreCase: true) : null,
                parse.GetValue(runner) ?? "local",
                parse.GetValue(place)),
            ct));
        return command;
    }
}

public sealed record RunArguments(
    int Peers,
    TimeSpan? Duration,
    string? Name,
    int? Degree,
    TimeSpan? WriteInterval,
    int? PayloadBytes,
    SyncMode? Sync,
    bool Rebuild,
    string CommandLine,
    string? Scenario = null,
    TimeSpan? CoolDown = null,
    int? Seed = null,
    string? Engine = null,
    string? PeerImage = null,
    TimeSpan? Settle = null,
    GossipMode? Gossip = null,
    string Runner = "local",
    string? Place = null)
{
    /// <summary>
    /// A run that plays the scenario lasts its length and the cool-down after it. The scenario's workload fills in
    /// what the command line left out, so a flag beats the scenario, which beats the CMESH_* settings (the plan's
    /// defaults fill in what is still missing).
    /// </summary>
    public RunArguments Playing(Scenario scenario, TimeSpan defaultCoolDown) => this with
    {
        Duration = scenario.Length + (CoolDown ?? defaultCoolDown),
        WriteInterval = WriteInterval ?? scenario.Workload?.WriteInterval,
        PayloadBytes = PayloadBytes ?? scenario.Workload?.PayloadBytes,
        Gossip = Gossip ?? scenario.Workload?.Gossip,
    };
}
