using CMesh.Common.Records;

namespace CMesh.Tests.Records;

/// <summary>The summary.json of a peer that stopped, with only what a test sets (through <c>with</c>) meaning anything.</summary>
public static class StoppedPeer
{
    public static PeerSummary Summary(string peer) =>
        new(peer, "10.1.0.2:7100", "cmesh", 0, 0, 0, 0, "9f2c", new Dictionary<string, long>(), []);
}
