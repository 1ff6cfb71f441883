using CMesh.Testing;

namespace CMesh.EndToEnd.Tests;

/// <summary>
/// A mesh several tests share, started through the Testcontainers-style API with a fixed run name (so the tests can
/// name its containers) and no time limit; the tests drive it with the CLI. Ending it stops the workload so the peers
/// flush their records, and removes the run even when the stop fails.
/// </summary>
public sealed class SharedMesh(string run, MeshBuilder settings) : IAsyncDisposable
{
    private TestMesh? _mesh;

    public async Task StartAsync()
    {
        new ResultFiles(run).Delete();
        _mesh = settings.WithRunName(run).WithRepository(Shell.RepositoryRoot).WithoutTimeLimit().Build();
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        await _mesh.StartAsync(limit.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_mesh is null)
        {
            return;
        }

        try
        {
            // A test may have removed the run itself (cmesh clean): then there is nothing to stop.
            if ((await Shell.DockerIdsAsync("container", $"label=cmesh.run={run}")).Count > 0)
            {
                using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
                await _mesh.StopAsync(limit.Token);
            }
        }
        finally
        {
            await _mesh.DisposeAsync();
        }
    }
}
