namespace CMesh.Common.Contracts;

/// <summary>One thing that happened on a node, as streamed by GET /events: one JSON object per WebSocket message.</summary>
/// <param name="Node">The node it happened on: a peer id, or coordinator.</param>
/// <param name="Kind">state, coordinator, link, sync or probe.</param>
/// <param name="Event">What happened: for links the event of links.csv (dial, open, close…), for sync delivered or resync.</param>
/// <param name="Peer">The other peer involved, if any.</param>
/// <param name="LatencyUs">For deliveries, probes and resyncs: how long it took, in microseconds.</param>
public sealed record NodeEvent(long TimeUnixUs, string Node, string Kind, string Event, string? Peer = null, string? Detail = null, long? LatencyUs = null);
