using CMesh.Common.Contracts;

namespace CMesh.Peer.Introspection;

/// <summary>What a registered peer's sync engine shows through the peer's view, whichever engine it is.</summary>
public interface IEngineParts
{
    TestPlan Plan { get; }

    /// <summary>The engine's name: cmesh for the built-in one, else the adapter's (docs/engines.md).</summary>
    string Engine { get; }

    long Written { get; }

    long Delivered { get; }

    /// <summary>For each writer, the highest seq held.</summary>
    IReadOnlyDictionary<string, long> VersionVector { get; }

    /// <summary>Null where the engine does not carry write times, so staleness cannot be known live.</summary>
    WriterFreshness? Freshness { get; }

    int Candidates { get; }

    int OutboxFrames { get; }

    int ResyncsOpen { get; }

    /// <summary>Open links, then up to <paramref name="notOpen"/> of the most recent failed dials and closes.</summary>
    IReadOnlyList<LinkSnapshot> Links(int notOpen);

    /// <summary>Null when there is no link to send a probe on, or the engine cannot carry one.</summary>
    ProbeWritten? WriteProbe();

    ProbeSighting? FindProbe(string probeId);
}
