
namespace CMesh.Chaos.Mechanisms;

/// <summary>The targeted coordinator drops what the peers send it on the control network (nftables).</summary>
public interface ISignalCutFault;
