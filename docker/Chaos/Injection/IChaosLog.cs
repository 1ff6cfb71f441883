using CMesh.Chaos.Faults;
using CMesh.Common.Contracts;

namespace CMesh.Docker.Chaos.Injection;

/// <summary>Where a run's fault events are recorded as they happen.</summary>
public interface IChaosLog
{
    /// <summary>Where the events are, to tell the user.</summary>
    string Path { get; }

    /// <param name="beganUnixUs">When the action recorded began (applying or reverting a fault); none for an instant.</param>
    ChaosEvent Record(string @event, string faultId, string kind, string parameters, IEnumerable<string> targets, string mechanism, string detail, long? beganUnixUs = null);

    ChaosEvent Record(string @event, string faultId, FaultSpec fault, IEnumerable<string> targets, string mechanism, string detail, long? beganUnixUs = null) =>
        Record(@event, faultId, fault.Kind.Name, fault.ToString(), targets, mechanism, detail, beganUnixUs);
}
