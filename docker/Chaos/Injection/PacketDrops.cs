using System.Globalization;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>
/// nftables rules in a member's namespace that drop packets arriving from given addresses: all of them (a
/// partition) or a random share (loss). They sit in the member's own table at prerouting, ahead of connection
/// tracking, so a dropped packet is lost as on a wire: its sender is not told, and no transport sees a difference.
/// Each fault has its own chain, so faults stack and end one by one, and each nft call is one atomic transaction.
/// </summary>
public static class PacketDrops
{
    public const string Table = "cmesh";

    /// <summary>nft arguments that add the fault's chain dropping packets from the sources (a share of them with a percentage).</summary>
    /// <remarks>With no sources the chain is added empty, for a mobility layout to fill later.</remarks>
    public static IReadOnlyList<string> AddChain(string chain, IReadOnlyCollection<string> sources, double? percent) =>
        ["nft", string.Join('\n', [
            $"add table inet {Table}",
            $"add chain inet {Table} {chain} {{ type filter hook prerouting priority -300; policy accept; }}",
            .. Rule(chain, sources, percent)])];

    /// <summary>nft arguments that swap a chain's rule for one dropping from other sources, in one transaction (mobility).</summary>
    public static IReadOnlyList<string> ReplaceChain(string chain, IReadOnlyCollection<string> sources) =>
        ["nft", string.Join('\n', [$"flush chain inet {Table} {chain}", .. Rule(chain, sources, null)])];

    /// <summary>Deletes the fault's chain, and the table too once no other fault has a chain in it, so nothing is left behind.</summary>
    public static IReadOnlyList<string> DeleteChain(string chain) =>
        ["sh", "-c", string.Join('\n',
            "set -e",
            $"nft 'flush chain inet {Table} {chain}; delete chain inet {Table} {chain}'",
            $"if ! nft list table inet {Table} | grep -q 'chain '; then nft delete table inet {Table}; fi")];

    /// <summary>Removes every chain any fault added; what `cmesh chaos clear` runs.</summary>
    public static IReadOnlyList<string> DeleteTable { get; } = ["nft", $"delete table inet {Table}"];

    /// <summary>A chain name nft accepts, from a fault id (s1.2 → cmesh_s1_2).</summary>
    public static string ChainFor(string faultId) => "cmesh_" + new string(faultId.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray());

    private static IEnumerable<string> Rule(string chain, IReadOnlyCollection<string> sources, double? percent) => sources.Count == 0
        ? []
        : [$"add rule inet {Table} {chain} ip saddr {{ {string.Join(", ", sources)} }} {Share(percent)}counter drop"];

    // Drawn in hundredths of a percent, so 0.5% loss is exact.
    private static string Share(double? percent) => percent is { } p
        ? $"numgen random mod 10000 < {Math.Round(p * 100).ToString(CultureInfo.InvariantCulture)} "
        : "";
}
