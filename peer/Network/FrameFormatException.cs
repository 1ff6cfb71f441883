namespace CMesh.Peer.Network;

/// <summary>
/// Bytes on a link that are not a whole, well-formed frame: cut short, of an unknown type, out of range, or with
/// bytes left over. The reader of that connection closes it; the message is one line, fit for the link's records.
/// </summary>
public sealed class FrameFormatException(string message) : Exception(message);
