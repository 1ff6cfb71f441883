using System.Text.Json;
using System.Text.Json.Serialization;
using CMesh.Common.Contracts;
using CMesh.Common.Records;

namespace CMesh.Common;

/// <summary>
/// The one JSON dialect (see <see cref="CMeshJson"/>), generated at compile time for every contract the peer, the
/// coordinator and their introspection servers send or read, so that the peer runs without reflection (Native AOT).
/// A contract type or enum added to the wire must be listed here; JsonContextParityTests checks both agree.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    Converters =
    [
        typeof(CamelCaseEnumConverter<PeerState>),
        typeof(CamelCaseEnumConverter<MeshPhase>),
        typeof(CamelCaseEnumConverter<SyncMode>),
        typeof(CamelCaseEnumConverter<CoordinatorLinkState>),
        typeof(CamelCaseEnumConverter<FailureKind>),
        typeof(CamelCaseEnumConverter<LinkState>),
        typeof(CamelCaseEnumConverter<HeartbeatStatus>),
        typeof(CamelCaseEnumConverter<NodeFreshness>),
        typeof(CamelCaseEnumConverter<LinkHealth>),
        typeof(CamelCaseEnumConverter<GossipMode>),
        typeof(CamelCaseEnumConverter<GossipRole>),
    ])]
[JsonSerializable(typeof(RegisterRequest))]
[JsonSerializable(typeof(RegisterResponse))]
[JsonSerializable(typeof(HeartbeatRequest))]
[JsonSerializable(typeof(HeartbeatResponse))]
[JsonSerializable(typeof(DiscoveryResponse))]
[JsonSerializable(typeof(PeerSnapshot))]
[JsonSerializable(typeof(NodeEvent))]
[JsonSerializable(typeof(ProbeWritten))]
[JsonSerializable(typeof(ProbeSighting))]
[JsonSerializable(typeof(InAppFaultState))]
[JsonSerializable(typeof(ErrorAnswer))]
[JsonSerializable(typeof(PeerSummary))]
[JsonSerializable(typeof(CoordinatorSnapshot))]
[JsonSerializable(typeof(MeshStatus))]
[JsonSerializable(typeof(MeshView))]
[JsonSerializable(typeof(ChaosInForce))]
[JsonSerializable(typeof(ClockReading))]
[JsonSerializable(typeof(PeerClock))]
[JsonSerializable(typeof(ScrapeTargetGroup[]))]
public sealed partial class CMeshJsonContext : JsonSerializerContext
{
    /// <summary>The same dialect, indented, for files people read (summary.json).</summary>
    /// <remarks>Built on first use: a static initializer here could run before the generated part's Default is set.</remarks>
    public static CMeshJsonContext Indented => field ??= new(new JsonSerializerOptions(Default.Options) { WriteIndented = true });
}
