namespace CMesh.Peer.Sync;

/// <summary>
/// One timestamped write. <paramref name="Hops"/> counts the links it crossed to reach the peer now holding it.
/// </summary>
public sealed record Update(string Writer, long Sequence, long WrittenAtMicros, int Hops, byte[] Payload);
