
namespace CMesh.Docker.Chaos.Injection;

/// <summary>The helpers and the reach (node engines, HTTP client) a session opened on the engine made for itself, let go together.</summary>
internal sealed class OwnedTools(HelperContainers helpers, MeshReach reach) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        try
        {
            await helpers.DisposeAsync();
        }
        finally
        {
            reach.Dispose();
        }
    }
}
