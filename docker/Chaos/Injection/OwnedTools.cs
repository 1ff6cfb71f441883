
namespace CMesh.Docker.Chaos.Injection;

/// <summary>The helpers and the HTTP client a session opened on the engine made for itself, let go together.</summary>
internal sealed class OwnedTools(HelperContainers helpers, PeerFaultSwitch peerFaults) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        peerFaults.Dispose();
        await helpers.DisposeAsync();
    }
}
