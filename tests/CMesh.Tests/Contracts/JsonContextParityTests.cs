using System.Text.Json;
using System.Text.Json.Serialization;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;

namespace CMesh.Tests.Contracts;

/// <summary>
/// The generated dialect the Native AOT peer speaks (CMeshJsonContext) writes the very bytes the reflection one
/// (CMeshJson) writes, and each reads what the other wrote: the wire is the same for the CLI, the report and older runs.
/// </summary>
public sealed class JsonContextParityTests
{
    private static readonly DateTimeOffset At = new(2025, 11, 21, 19, 43, 50, 123, TimeSpan.FromHours(1));
    private static readonly JsonElement Contact = JsonDocument.Parse("""{"deviceId":"ABC-123","ports":[22000,22001]}""").RootElement;
    private static readonly TestPlan Plan = new(20, 500, 64, 4, 8, 1000, 5000, 60, SyncMode.Full, 4000, 3000, 45);
    private static readonly WriterFreshness Freshness = new(19, 17, 812, 6000);

    private static readonly LinkSnapshot OpenLink = new(
        "peer-2", LinkState.Open, "out", RttMs: 0.42, Heartbeat: HeartbeatStatus.Late, LastHeartbeatAgeMs: 900, LastDataAgeMs: 12,
        LastUpdateAgeMs: 340, StateAgeMs: 60_000, BytesIn: 1234, BytesOut: 5678, MessagesIn: 10, MessagesOut: 11, UpdatesIn: 7, OutboxFrames: 2,
        Gossip: GossipRole.Lazy);

    private static readonly LinkSnapshot FailedLink = new("peer-3", LinkState.Failed, "out", "connection refused", FailureKind.Refused, Failures: 3, RetryInMs: 2000);

    /// <summary>Every contract the context lists, with every enum and optional field set, and some with them absent.</summary>
    private static readonly object[] Samples =
    [
        new RegisterRequest("peer-1", "swarm-abc", "10.1.0.2:7100", "10.2.0.2:7101", Contact),
        new RegisterRequest("peer-1", "swarm-abc", "10.1.0.2:7100"),
        new RegisterResponse(Plan, [new PeerAddress("peer-2", "10.1.0.3:7100"), new PeerAddress("peer-3", "10.1.0.4:7100", Contact)]),
        new HeartbeatRequest(
            PeerState.Running, ["peer-2"], 120, 2280, new NodeHealth(61.5, "10.2.0.2:7101", [OpenLink, FailedLink], 5, 99_000, 88_000, 1.25, Freshness), 2400),
        new HeartbeatRequest(PeerState.Ready, [], 0, 0),
        new HeartbeatResponse(MeshPhase.Settling, At, At.AddMinutes(1)),
        new HeartbeatResponse(MeshPhase.Forming, null, null),
        new DiscoveryResponse([new PeerAddress("peer-4", "10.1.0.5:7100")]),
        new PeerSnapshot(
            "peer-1", "run-1", "swarm-abc", PeerState.Reporting, At, 61.5, "10.1.0.2:7100", "10.2.0.2:7101",
            new CoordinatorLinkSnapshot(CoordinatorLinkState.Open, "http://10.2.0.1:7000/", 1500, 2.5, FailureKind.Timeout, "timed out", 2),
            [OpenLink, FailedLink, new LinkSnapshot("peer-4", LinkState.Closed, "in", "bye", FailureKind.Closed)],
            new StoreSnapshot(120, 2280, 2400, new Dictionary<string, long> { ["peer-1"] = 120, ["peer-2"] = 119 }, Freshness),
            new QueueSnapshot(3, 1, 4),
            [InAppFaults.DropUpdates],
            "cmesh"),
        new NodeEvent(1_763_754_230_000_000, "peer-1", "sync", "delivered", "peer-2", "via=flood", 1840),
        new NodeEvent(1_763_754_230_000_000, "coordinator", "state", "running"),
        new ProbeWritten("p-1a2b", "peer-1", 121, 1_763_754_230_000_000),
        new ProbeSighting("p-1a2b", "peer-5", 1_763_754_230_000_000, 1_763_754_230_001_500, "peer-2", 3, 0.8),
        new ProbeSighting("p-1a2b", "peer-1", 1_763_754_230_000_000, 1_763_754_230_000_000, null, 0, null),
        new InAppFaultState(InAppFaults.DropUpdates, On: true, WasOn: false, Dropped: 12),
        new ErrorAnswer("wrong swarm key"),
        new ClockReading(1_763_754_230_000_000, 1_763_754_230_000_150),
        new PeerClock("peer-2", -1_250_300, 210, 420, 8),
        new PeerSummary("peer-1", "10.1.0.2:7100", "cmesh", 120, 2280, 5, 2400, "9f2c", new Dictionary<string, long> { ["peer-1"] = 120 }, ["peer-2", "peer-3"], "adapter exited")
        {
            StoppedAtUnixUs = 1_763_754_290_000_000,
        },
        new CoordinatorSnapshot(
            "run-1", "swarm-abc", MeshPhase.Stopping, At, 300.25, 20, 19, 4000, 1,
            new Dictionary<NodeFreshness, int> { [NodeFreshness.Fresh] = 17, [NodeFreshness.Late] = 1, [NodeFreshness.Silent] = 1 }),
        new MeshStatus(
            "run-1", MeshPhase.Running, 20, At, At.AddSeconds(20), At.AddSeconds(25), null,
            [new PeerStatus("peer-1", PeerState.Registered, "10.1.0.2:7100", ["peer-2"], 3, 40, At, At.AddSeconds(1), 250)]),
        new MeshView(
            "run-1", MeshPhase.Running, At, At, 20, 1000, 5000, 1000, 5000,
            [
                new MeshNode(
                    "peer-1", PeerState.Stopped, "10.1.0.2:7100", "10.2.0.2:7101", NodeFreshness.Late, 2500, 61.5, 120, 2280, 4, 3, 1500.5, 1400.25, 1.1,
                    Freshness, [FailedLink]),
                new MeshNode("peer-2", PeerState.Starting, "10.1.0.3:7100", null, NodeFreshness.Silent, 9000, null, 0, 0, 0, 0, 0, 0, null, null, []),
            ],
            [
                new MeshLink("peer-1", "peer-2", LinkHealth.HeartbeatsLate, 0.9, 12, 340, ["peer-1", "peer-2"], GossipRole.Eager),
                new MeshLink("peer-1", "peer-3", LinkHealth.NoData, null, null, null, ["peer-1"]),
            ]),
        new ScrapeTargetGroup[]
        {
            new(["10.2.0.2:7101"], new Dictionary<string, string> { ["peer"] = "peer-1", ["run"] = "run-1" }),
        },
        new ChaosInForce(
        [
            new FaultInForce("s1.1", "partition", ["peer-1", "peer-2"], "halves", "nft", At, new PartitionSides([["peer-1"], ["peer-2"]], true, "peer-3", "halves")),
            new FaultInForce("a1f", "loss", ["peer-3"], "loss 20%", "netem", At, null),
        ]),
    ];

