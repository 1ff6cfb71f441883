using CMesh.Common.Contracts;

namespace CMesh.Peer.Network;

/// <summary>A peer this one may dial: where it was learnt, its failures and when it may be tried again.</summary>
public sealed class Candidate(PeerAddress address, CandidateSource source)
{
    public PeerAddress Address { get; } = address;

    public CandidateSource Source { get; private set; } = source;

    /// <summary>Where the coordinator placed it among a registration's bootstrap peers (0 for peers learnt otherwise):
    /// the first is the peer registered just before this one, the likeliest to have room for a link.</summary>
    public int BootstrapRank { get; private set; }

    /// <summary>Failed dials and set-backs since the last link with it opened; fewer is tried first.</summary>
    public int Failures { get; private set; }

    public DateTimeOffset NextAttempt { get; private set; } = DateTimeOffset.MinValue;

    /// <summary>How the last dial failed; null when the peer was set back for not forwarding.</summary>
    public FailureKind? LastFailure { get; private set; }

    public string? LastError { get; private set; }

    public DateTimeOffset FailedAt { get; private set; }

    /// <summary>A peer learnt again from a better source keeps the better one.</summary>
    internal void Learnt(CandidateSource source, int bootstrapRank)
    {
        Source = (CandidateSource)Math.Max((int)Source, (int)source);
        BootstrapRank = Source == CandidateSource.Bootstrap ? bootstrapRank : 0;
    }

    internal void Failed(DateTimeOffset now, TimeSpan backoff, FailureKind? kind, string reason)
    {
        Failures++;
        (LastFailure, LastError, FailedAt, NextAttempt) = (kind, reason, now, now + backoff);
    }

    internal void Succeeded() => (Failures, LastFailure) = (0, null);
}
