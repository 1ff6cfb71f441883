namespace CMesh.Peer.Network;

/// <summary>How and when a link last closed, shown until the peer is linked or dialed again.</summary>
internal sealed record ClosedLink(string Direction, string Reason, DateTimeOffset At);
