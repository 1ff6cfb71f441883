using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CMesh.Common;
using CMesh.Common.Contracts;
using CMesh.Common.Records;
using CMesh.Introspection.Events;
using CMesh.Introspection.Metrics;
using CMesh.Peer.Network;
using CMesh.Peer.Sync;

namespace CMesh.Peer.Introspection;

/// <summary>
/// The peer's counters, latency histograms and event stream, fed by its records as things happen. Updating a metric
/// is an interlocked operation; an event object is built only while someone listens on GET /events.
/// </summary>
public sealed class PeerTelemetry(string peerId)
{
    private readonly ConcurrentDictionary<string, StrongBox<long>> _linkEvents = new(StringComparer.Ordinal);
    private readonly IReadOnlyDictionary<string, StrongBox<long>> _deliveredVia = DeliveryVia.All.ToDictionary(v => v, _ => new StrongBox<long>(), StringComparer.Ordinal);
    private long _written;
    private long _bytesIn;
    private long _bytesOut;
    private long _framesIn;
    private long _framesOut;
    private long _payloadIn;
    private long _payloadOut;
    private long _probesSeen;

    public EventHub Events { get; } = new();

    public Histogram DeliveryLatency { get; } = new();

    public Histogram LinkRoundTrip { get; } = new();

    public Histogram CoordinatorRoundTrip { get; } = new();

    public Histogram ResyncDuration { get; } = new();

    public long Written => Interlocked.Read(ref _written);

    /// <summary>First deliveries by how they came (deliveries.csv's via).</summary>
    public IEnumerable<(string Via, long Count)> DeliveredVia =>
        DeliveryVia.All.Select(via => (via, Interlocked.Read(ref _deliveredVia[via].Value)));

    public long ProbesSeen => Interlocked.Read(ref _probesSeen);

    /// <summary>All links since start, whole frames; counted once a second from the links' own counters.</summary>
    public LinkCounters Traffic => new(
        Interlocked.Read(ref _bytesIn), Interlocked.Read(ref _bytesOut), Interlocked.Read(ref _framesIn), Interlocked.Read(ref _framesOut),
        Interlocked.Read(ref _payloadIn), Interlocked.Read(ref _payloadOut), 0, 0, 0, 0, 0);

    public IEnumerable<(string Event, long Count)> LinkEventCounts =>
        _linkEvents.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => (e.Key, Interlocked.Read(ref e.Value.Value)));

    public void Wrote() => Interlocked.Increment(ref _written);

    public void Delivered(Update update, long receivedAtMicros, string fromPeer, string via)
    {
        Interlocked.Increment(ref _deliveredVia[via].Value);
        // An adapter's engine does not carry the write time (0): the report takes it from the writer's records.
        long? latency = update.WrittenAtMicros > 0 ? receivedAtMicros - update.WrittenAtMicros : null;
        if (latency is { } known)
        {
            DeliveryLatency.ObserveMicros(Math.Max(0, known));
        }

        if (Events.HasSubscribers)
        {
            Events.Publish(new NodeEvent(receivedAtMicros, peerId, "sync", "delivered", fromPeer,
                $"{update.Writer}#{update.Sequence} via {via}, {update.Hops} hops", latency));
        }
    }

    public void Resynced(long durationMicros, string fromPeer, string trigger, long missing)
    {
        ResyncDuration.ObserveMicros(durationMicros);
        Publish("sync", "resync", fromPeer, $"{trigger}: {missing} missing updates", durationMicros);
    }

    public void LinkEvent(string eventName, string remotePeer, string direction, string detail)
    {
        Interlocked.Increment(ref _linkEvents.GetOrAdd(eventName, _ => new StrongBox<long>()).Value);
        var kind = remotePeer == "coordinator" ? "coordinator" : "link";
        Publish(kind, eventName, remotePeer, detail.Length == 0 ? direction : $"{direction}: {detail}");
    }

    /// <summary>One open link's traffic in the last second and its last round trip (-1 before the first).</summary>
    public void LinkSecond(LinkCounters second, long rttMicros)
    {
        Interlocked.Add(ref _bytesIn, second.BytesIn);
        Interlocked.Add(ref _bytesOut, second.BytesOut);
        Interlocked.Add(ref _framesIn, second.FramesIn);
        Interlocked.Add(ref _framesOut, second.FramesOut);
        Interlocked.Add(ref _payloadIn, second.PayloadIn);
        Interlocked.Add(ref _payloadOut, second.PayloadOut);
        if (rttMicros >= 0)
        {
            LinkRoundTrip.ObserveMicros(rttMicros);
        }
    }

    public void FaultSwitched(string fault, bool on, bool wasOn) =>
        Publish("fault", on ? "fault-on" : "fault-off", null, on == wasOn ? $"{fault} (already {(on ? "on" : "off")})" : fault);

    public void StateChanged(PeerState state, string detail) => Publish("state", state.ToString().ToLowerInvariant(), null, detail);

    public void ProbeSeen(ProbeSighting sighting)
    {
        Interlocked.Increment(ref _probesSeen);
        Publish("probe", "seen", sighting.FromPeer, $"probe {sighting.ProbeId}, {sighting.Hops} hops", sighting.SeenAtUnixUs - sighting.WrittenAtUnixUs);
    }

    private void Publish(string kind, string eventName, string? peer, string detail, long? latencyUs = null)
    {
        if (Events.HasSubscribers)
        {
            Events.Publish(new NodeEvent(UnixTime.NowMicros(), peerId, kind, eventName, peer, detail, latencyUs));
        }
    }
}
