
namespace CMesh.Chaos.Mechanisms;

/// <summary>Every interval one target that is up, chosen at random, is killed with a signal and started again after the downtime.</summary>
public interface IChurnFault
{
    TimeSpan Interval { get; }

    TimeSpan Downtime { get; }

    string Signal { get; }
}
