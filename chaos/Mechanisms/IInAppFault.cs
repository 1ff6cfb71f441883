
namespace CMesh.Chaos.Mechanisms;

/// <summary>A fault that lives in each target peer's process, switched on and off through its control server.</summary>
public interface IInAppFault
{
    /// <summary>The switch's name on the peer (/faults/{name}).</summary>
    string Switch { get; }
}
