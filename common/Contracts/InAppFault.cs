namespace CMesh.Common.Contracts;

/// <summary>The faults that live in a peer's process and are switched at /faults/{name} on its control server.</summary>
public static class InAppFaults
{
    /// <summary>The peer sends no update while its links and heartbeats go on.</summary>
    public const string DropUpdates = "drop-updates";

    /// <summary>Where a peer's control server switches the fault.</summary>
    public static string Path(string fault) => $"/faults/{Uri.EscapeDataString(fault)}";
}

/// <summary>A peer's answer to PUT or DELETE /faults/{name}: an in-app fault switched on or off.</summary>
/// <param name="WasOn">Whether it was on before this request.</param>
/// <param name="Dropped">What the fault has withheld since the peer started (for drop-updates, updates not sent).</param>
public sealed record InAppFaultState(string Fault, bool On, bool WasOn, long Dropped);
