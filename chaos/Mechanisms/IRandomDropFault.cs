
namespace CMesh.Chaos.Mechanisms;

/// <summary>A link fault that nftables can carry as random drops where packets arrive, when its parameters allow.</summary>
public interface IRandomDropFault
{
    /// <summary>The share of packets dropped, or null when the fault needs tc instead.</summary>
    double? DroppedPercent { get; }
}