    public static TheoryData<object> Contracts() => new(Samples);

    [Fact]
    public void The_samples_cover_every_type_the_context_lists()
    {
        var listed = typeof(CMeshJsonContext).GetCustomAttributesData()
            .Where(a => a.AttributeType == typeof(JsonSerializableAttribute))
            .Select(a => ((Type)a.ConstructorArguments[0].Value!).Name);

        Assert.Equal(listed.Order(), Samples.Select(s => s.GetType().Name).Distinct().Order());
    }

    [Fact]
    public void Every_contract_enum_is_written_camel_case_by_the_context()
    {
        var enums = typeof(TestPlan).Assembly.GetTypes().Where(t => t.IsEnum && t.Namespace == typeof(TestPlan).Namespace);
        var converted = CMeshJsonContext.Default.Options.Converters.Select(c => c.GetType().GetGenericArguments().Single());

        Assert.Equal(enums.Select(t => t.Name).Order(), converted.Select(t => t.Name).Order());
    }

    [Fact]
    public void Enums_are_camel_case_names_as_values_and_as_dictionary_keys()
    {
        var written = Generated(Samples.OfType<CoordinatorSnapshot>().Single());

        Assert.Contains("\"phase\":\"stopping\"", written);
        Assert.Contains("\"peersByFreshness\":{\"fresh\":17,\"late\":1,\"silent\":1}", written);
    }

    [Fact]
    public void A_link_without_a_part_in_the_gossip_is_written_without_the_field_as_before_lazy_push()
    {
        Assert.Contains("\"gossip\":\"lazy\"", Generated(OpenLink));
        Assert.DoesNotContain("gossip", Generated(FailedLink));
        Assert.DoesNotContain("gossip", Reflected(FailedLink));
        Assert.DoesNotContain("gossip", Generated(Samples.OfType<MeshView>().Single().Links[1]));
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void The_context_writes_the_bytes_reflection_writes(object contract)
    {
        Assert.Equal(Reflected(contract), Generated(contract));
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void The_context_reads_what_reflection_wrote(object contract)
    {
        var written = Reflected(contract);

        Assert.Equal(written, Generated(JsonSerializer.Deserialize(written, CMeshJsonContext.Default.GetTypeInfo(contract.GetType())!)!));
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Reflection_reads_what_the_context_wrote(object contract)
    {
        var written = Generated(contract);

        Assert.Equal(written, Reflected(JsonSerializer.Deserialize(written, contract.GetType(), CMeshJson.Options)!));
    }

    [Fact]
    public void The_indented_context_writes_summary_json_as_the_indented_options_do()
    {
        var summary = Samples.OfType<PeerSummary>().Single();

        Assert.Equal(JsonSerializer.Serialize(summary, CMeshJson.Indented), JsonSerializer.Serialize(summary, CMeshJsonContext.Indented.PeerSummary));
    }

    private static string Reflected(object contract) => JsonSerializer.Serialize(contract, contract.GetType(), CMeshJson.Options);

    private static string Generated(object contract) => JsonSerializer.Serialize(contract, CMeshJsonContext.Default.GetTypeInfo(contract.GetType())!);
}
