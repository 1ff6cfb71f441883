namespace CMesh.Common.Contracts;

/// <summary>The life of a peer as the coordinator and the CLI see it, in order.</summary>
public enum PeerState
{
    Starting,
    Registered,
    Ready,
    Running,
    Reporting,
    Stopped,
}
