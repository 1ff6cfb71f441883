using System.Runtime.InteropServices;
using CMesh.Docker.Engine;

namespace CMesh.Docker.Results;

/// <summary>The machine a run ran on, so that figures can be compared with their hardware in view.</summary>
public sealed record HostFacts(
    string Hostname,
    int Cpus,
    long MemoryBytes,
    string Os,
    string Kernel,
    string DockerVersion,
    string DockerApiVersion,
    string Clock)
{
    public static HostFacts Collect(EngineVersion engine) => new(
        Environment.MachineName,
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        engine.KernelVersion,
        engine.Version,
        engine.ApiVersion,
        "all containers share the host's CLOCK_REALTIME; timestamps are Unix microseconds");
}
